"""Report deadlines, from the plans, and who has reported.

A plan's ``report_deadlines`` is a list of ``[period, month, day]``: ``"Q1"``…
``"Q4"``, ``"H1"``, ``"H2"``, ``"M9"``, ``"Y"``, or ``"P"`` for the plan period
(its last year); ``["Q", 3, 15]`` means the 15th of each quarter's third month.
A plan that names only some quarters (Đồng Nai lists ``["Q1", 3, 15]``: "before
the 15th of the quarter's last month") gives the other quarters the same day of
the same month within the quarter. A period a plan names no deadline for is not
required: it has no deadline.

Which plan: a unit reports to the unit above it, under the plan that governs
that unit, so a unit's deadlines come from the nearest plan at or above its
parent (``services.plan_for(parent, period)``), walking up ``plan.parent`` while
a plan names no deadlines. Đồng Nai's districts therefore report by Đồng Nai's
dates (15/6) and Đồng Nai itself by the ministry's (20/6). When no plan covers
the period's years (a new plan is not loaded yet), the most recent plan above
still sets the rhythm. The deadline is the last day on which the report is on
time.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import Plan, Report
from indicators.periods import parse_period
from indicators.services import plan_for
from places.models import OrgUnit


def _entries(plan):
    """{key: (month, day)} of a plan's well-formed deadline entries."""
    found = {}
    for entry in plan.report_deadlines or ():
        try:
            key, month, day = entry
            found[str(key).upper()] = (int(month), int(day))
        except (TypeError, ValueError):
            continue
    return found


def _date_in_plan(entries, period):
    """The deadline a plan's entries give the period, or None."""
    year = period.end.year
    key = None
    if period.kind == "quarter":
        quarter = (period.start.month - 1) // 3 + 1
        key = f"Q{quarter}"
        if key not in entries:
            generic = entries.get("Q")
            if generic is None:
                named = sorted(k for k in entries if len(k) == 2 and k[0] == "Q" and k[1] in "1234")
                if named:
                    month, day = entries[named[0]]
                    generic = ((month - 1) % 3 + 1, day)
            if generic is None:
                return None
            month_in_quarter, day = generic
            return _safe_date(year, 3 * (quarter - 1) + month_in_quarter, day)
    elif period.kind == "half":
        key = "H1" if period.start.month == 1 else "H2"
    elif period.kind == "nine_months":
        key = "M9"
    elif period.kind == "year":
        key = "Y"
    elif period.kind == "plan":
        key = "P"
    if key not in entries:
        return None
    month, day = entries[key]
    return _safe_date(year, month, day)


