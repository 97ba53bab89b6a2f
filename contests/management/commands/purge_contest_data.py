import json

from django.core.management.base import BaseCommand, CommandError

from contests.models import Contest
from contests.privacy import PurgeRefused, aggregates, purge_contest


class Command(BaseCommand):
    help = (
        "Xoá dữ liệu cá nhân người dự thi của cuộc thi CONTEST (số id hoặc tên) khi kết quả đã "
        "chính thức; giữ số liệu tổng hợp ẩn danh. Chạy lại không thay đổi gì thêm."
    )

    def add_arguments(self, parser):
        parser.add_argument("contest")

    def handle(self, *args, contest, **options):
        found = Contest.objects.filter(pk=int(contest)) if contest.isdigit() else None
        if not found:
            found = Contest.objects.filter(name=contest)
        if found.count() != 1:
            raise CommandError(f"Không tìm thấy đúng một cuộc thi “{contest}”.")
        target = found.get()
        try:
            erased = purge_contest(target)
        except PurgeRefused as refused:
            raise CommandError(refused.message) from None
        target.refresh_from_db()
        self.stdout.write(
            f"Cuộc thi “{target.name}”: đã xoá dữ liệu cá nhân của {erased} người dự thi "
            f"(xoá lần đầu lúc {target.personal_data_purged_at:%Y-%m-%d %H:%M %Z})."
        )
        self.stdout.write(json.dumps(aggregates(target), ensure_ascii=False, default=str))
