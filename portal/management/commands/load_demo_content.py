from django.core.management.base import BaseCommand

from contests.demo import load_demo_contest
from portal.demo import load_home_pages


class Command(BaseCommand):
    help = (
        "Load the demo home page in Vietnamese and, as marked samples, in each minority language."
    )

    def handle(self, *args, **options):
        _home, created = load_home_pages()
        load_demo_contest(_home)
        if created:
            self.stdout.write(f"Demo content: created home pages for {', '.join(created)}.")
        else:
            self.stdout.write("Demo content: already loaded, nothing changed.")
