"""manage.py import_fanpage_figures FILE --user USERNAME [--channel C] [--as-of DATE]."""

import datetime

from django.core.management.base import BaseCommand

from campaigns.fanpage import FanpageChannel
from campaigns.fanpage_imports import import_fanpage_figures
from common.spreadsheets import run_command


class Command(BaseCommand):
    help = (
        "Record fanpage posts' figures (reach, views, reactions, shares, comments) from a CSV "
        "export of Facebook (Meta Business Suite), YouTube Studio, TikTok Studio or Zalo OA. "
        "Rows are matched to published posts by link or post id; rows of other posts are "
        "skipped. All or nothing; a second run with the same date changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the platform's CSV export (or the same as .xlsx)")
        parser.add_argument(
            "--user", required=True, metavar="USERNAME", help="needs campaigns.change_fanpagepost"
        )
        parser.add_argument(
            "--channel", choices=FanpageChannel.values, help="default: told by the columns"
        )
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            help="the date the export was taken (YYYY-MM-DD); default today",
        )

    def handle(self, *args, file, user, channel=None, as_of=None, **options):
        run_command(self, import_fanpage_figures, file, user, channel=channel, as_of=as_of)
