"""A round's results as XLSX for the officers who award the prizes.

Every ranked participant in rank order, with the figures that decided their
place. The full name, phone, birth year, school or workplace and commune are
filled in only for a user holding ``contests.view_participant`` and only for
participants whose commune lies in that user's subtree (a superuser: all);
everyone else sees the masked name the leaderboard shows. Written row by row
(openpyxl's write-only mode) from one streamed query, so 100,000 rows fit.
"""

import io

from django.db.models import BooleanField, Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from common.spreadsheets import safe_row
from contests.models import RankedEntry, Round
from contests.privacy import VIEW_PERMISSION
from places import scope

EXPORT_PERMISSION = "contests.view_contest"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def personal_data_filter(user):
    """True (every row), False (none), or a condition on the entry's participant's commune."""
    if not user.has_perm(VIEW_PERMISSION) or not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    unit = scope.home_unit(user)
    if unit is None:
        return False
    return When(participant__commune__path__startswith=unit.path, then=Value(True))


def result_rows(round_: Round, user):
    """The ranked entries with what this user may see of each participant (a streamed query)."""
    allowed = personal_data_filter(user)
    entries = RankedEntry.objects.filter(round=round_).order_by("rank")
    if allowed is True or allowed is False:
        entries = entries.annotate(personal=Value(allowed, output_field=BooleanField()))
    else:
        entries = entries.annotate(
            personal=Case(allowed, default=Value(False), output_field=BooleanField())
        )
    return entries.values_list(
        "rank",
        "display_name",
        "score",
        "attempt__max_score",
        "attempt__prediction",
        "prediction_distance",
        "duration_ms",
        "submitted_at",
        "personal",
        "participant__full_name",
        "participant__phone",
        "participant__birth_year",
        "participant__school_or_workplace",
        "participant__venue__name",
        "participant__commune__name",
    ).iterator(chunk_size=5000)


def results_workbook(round_: Round, user) -> bytes:
    import openpyxl

    with_personal = personal_data_filter(user) is not False
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Kết quả tuần %(n)d") % {"n": round_.number})
    sheet.append(
        safe_row(
            [
                _("Cuộc thi: %(name)s") % {"name": round_.contest.name},
                _("Tuần thi %(n)d") % {"n": round_.number},
                _("Số người trả lời đúng tất cả: %(n)s") % {"n": round_.all_correct_count},
            ]
        )
    )
    header = [
        _("Hạng"),
        _("Tên hiển thị"),
        _("Điểm"),
        _("Điểm tối đa"),
        _("Dự đoán"),
        _("Chênh lệch dự đoán"),
        _("Thời gian làm bài (giây)"),
        _("Nộp bài lúc"),
    ]
    if with_personal:
        header += [
            _("Họ và tên"),
            _("Số điện thoại"),
            _("Năm sinh"),
            _("Trường, nơi làm việc"),
            _("Trường, nơi làm việc (trong danh mục)"),
            _("Xã, phường"),
        ]
    sheet.append(header)
    for row in result_rows(round_, user):
        (rank, display, score, max_score, prediction, distance, duration_ms, submitted) = row[:8]
        values = [
            rank,
            display,
            score,
            max_score,
            prediction,
            distance,
            round(duration_ms / 1000, 3),
            timezone.localtime(submitted).replace(tzinfo=None),
        ]
        if with_personal:
            personal = row[8]
            values += list(row[9:]) if personal else [""] * 6
        sheet.append(safe_row(values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(round_: Round) -> str:
    return f"ket_qua_cuoc_thi_{round_.contest_id}_tuan_{round_.number}.xlsx"
