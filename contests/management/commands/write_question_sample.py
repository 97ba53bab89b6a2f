from django.core.management.base import BaseCommand

from contests.samples import SAMPLE_PATH, build_sample


class Command(BaseCommand):
    help = "Ghi tệp mẫu nhập câu hỏi (contests/samples/questions.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(SAMPLE_PATH))
        parser.add_argument(
            "--languages", default="vi,hmn", help="Các ngôn ngữ có cột, cách nhau bằng dấu phẩy."
        )

    def handle(self, *args, output, languages, **options):
        langs = [code.strip() for code in languages.split(",") if code.strip()]
        with open(output, "wb") as handle:
            handle.write(build_sample(langs))
        self.stdout.write(output)
