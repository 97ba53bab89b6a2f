"""manage.py apply_interface_strings: write translators' texts from the admin into the catalogs."""

from django.conf import settings
from django.core.management.base import BaseCommand

from locales.interface_strings import apply_to_catalogs


class Command(BaseCommand):
    help = (
        "Write the interface strings translated and reviewed in the admin into the committed "
        ".po catalogs (reviewed ones flagged 'reviewed'); commit them, then compile_catalogs."
    )

    def handle(self, *args, **options):
        for code, _name in settings.LANGUAGES:
            changed = apply_to_catalogs(code)
            self.stdout.write(f"{code}: {changed} strings written")
