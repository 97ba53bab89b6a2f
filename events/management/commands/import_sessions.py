"""manage.py import_sessions FILE --user USERNAME [--approve]: load sessions from CSV or XLSX."""

from django.core.management.base import BaseCommand

from common.spreadsheets import run_command
from events.imports import import_sessions


class Command(BaseCommand):
    help = (
        "Import outreach sessions from a CSV or XLSX file with the columns client_id, date, "
        "venue_code, commune_code, form, audience, cohort, participants, female, "
        "ethnic_minority, under_18, languages, organizer, note. Every row gets the checks a "
        "volunteer's record gets. All or nothing: with any bad row nothing is saved, every bad "
        "row is printed and the command exits with status 1. Rows already imported are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument(
            "--user",
            required=True,
            metavar="USERNAME",
            help="the importing user: needs events.import_session; rows must lie in their subtree",
        )
        parser.add_argument(
            "--approve",
            action="store_true",
            help="approve the imported sessions (the user needs events.review_session)",
        )

    def handle(self, *args, file, user, approve=False, **options):
        run_command(self, import_sessions, file, user, approve=approve)
