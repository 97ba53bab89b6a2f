"""manage.py load_admin_units [--with-legacy]: load the official list of administrative units."""

import time

from django.core.management.base import BaseCommand

from places.services import load_admin_units


class Command(BaseCommand):
    help = (
        "Load the 34 provinces and 3,321 communes in force since 1 July 2025 from the "
        "vietnam-provinces package, under the country unit VN. Safe to run again: units are "
        "matched on (code, valid_until) and only differences are written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-legacy",
            action="store_true",
            help=(
                "Also load the 63 provinces, 696 districts and 10,051 communes abolished on "
                "1 July 2025 (valid until 2025-06-30), with links to their successors."
            ),
        )

    def handle(self, *args, with_legacy=False, **options):
        started = time.perf_counter()
        report = load_admin_units(with_legacy=with_legacy)
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")
