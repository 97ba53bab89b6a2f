"""The report as a workbook: indicators against targets, child units, sessions, media items.

Written in openpyxl's write-only mode, so a province's year of sessions streams
through without holding every cell in memory.
"""

import io
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from common.spreadsheets import safe_cell
from indicators.periods import parse_period
from indicators.reports import data
from indicators.reports.labels import MET, NOT_MET, verdict_text
from indicators.reports.narrative import plan_basis

# Beyond this many sessions the sheet says how many there were instead of listing them.
SESSION_ROWS_LIMIT = 200_000
PROGRESS_EVERY = 5000

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
MET_FILL = PatternFill("solid", fgColor="DFF0D8")
NOT_MET_FILL = PatternFill("solid", fgColor="F8E0DC")
THIN = Side(style="thin", color="999999")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "DD/MM/YYYY"
ONE_DECIMAL = "0.0"
WHOLE = "#,##0"


def _cell(
    ws, value, *, font=None, fill=None, number_format=None, border=True, wrap=False, formula=False
):
    """One cell; text from the data never becomes a formula (only ``formula=True`` ones do)."""
    cell = WriteOnlyCell(ws, value=value if formula else safe_cell(value))
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if number_format:
        cell.number_format = number_format
    if border:
        cell.border = GRID
    if wrap:
        cell.alignment = WRAP
    return cell


def _header(ws, titles):
    ws.append([_cell(ws, title, font=BOLD, fill=HEADER_FILL, wrap=True) for title in titles])


def _widths(ws, widths):
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _title_block(ws, report, snapshot, final):
    unit, period = snapshot["unit"], snapshot["period"]
    built = datetime.fromisoformat(snapshot["built_at"])
    ws.append(
        [
            _cell(
                ws,
                _("Báo cáo kết quả công tác truyền thông phòng, chống mại dâm %(period)s")
                % {"period": period["label"]},
                font=TITLE,
                border=False,
            )
        ]
    )
    ws.append([_cell(ws, f"{unit['name']} ({unit['code']})", font=BOLD, border=False)])
    plan = snapshot["plan"]
    ws.append(
        [
            _cell(
                ws,
                _("Căn cứ: %(plan)s") % {"plan": plan_basis(plan)}
                if plan
                else _("Đơn vị chưa có kế hoạch: số liệu không có chỉ tiêu để so sánh."),
                border=False,
            )
        ]
    )
    stamp = (_("Số liệu chốt lúc %(time)s") if final else _("Số liệu tính lúc %(time)s")) % {
        "time": f"{timezone.localtime(built):%H:%M %d/%m/%Y}"
    }
    ws.append([_cell(ws, stamp, border=False)])
    ws.append([])


def _indicator_sheet(wb, report, snapshot, final):
    ws = wb.create_sheet(_("Chỉ tiêu"))
    _widths(ws, [6, 22, 46, 12, 12, 12, 12, 12, 36, 18])
    ws.freeze_panes = "A7"
    _title_block(ws, report, snapshot, final)
    _header(
        ws,
        [
            _("STT"),
            _("Mã"),
            _("Chỉ tiêu"),
            _("Tử số"),
            _("Mẫu số"),
            _("Đơn vị tính"),
            _("Kết quả (%)"),
            _("Chỉ tiêu (%)"),
            _("Chỉ tiêu áp dụng cho kỳ (cách ghi trong kế hoạch)"),
            _("Đánh giá"),
        ],
    )
    for index, reading in enumerate(snapshot["readings"], start=1):
        fill = {MET: MET_FILL, NOT_MET: NOT_MET_FILL}.get(reading["verdict"])
        ws.append(
            [
                _cell(ws, index),
                _cell(ws, reading["code"]),
                _cell(ws, reading["name"], wrap=True),
                _cell(ws, reading["numerator"], number_format=WHOLE),
                _cell(ws, reading["denominator"], number_format=WHOLE),
                _cell(ws, reading["counted"]),
                _cell(ws, reading["value"], number_format=ONE_DECIMAL),
                _cell(ws, reading["target"], number_format=ONE_DECIMAL),
                _cell(ws, _target_said(reading), wrap=True),
                _cell(ws, verdict_text(reading["verdict"]), fill=fill),
            ]
        )


def _children_sheet(wb, report, snapshot, final):
    ws = wb.create_sheet(_("Theo đơn vị cấp dưới"))
    names = {reading["code"]: reading["name"] for reading in snapshot["readings"]}
    codes = snapshot["children"]["indicators"]
    _widths(ws, [6, 10, 34, 14, *([16] * len(codes)), 14])
    ws.freeze_panes = "E7"
    _title_block(ws, report, snapshot, final)
    _header(
        ws,
        [
            _("STT"),
            _("Mã"),
            _("Đơn vị"),
            _("Hiệu lực đến"),
            *[f"{names.get(code, code)} (%)" for code in codes],
            _("Số chỉ tiêu đạt"),
        ],
    )
    rows = snapshot["children"]["rows"]
    for index, row in enumerate(rows, start=1):
        until = row["valid_until"]
        cells = [
            _cell(ws, index),
            _cell(ws, row["code"]),
            _cell(ws, row["name"]),
            _cell(
                ws,
                datetime.fromisoformat(until).date() if until else None,
                number_format=DATE_FORMAT,
            ),
        ]
        for value, code in zip(row["values"], row["verdicts"], strict=True):
            fill = {MET: MET_FILL, NOT_MET: NOT_MET_FILL}.get(code)
            cells.append(_cell(ws, value, fill=fill, number_format=ONE_DECIMAL))
        met = row["verdicts"].count(MET)
        judged = met + row["verdicts"].count(NOT_MET)
        cells.append(_cell(ws, f"{met}/{judged}"))
        ws.append(cells)
    if not rows:
        ws.append([_cell(ws, _("Đơn vị không có đơn vị cấp dưới trong kỳ."), border=False)])
    ws.append([])
    ws.append(
        [
            _cell(
                ws,
                _(
                    "Ô trống: không có số liệu. Tô xanh: đạt chỉ tiêu của đơn vị; tô hồng: "
                    "chưa đạt; cột cuối ghi số chỉ tiêu đạt trên số chỉ tiêu được đánh giá."
                ),
                border=False,
            )
        ]
    )


