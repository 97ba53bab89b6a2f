from django.core.management.base import BaseCommand

from portal.samples import withdraw_sample_translations


class Command(BaseCommand):
    help = (
        'Withdraw the "[Bản mẫu – chờ người dịch …]" sample language versions: unpublish the '
        "sample pages, remove sample files and question texts, reduce minority home pages to "
        "their honest shell. A second run changes nothing."
    )

    def handle(self, *args, **options):
        result = withdraw_sample_translations()
        self.stdout.write(str(result))
        for path in result.pages:
            self.stdout.write(f"  unpublished {path}")
