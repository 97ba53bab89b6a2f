"""How reports word periods, numbers, dates and verdicts, in Vietnamese as documents write them."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.periods import parse_period

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

# What each indicator's numerator and denominator count.
COUNTED = {
    "communes": gettext_lazy("xã, phường"),
    "communes_regular": gettext_lazy("xã, phường"),
    "press": gettext_lazy("tháng"),
    "press_provincial": gettext_lazy("tháng"),
    "press_district_radio": gettext_lazy("tháng"),
    "press_grassroots": gettext_lazy("tháng"),
    "students": gettext_lazy("người"),
    "students_secondary_vocational": gettext_lazy("người"),
    "iz_workers": gettext_lazy("người"),
    "establishment_workers": gettext_lazy("người"),
    "training": gettext_lazy("cán bộ"),
    "training_province": gettext_lazy("cán bộ"),
    "training_district": gettext_lazy("cán bộ"),
    "training_commune": gettext_lazy("cán bộ"),
    "training_district_commune": gettext_lazy("cán bộ"),
    "inspection": gettext_lazy("cơ sở"),
    "plans": gettext_lazy("đơn vị"),
    "integration": gettext_lazy("đơn vị"),
}

# Verdicts, as stored in a snapshot (stable codes) and as printed.
MET, NOT_MET, NO_DATA, NO_TARGET = "met", "not_met", "no_data", "no_target"


def verdict(value, target) -> str:
    if value is None:
        return NO_DATA
    if target is None:
        return NO_TARGET
    return MET if Decimal(str(value)) >= Decimal(str(target)) else NOT_MET


def verdict_text(code) -> str:
    return {
        MET: _("Đạt"),
        NOT_MET: _("Chưa đạt"),
        NO_DATA: _("Không có số liệu"),
        NO_TARGET: _("Chưa giao chỉ tiêu"),
    }[code]


def period_label(code) -> str:
    """ "6 tháng đầu năm 2025", "quý II năm 2025", "giai đoạn 2021 – 2025"…"""
    period = parse_period(code)
    year = period.start.year
    if period.kind == "month":
        return _("tháng %(month)s năm %(year)s") % {"month": period.start.month, "year": year}
    if period.kind == "quarter":
        return _("quý %(quarter)s năm %(year)s") % {
            "quarter": ROMAN[(period.start.month - 1) // 3],
            "year": year,
        }
    if period.kind == "half":
        if period.start.month == 1:
            return _("6 tháng đầu năm %(year)s") % {"year": year}
        return _("6 tháng cuối năm %(year)s") % {"year": year}
    if period.kind == "nine_months":
        return _("9 tháng đầu năm %(year)s") % {"year": year}
    if period.kind == "year":
        return _("năm %(year)s") % {"year": year}
    return _("giai đoạn %(first)s – %(last)s") % {"first": year, "last": period.end.year}


def number(value, decimals=0) -> str:
    """12.345 and 64,5: Vietnamese separators, whatever the active locale."""
    if value is None:
        return "—"
    value = Decimal(str(value))
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(value) -> str:
    return "—" if value is None else f"{number(value, 1)}%"


def long_date(day) -> str:
    """ "ngày 15 tháng 6 năm 2025", as a document's dateline writes it."""
    return _("ngày %(day)s tháng %(month)s năm %(year)s") % {
        "day": f"{day.day:02d}" if day.day < 10 else day.day,
        "month": f"{day.month:02d}" if day.month < 3 else day.month,
        "year": day.year,
    }


def blank_date(year) -> str:
    """The dateline before signing: the day and month are written in by hand."""
    gap = "\u00a0" * 6  # no-break spaces: the room survives line layout
    return _("ngày%(gap)stháng%(gap)snăm %(year)s") % {"gap": gap, "year": year}


def short_date(day) -> str:
    return "" if day is None else f"{day:%d/%m/%Y}"


# Level words a unit's name starts with; the rest is the place name of the dateline.
_NAME_PREFIXES = (
    "Thành phố ",
    "Tỉnh ",
    "Huyện ",
    "Quận ",
    "Thị xã ",
    "Thị trấn ",
    "Xã ",
    "Phường ",
    "Đặc khu ",
)


def place_name(unit_name) -> str:
    for prefix in _NAME_PREFIXES:
        if unit_name.startswith(prefix):
            return unit_name[len(prefix) :]
    return unit_name