SESSION_COLUMNS = (
    (gettext_lazy("STT"), 6),
    (gettext_lazy("Ngày"), 12),
    (gettext_lazy("Mã xã"), 9),
    (gettext_lazy("Xã, phường"), 26),
    (gettext_lazy("Địa điểm"), 34),
    (gettext_lazy("Hình thức"), 24),
    (gettext_lazy("Đối tượng"), 28),
    (gettext_lazy("Số người tham dự"), 12),
    (gettext_lazy("Nữ"), 10),
    (gettext_lazy("Dân tộc thiểu số"), 12),
    (gettext_lazy("Dưới 18 tuổi"), 12),
)


def _sessions_sheet(wb, report, snapshot, final, progress):
    ws = wb.create_sheet(_("Buổi tuyên truyền"))
    _widths(ws, [width for _title, width in SESSION_COLUMNS])
    ws.freeze_panes = "A7"
    _title_block(ws, report, snapshot, final)
    _header(ws, [str(title) for title, _width in SESSION_COLUMNS])
    total = snapshot["sessions_count"]
    if total > SESSION_ROWS_LIMIT:
        ws.append(
            [
                _cell(
                    ws,
                    _(
                        "%(total)s buổi: quá nhiều để liệt kê trong một trang tính. Xem báo cáo "
                        "của từng đơn vị cấp dưới."
                    )
                    % {"total": total},
                    border=False,
                )
            ]
        )
        return
    first_row = 7
    written = 0
    period = parse_period(snapshot["period"]["code"])
    for written, row in enumerate(data.session_rows(report.org_unit, period), start=1):
        day, code, commune, venue, form, audience, *counts = row
        ws.append(
            [
                _cell(ws, written),
                _cell(ws, day, number_format=DATE_FORMAT),
                _cell(ws, code),
                _cell(ws, commune),
                _cell(ws, venue),
                _cell(ws, form),
                _cell(ws, audience),
                *[_cell(ws, count, number_format=WHOLE) for count in counts],
            ]
        )
        if total and written % PROGRESS_EVERY == 0:
            progress(55 + int(25 * written / total), "xlsx")
    if written:
        last = first_row + written - 1
        ws.append(
            [
                _cell(ws, None),
                _cell(ws, _("Cộng"), font=BOLD),
                *[_cell(ws, None) for _i in range(5)],
                *[
                    _cell(
                        ws,
                        f"=SUM({col}{first_row}:{col}{last})",
                        font=BOLD,
                        number_format=WHOLE,
                        formula=True,
                    )
                    for col in ("H", "I", "J", "K")
                ],
            ]
        )
    else:
        ws.append([_cell(ws, _("Không có buổi tuyên truyền nào được duyệt trong kỳ."))])


MEDIA_COLUMNS = (
    (gettext_lazy("STT"), 6),
    (gettext_lazy("Ngày đăng, phát"), 12),
    (gettext_lazy("Tiêu đề"), 50),
    (gettext_lazy("Cơ quan báo chí, kênh"), 28),
    (gettext_lazy("Loại hình"), 18),
    (gettext_lazy("Cấp"), 14),
    (gettext_lazy("Đơn vị ghi nhận"), 24),
    (gettext_lazy("Đường dẫn"), 40),
)


def _media_sheet(wb, report, snapshot, final):
    ws = wb.create_sheet(_("Tin, bài truyền thông"))
    _widths(ws, [width for _title, width in MEDIA_COLUMNS])
    ws.freeze_panes = "A7"
    _title_block(ws, report, snapshot, final)
    _header(ws, [str(title) for title, _width in MEDIA_COLUMNS])
    period = parse_period(snapshot["period"]["code"])
    written = 0
    for written, row in enumerate(data.media_rows(report.org_unit, period), start=1):
        day, *rest = row
        ws.append(
            [
                _cell(ws, written),
                _cell(ws, day, number_format=DATE_FORMAT),
                *[_cell(ws, value, wrap=index == 0) for index, value in enumerate(rest)],
            ]
        )
    if not written:
        ws.append([_cell(ws, _("Không có tin, bài nào được ghi nhận trong kỳ."))])


def write(report, snapshot, progress=None, final=None) -> bytes:
    """The workbook's bytes. ``final`` stamps the figures as frozen (defaults to the report's)."""
    progress = progress or (lambda percent, stage: None)
    final = report.is_locked if final is None else final
    wb = Workbook(write_only=True)
    _indicator_sheet(wb, report, snapshot, final)
    _children_sheet(wb, report, snapshot, final)
    _sessions_sheet(wb, report, snapshot, final, progress)
    _media_sheet(wb, report, snapshot, final)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _target_said(reading):
    """The target applied to the period, in words, then the plan's own words."""
    rule, wording = reading.get("target_rule", ""), reading.get("target_wording", "")
    if rule and wording:
        return f"{rule} — {wording}"
    if not rule and reading.get("target_elsewhere"):
        return _("Không có chỉ tiêu cho kỳ này; kế hoạch đặt: %(targets)s") % {
            "targets": reading["target_elsewhere"]
        }
    return rule or wording
