"""manage.py import_users FILE --user USERNAME: create accounts from CSV or XLSX."""

from django.core.management.base import BaseCommand

from common.spreadsheets import run_command
from places.user_imports import import_users


class Command(BaseCommand):
    help = (
        "Create volunteers, reviewers and officers from a CSV or XLSX file with the columns "
        "username, full_name, email, phone, unit_code, role, each with their home unit and "
        "role, and e-mail each a link to set their password. All or nothing: with any bad "
        "row nothing is saved, every bad row is printed and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument(
            "--user",
            required=True,
            metavar="USERNAME",
            help="the importer: needs auth.add_user; units in their subtree, roles below theirs",
        )

    def handle(self, *args, file, user, **options):
        run_command(self, import_users, file, user)
