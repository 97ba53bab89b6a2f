from django.core.management.base import BaseCommand, CommandError

from contests import join_codes
from contests.models import Contest, JoinCode
from places.models import Venue


class Command(BaseCommand):
    help = (
        "Cấp mã tham gia cho một lớp hoặc ca làm việc của trường, nơi làm việc VENUE (mã địa "
        "điểm) trong cuộc thi CONTEST (số id), để in và phát; hoặc đổi mã cũ bằng --rotate. "
        "Chỉ bài dự thi có mã tham gia (và số điện thoại đã xác minh) được tính vào chỉ tiêu."
    )

    def add_arguments(self, parser):
        parser.add_argument("contest", type=int)
        parser.add_argument("venue", nargs="?", help="mã địa điểm (places.Venue.code)")
        parser.add_argument("--label", default="", help="lớp hoặc ca, ví dụ 10A1")
        parser.add_argument("--uses", type=int, default=50, help="số người được dùng mã")
        parser.add_argument("--rotate", metavar="CODE", help="đổi mã này (mã cũ hết hiệu lực)")

    def handle(self, *args, contest, venue, label, uses, rotate, **options):
        found = Contest.objects.filter(pk=contest).first()
        if found is None:
            raise CommandError(f"Không tìm thấy cuộc thi số {contest}.")
        if rotate:
            old = JoinCode.objects.filter(contest=found, code=join_codes.normalise(rotate)).first()
            if old is None:
                raise CommandError(f"Không tìm thấy mã tham gia “{rotate}” của cuộc thi này.")
            code = join_codes.rotate(old)
        else:
            place = Venue.objects.filter(code=venue or "").first()
            if place is None:
                raise CommandError(f"Không tìm thấy địa điểm có mã “{venue}”.")
            if not 1 <= uses <= 100_000:
                raise CommandError("Số người được dùng mã phải từ 1 đến 100.000.")
            code = join_codes.issue(found, place, label, uses)
        self.stdout.write(
            f"{code.code}\t{code.venue.name}\t{code.label}\t"
            f"{code.max_uses - code.uses} lượt còn lại"
        )
