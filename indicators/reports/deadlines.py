"""Report deadlines, from the plans, and who has reported.

A plan's deadlines (``indicators.models.Deadline``) have a report (``Q1``…``Q4``,
``H1``, ``M9``, ``Y``, ``P`` for the end of the plan, ``ad_hoc``), a direction
(``in``: when the units under it report to its unit; ``out``: when its unit
reports upward) and a date: yearly (month, day) or one-off (``due``). An ``in``
deadline may be limited to the units of one level (Đồng Nai: its districts and
departments, not the communes). A plan that names only some quarters gives the
other quarters the same day of the same month within the quarter. A period a
plan names no deadline for is not required: it has no deadline.

Which deadline a unit's report must meet: its own plan's ``out`` date when its
plan names one (Triệu Sơn to the province by 25/6), else the ``in`` date of the
plan governing its parent (``services.plan_for(parent, period)``) for the
unit's level, walking up the plan's real chain (``plan.parent``) while a plan
names none. Đồng Nai's districts therefore report by Đồng Nai's dates (15/6),
Đồng Nai itself by the ministry's (20/6), and its communes have none (the plan
sets none for them). When no plan covers the period's years (a new plan is not
loaded yet), the most recent plan above still sets the rhythm. The deadline is
the last day on which the report is on time.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import Deadline, Plan, Report
from indicators.periods import parse_period
from indicators.services import plan_for
from places.models import OrgUnit

PERIODIC_KEYS = ("Q1", "Q2", "Q3", "Q4", "H1", "M9", "Y", "P")


def _entries(plan, direction="in", level=None):
    """{key: (month, day) or date} of a plan's periodic deadlines in one direction.

    ``level``: only the ``in`` deadlines that apply to units of that level.
    """
    found = {}
    if plan is None:
        return found
    for deadline in plan.deadlines.all():
        if deadline.direction != direction or deadline.report not in PERIODIC_KEYS:
            continue
        if level is not None and deadline.from_level not in ("", level):
            continue
        if deadline.due is not None:
            found[deadline.report] = deadline.due
        elif deadline.month and deadline.day:
            found[deadline.report] = (deadline.month, deadline.day)
    return found


def _date_in_plan(entries, period):
    """The deadline a plan's entries give the period, or None."""
    year = period.end.year
    key = None
    if period.kind == "quarter":
        quarter = (period.start.month - 1) // 3 + 1
        key = f"Q{quarter}"
        if key not in entries:
            named = sorted(k for k in entries if k[0] == "Q" and isinstance(entries[k], tuple))
            if not named:
                return None
            month, day = entries[named[0]]
            return _safe_date(year, 3 * (quarter - 1) + (month - 1) % 3 + 1, day)
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
    entry = entries[key]
    if isinstance(entry, datetime.date):
        # A one-off date (the end-of-plan report) holds for its own year only.
        return entry if entry.year == year or key == "P" else None
    month, day = entry
    return _safe_date(year, month, day)


