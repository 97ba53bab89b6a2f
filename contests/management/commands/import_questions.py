from django.core.management.base import BaseCommand, CommandError

from contests.imports import import_file
from contests.models import QuestionBank


class Command(BaseCommand):
    help = (
        "Nhập câu hỏi từ tệp XLSX (hoặc CSV UTF-8) vào bộ câu hỏi BANK (tên hoặc số id; "
        "chưa có thì tạo mới). Một dòng lỗi thì không lưu gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("bank")
        parser.add_argument("file")

    def handle(self, *args, bank, file, **options):
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {file}: {error}") from None
        target = QuestionBank.objects.filter(pk=int(bank)).first() if bank.isdigit() else None
        created = False
        if target is None:
            target, created = QuestionBank.objects.get_or_create(name=bank)
        result = import_file(target, data, file)
        if not result.ok:
            if created:
                target.delete()
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(result.summary())
        self.stdout.write(
            f"{result.summary()} Bộ câu hỏi “{target.name}”: "
            f"{result.details['created']} câu mới, {result.details['updated']} câu được sửa."
        )