def _safe_date(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _plan_receiving(unit: OrgUnit, period) -> Plan | None:
    """The plan with deadlines that governs the reports ``unit`` receives (see the docstring)."""
    plan = plan_for(unit, period)
    if plan is None:
        chain = [*unit.ancestors(), unit]
        plans = Plan.objects.filter(org_unit__in=chain).select_related("org_unit")
        plans = [plan for plan in plans if _entries(plan)]
        plan = max(plans, key=lambda p: (p.last_year, len(p.org_unit.path)), default=None)
    while plan is not None and not _entries(plan):
        plan = plan.parent
    return plan


def governing_plan(unit: OrgUnit, period) -> Plan | None:
    """The plan whose deadlines a unit's report must meet: the one its parent works under."""
    return _plan_receiving(unit.parent or unit, period)


def deadline_for(unit: OrgUnit, period_code: str) -> datetime.date | None:
    """The last day the unit's report for the period is on time; None if none is required."""
    period = parse_period(period_code)
    plan = governing_plan(unit, period)
    return _date_in_plan(_entries(plan), period) if plan else None


def deadlines_for(unit: OrgUnit, period_codes) -> dict:
    """{code: deadline or None} for many periods of one unit, one plan lookup per span of years."""
    plans, found = {}, {}
    for code in period_codes:
        period = parse_period(code)
        years = (period.start.year, period.end.year)
        if years not in plans:
            plans[years] = governing_plan(unit, period)
        plan = plans[years]
        found[code] = _date_in_plan(_entries(plan), period) if plan else None
    return found


# --- who has reported ---------------------------------------------------------------------
SUBMITTED, SUBMITTED_LATE, LATE, DUE, NO_DEADLINE = (
    "submitted",
    "submitted_late",
    "late",
    "due",
    "no_deadline",
)
STATE_LABELS = {
    SUBMITTED: lambda: _("Đã gửi"),
    SUBMITTED_LATE: lambda: _("Đã gửi, muộn hạn"),
    LATE: lambda: _("Quá hạn, chưa gửi"),
    DUE: lambda: _("Chưa đến hạn"),
    NO_DEADLINE: lambda: _("Chưa gửi (không có hạn)"),
}
# Late first: what the parent has to chase.
STATE_ORDER = [LATE, DUE, NO_DEADLINE, SUBMITTED_LATE, SUBMITTED]


@dataclass
class ChildStatus:
    unit: OrgUnit
    state: str
    deadline: datetime.date | None
    report: Report | None
    days_left: int | None

    @property
    def label(self):
        return STATE_LABELS[self.state]()

    @property
    def is_late(self):
        return self.state in (LATE, SUBMITTED_LATE)

    @property
    def submitted_at(self):
        if self.report is None:
            return None
        return self.report.submitted_at or self.report.finalised_at

    @property
    def report_url(self):
        """The submitted report's admin page (the parent may open it); "" otherwise."""
        if self.report is None or not self.report.is_locked:
            return ""
        try:
            return reverse("indicators_report", args=[self.report.pk])
        except NoReverseMatch:  # the admin pages are not registered in this process
            return ""

    @property
    def draft_status(self):
        """The child's unsubmitted report's state, if it has started one."""
        if self.report is None or self.report.is_locked:
            return ""
        return self.report.get_status_display()


@dataclass
class ReportingStatus:
    parent: OrgUnit
    period: str
    today: datetime.date
    rows: list = field(default_factory=list)

    def count(self, *states):
        return sum(1 for row in self.rows if row.state in states)

    @property
    def submitted(self):
        return self.count(SUBMITTED, SUBMITTED_LATE)

    @property
    def late(self):
        return self.count(LATE)

    @property
    def deadlines(self):
        return sorted({row.deadline for row in self.rows if row.deadline})


def children_reporting(parent: OrgUnit, period) -> list[OrgUnit]:
    """The direct children that owe a report for the period: those in force on its last day."""
    return list(OrgUnit.objects.filter(parent=parent).valid_on(period.end).order_by("code", "name"))


def reporting_status(parent: OrgUnit, period_code: str, today=None) -> ReportingStatus:
    """Each child unit in force at the period's end: submitted, late or not yet due.

    A child's deadline comes from the plan governing ``parent``; a report counts
    as submitted once finalised, on time if that day is on or before the deadline.
    """
    period = parse_period(period_code)
    today = today or timezone.localdate()
    children = children_reporting(parent, period)
    plan = _plan_receiving(parent, period)
    deadline = _date_in_plan(_entries(plan), period) if plan else None
    reports = {
        report.org_unit_id: report
        for report in Report.objects.filter(org_unit__in=children, period=period.code)
    }
    status = ReportingStatus(parent=parent, period=period.code, today=today)
    for child in children:
        report = reports.get(child.pk)
        days_left = (deadline - today).days if deadline else None
        if report is not None and report.status in Report.LOCKED:
            sent = timezone.localdate(report.submitted_at or report.finalised_at)
            state = SUBMITTED_LATE if deadline and sent > deadline else SUBMITTED
        elif deadline is None:
            state = NO_DEADLINE
        elif today > deadline:
            state = LATE
        else:
            state = DUE
        status.rows.append(ChildStatus(child, state, deadline, report, days_left))
    status.rows.sort(key=lambda row: STATE_ORDER.index(row.state))
    return status
