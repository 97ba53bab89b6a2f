"""manage.py import_venues FILE --user USERNAME: load the venue registry from CSV or XLSX."""

from django.core.management.base import BaseCommand

from common.spreadsheets import run_command
from places.imports import import_venues


class Command(BaseCommand):
    help = (
        "Create or update venues (by code) and their population baseline per year from a CSV "
        "or XLSX file with the columns code, name, kind, commune_code, year, population, "
        "female, ethnic_minority, source (optional: establishment_type, address, latitude, "
        "longitude, as_of). All or nothing: with any bad row nothing is saved, every bad row "
        "is printed and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument(
            "--user",
            required=True,
            metavar="USERNAME",
            help="the importing user: needs places.add_venue; rows must lie in their subtree",
        )

    def handle(self, *args, file, user, **options):
        run_command(self, import_venues, file, user)