def _safe_date(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _plan_receiving(unit: OrgUnit, period, level=None) -> Plan | None:
    """The plan with deadlines for units of ``level`` that governs the reports ``unit`` receives."""
    plan = plan_for(unit, period)
    if plan is None:
        chain = [*unit.ancestors(), unit]
        plans = Plan.objects.filter(org_unit__in=chain).select_related("org_unit")
        plans = [plan for plan in plans if _entries(plan, level=level)]
        plan = max(plans, key=lambda p: (p.last_year, len(p.org_unit.path)), default=None)
    while plan is not None and not _entries(plan, level=level):
        plan = plan.parent
    return plan


def governing_plan(unit: OrgUnit, period) -> Plan | None:
    """The plan whose deadlines a unit's report must meet: the one its parent works under."""
    return _plan_receiving(unit.parent or unit, period, unit.level)


def deadline_for(unit: OrgUnit, period_code: str) -> datetime.date | None:
    """The last day the unit's report for the period is on time; None if none is required."""
    return deadlines_for(unit, [period_code])[period_code]


def _best(plans, unit_ids, period):
    """``services.plan_for`` over plans already fetched: the nearest covering plan."""
    covering = [
        p
        for p in plans
        if p.org_unit_id in unit_ids
        and p.first_year <= period.start.year
        and p.last_year >= period.end.year
    ]
    return max(
        covering,
        key=lambda p: (len(p.org_unit.path), not p.is_stub, p.issued_on or datetime.date.min),
        default=None,
    )


def deadlines_for(unit: OrgUnit, period_codes) -> dict:
    """{code: deadline or None} for many periods of one unit, from one fetch of the plans
    of the unit and the units above it (the rules of ``deadline_for``)."""
    chain_units = [*unit.ancestors(), unit]
    plans = list(
        Plan.objects.filter(org_unit__in=chain_units)
        .select_related("org_unit")
        .prefetch_related("deadlines")
    )
    by_pk = {p.pk: p for p in plans}
    above = {u.pk for u in chain_units if u.pk != unit.pk} or {unit.pk}
    found = {}
    for code in period_codes:
        period = parse_period(code)
        own = _best(plans, {unit.pk}, period)
        due = _date_in_plan(_entries(own, "out"), period) if own else None
        if due is None:
            governing = _best(plans, above, period)
            if governing is None:
                with_dates = [
                    p for p in plans if p.org_unit_id in above and _entries(p, level=unit.level)
                ]
                governing = max(
                    with_dates, key=lambda p: (p.last_year, len(p.org_unit.path)), default=None
                )
            seen = set()
            while (
                governing is not None
                and governing.pk not in seen
                and not _entries(governing, level=unit.level)
            ):
                seen.add(governing.pk)
                parent_id = governing.parent_id
                governing = by_pk.get(parent_id) or (governing.parent if parent_id else None)
            if governing is not None:
                due = _date_in_plan(_entries(governing, level=unit.level), period)
        found[code] = due
    return found


def ad_hoc_requests(unit: OrgUnit, today=None) -> list:
    """The ad-hoc reports asked of ``unit`` and not yet due: each a ``Deadline`` of kind
    ``ad_hoc`` with its own date, set on a plan above the unit (for the unit's level or
    every level) or on the unit's own plan as a report it owes upward."""
    today = today or timezone.localdate()
    above = Q(plan__org_unit__in=unit.ancestors(), direction="in") & Q(
        from_level__in=["", unit.level]
    )
    own = Q(plan__org_unit=unit, direction="out")
    return list(
        Deadline.objects.filter(above | own, report="ad_hoc", due__gte=today)
        .select_related("plan")
        .order_by("due")
    )


def ad_hoc_due_between(first: datetime.date, last: datetime.date) -> list:
    """Every ad-hoc request with a date from ``first`` to ``last``, with its plan's unit (one
    query); ``asks`` says which units owe each (the rule of ``ad_hoc_requests``)."""
    return list(
        Deadline.objects.filter(report="ad_hoc", due__gte=first, due__lte=last)
        .select_related("plan__org_unit")
        .order_by("due", "pk")
    )


def asks(request: Deadline, unit: OrgUnit) -> bool:
    """Whether the ad-hoc ``request`` is asked of ``unit`` (no query; see ``ad_hoc_requests``)."""
    issuer = request.plan.org_unit
    if request.direction == "out":
        return issuer.pk == unit.pk
    return (
        issuer.pk != unit.pk and unit.is_within(issuer) and request.from_level in ("", unit.level)
    )


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
    deadline_of = {}
    for level in {child.level for child in children}:
        plan = _plan_receiving(parent, period, level)
        deadline_of[level] = _date_in_plan(_entries(plan, level=level), period) if plan else None
    own_out = {}
    for plan in Plan.objects.filter(
        org_unit__in=children,
        first_year__lte=period.start.year,
        last_year__gte=period.end.year,
        deadlines__direction="out",
    ).distinct():
        due = _date_in_plan(_entries(plan, "out"), period)
        if due is not None:
            own_out[plan.org_unit_id] = due
    reports = {
        report.org_unit_id: report
        for report in Report.objects.filter(org_unit__in=children, period=period.code)
    }
    status = ReportingStatus(parent=parent, period=period.code, today=today)
    for child in children:
        report = reports.get(child.pk)
        deadline = own_out.get(child.pk) or deadline_of[child.level]
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
