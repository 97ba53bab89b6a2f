"""Reporting periods and their codes.

2025-03     a month            2025-Q2   a quarter
2025-H1     six months         2025-M9   nine months (January to September)
2025        a year             2021-2025 a plan period (whole years)
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _


class InvalidPeriod(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    code: str
    kind: str
    start: date
    end: date

    def months(self):
        """Every (year, month) the period covers, in order."""
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            yield year, month
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def month_count(self):
        return sum(1 for _ in self.months())

    def quarters(self):
        """Every (year, quarter) the period touches, in order (linear in the months)."""
        seen = {}
        for year, month in self.months():
            seen.setdefault((year, (month - 1) // 3 + 1), None)
        return list(seen)

    @property
    def baseline_year(self):
        """Population figures are taken for the period's last year."""
        return self.end.year

    def contains(self, day):
        return self.start <= day <= self.end

    def __str__(self):
        return self.code


ACCEPTED_FORMS = "2025-03, 2025-Q2, 2025-H1, 2025-M9, 2025, 2021-2025"
# What a request may ask for: data starts in 2000, plans reach a few years ahead, and a
# range spans at most two five-year plans.
FIRST_YEAR = 2000
YEARS_AHEAD = 5
MAX_RANGE_YEARS = 10
PATTERN = r"^[0-9]{4}(-([0-9]{2}|[Qq][1-4]|[Hh][12]|[Mm]9|[0-9]{4}))?$"


def _month_end(year, month):
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(code: str) -> Period:
    """The period a code names; InvalidPeriod (naming the accepted forms) otherwise."""
    code = (code or "").strip().upper()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})", code):
            year, month = int(m[1]), int(m[2])
            return Period(code, "month", date(year, month, 1), _month_end(year, month))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", code):
            year, quarter = int(m[1]), int(m[2])
            first = 3 * quarter - 2
            return Period(code, "quarter", date(year, first, 1), _month_end(year, first + 2))
        if m := re.fullmatch(r"(\d{4})-H([12])", code):
            year, half = int(m[1]), int(m[2])
            first = 1 if half == 1 else 7
            return Period(code, "half", date(year, first, 1), _month_end(year, first + 5))
        if m := re.fullmatch(r"(\d{4})-M9", code):
            year = int(m[1])
            return Period(code, "nine_months", date(year, 1, 1), date(year, 9, 30))
        if m := re.fullmatch(r"(\d{4})", code):
            year = int(m[1])
            return Period(code, "year", date(year, 1, 1), date(year, 12, 31))
        if m := re.fullmatch(r"(\d{4})-(\d{4})", code):
            first, last = int(m[1]), int(m[2])
            if first <= last:
                return Period(code, "plan", date(first, 1, 1), date(last, 12, 31))
    except ValueError:
        pass
    raise InvalidPeriod(
        _("Mã kỳ “%(code)s” không hợp lệ. Các dạng được chấp nhận: %(forms)s.")
        % {"code": code, "forms": ACCEPTED_FORMS}
    )


def parse_bounded_period(code: str, today: date | None = None) -> Period:
    """``parse_period`` for input from outside: years from 2000 to a few years ahead, and a
    range of at most ten years; InvalidPeriod naming the bounds otherwise."""
    period = parse_period((code or "")[:20])
    last_year = (today or date.today()).year + YEARS_AHEAD
    if period.start.year < FIRST_YEAR or period.end.year > last_year:
        raise InvalidPeriod(
            _("Kỳ phải nằm trong các năm %(first)d–%(last)d.")
            % {"first": FIRST_YEAR, "last": last_year}
        )
    if period.end.year - period.start.year + 1 > MAX_RANGE_YEARS:
        raise InvalidPeriod(_("Một kỳ dài tối đa %(years)d năm.") % {"years": MAX_RANGE_YEARS})
    return period


def periods_containing(day: date, plan_years=None):
    """The codes of the periods that include ``day``: what to refresh when it changes."""
    year, month = day.year, day.month
    codes = [
        f"{year}-{month:02d}",
        f"{year}-Q{(month - 1) // 3 + 1}",
        f"{year}-H{1 if month <= 6 else 2}",
        str(year),
    ]
    if month <= 9:
        codes.append(f"{year}-M9")
    for first, last in plan_years or ():
        if first <= year <= last:
            codes.append(f"{first}-{last}")
    return codes
