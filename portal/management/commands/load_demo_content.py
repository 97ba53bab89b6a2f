from django.core.management.base import BaseCommand

from campaigns.demo import load_campaigns_demo
from campaigns.demo_media import load_media_demo
from contests.demo import load_demo_contest
from events.demo import load_demo_volunteer, login_line
from materials.demo import load_materials
from places.page_ownership import give_unowned_pages_their_units
from portal.demo import load_home_pages


class Command(BaseCommand):
    help = (
        "Load the demo content in Vietnamese, a home page per minority language (no sample "
        "copies), and the demo volunteer with her commune's venues."
    )

    def handle(self, *args, **options):
        home, created = load_home_pages()
        created += load_campaigns_demo(home)
        load_materials(home)
        load_media_demo()
        load_demo_contest(home)
        _volunteer, made = load_demo_volunteer()
        created += made
        give_unowned_pages_their_units()
        if created:
            self.stdout.write(f"Demo content: created {', '.join(created)}.")
        else:
            self.stdout.write("Demo content: already loaded, nothing changed.")
        if line := login_line():
            self.stdout.write(line)
