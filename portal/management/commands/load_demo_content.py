from django.core.management.base import BaseCommand

from campaigns.demo_media import load_media_demo
from portal.demo import load_home_pages


class Command(BaseCommand):
    help = (
        "Load the demo home page in Vietnamese and, as marked samples, in each minority language."
    )

    def handle(self, *args, **options):
        _home, created = load_home_pages()
        if created:
            self.stdout.write(f"Demo content: created home pages for {', '.join(created)}.")
        else:
            self.stdout.write("Demo content: already loaded, nothing changed.")
        load_media_demo()
