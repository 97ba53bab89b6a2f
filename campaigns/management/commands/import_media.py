"""manage.py import_media FILE [--user USERNAME]: load media log items from CSV or XLSX."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from campaigns.media_imports import import_media
from common.spreadsheets import FileRefused, read_file


class Command(BaseCommand):
    help = (
        "Import media log items (press, radio, TV, loudspeaker, social posts) from a CSV or XLSX "
        "file with the columns date, outlet, level, kind, title, url, language, unit_code. All or "
        "nothing: with any bad row nothing is saved, every bad row is printed and the command "
        "exits with status 1. Items already logged (same date, outlet, title and unit) are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="log as this user: needs campaigns.add_mediaitem; units must be in their subtree",
        )

    def handle(self, *args, file, user=None, **options):
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(_("Không có người dùng “%(name)s”.") % {"name": user})
        try:
            table, _data = read_file(file)
            result = import_media(table, user=importer)
        except FileRefused as refused:
            raise CommandError(refused.message) from None
        except PermissionDenied as denied:
            raise CommandError(str(denied)) from None
        except OSError as error:
            raise CommandError(
                _("Không đọc được tệp %(path)s: %(error)s")
                % {"path": file, "error": error.strerror}
            ) from None
        for error in result.errors:
            self.stderr.write(str(error))
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(result.summary())
