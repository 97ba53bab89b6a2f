"""Figures against targets, as officers, the command line and the API read them."""

import datetime
from dataclasses import dataclass

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from indicators import engine, freshness
from indicators.definitions import BY_CODE, INDICATORS
from indicators.models import IndicatorResult, Plan, Target
from indicators.periods import parse_period, periods_containing
from places.models import OrgUnit


class UnknownUnit(ValueError):
    pass


@dataclass
class Reading:
    code: str
    name: str
    value: object
    numerator: object
    denominator: object
    target: object
    target_wording: str
    target_plan: Plan | None
    met: bool | None
    details: dict
    rule: object

    def as_json(self):
        def number(value):
            return None if value is None else float(value)

        return {
            "code": self.code,
            "name": str(self.name),
            "value": number(self.value),
            "numerator": number(self.numerator),
            "denominator": number(self.denominator),
            "target": number(self.target),
            "met": self.met,
            "target_plan": str(self.target_plan) if self.target_plan else None,
        }


def find_unit(code: str, on: datetime.date | None = None) -> OrgUnit:
    """The unit with this code in force on ``on`` (else the open-ended one, else the latest)."""
    units = OrgUnit.objects.filter(code=code.strip())
    if on is not None:
        in_force = units.valid_on(on).order_by("-valid_until").first()
        if in_force is not None:
            return in_force
    unit = units.filter(valid_until__isnull=True).first() or units.order_by("-valid_until").first()
    if unit is None:
        raise UnknownUnit(
            _("Không có đơn vị mã “%(code)s”. Mã tỉnh có 2 chữ số (ví dụ 08), mã xã có 5 chữ số.")
            % {"code": code}
        )
    return unit


def plan_for(unit: OrgUnit, period) -> Plan | None:
    """The nearest plan above (or of) the unit whose years cover the period."""
    chain = [*unit.ancestors(), unit]
    plans = Plan.objects.filter(
        org_unit__in=chain, first_year__lte=period.start.year, last_year__gte=period.end.year
    ).select_related("org_unit")
    return max(plans, key=lambda plan: len(plan.org_unit.path), default=None)


def targets_for(plan: Plan | None, level: str):
    """Each indicator's target for a unit of ``level``: from the plan, else the plans above.

    A target set for the unit's level wins over one set for every level.
    """
    found = {}
    while plan is not None:
        targets = Target.objects.filter(plan=plan, level__in=[level, ""]).order_by("-level")
        for target in targets:
            found.setdefault(target.indicator, (target, plan))
        plan = plan.parent
    return found


def ensure_fresh(unit: OrgUnit, period):
    """Recompute when results are missing or stale for this unit and period."""
    results = IndicatorResult.objects.filter(org_unit=unit, period=period.code)
    if results.count() < len(INDICATORS) or results.filter(stale=True).exists():
        engine.refresh(unit, period)


def readings(unit: OrgUnit, period_code: str, plan: Plan | None = None) -> list[Reading]:
    """Every indicator's stored figure for the unit and period, against its target."""
    period = parse_period(period_code)
    ensure_fresh(unit, period)
    stored = {
        result.indicator: result
        for result in IndicatorResult.objects.filter(org_unit=unit, period=period.code)
    }
    plan = plan or plan_for(unit, period)
    targets = targets_for(plan, unit.level)
    out = []
    for indicator in INDICATORS:
        result = stored[indicator.code]
        target, target_plan = targets.get(indicator.code, (None, None))
        target_value = target.value if target else None
        met = None
        if target_value is not None and result.value is not None:
            met = result.value >= target_value
        out.append(
            Reading(
                code=indicator.code,
                name=indicator.name,
                value=result.value,
                numerator=result.numerator,
                denominator=result.denominator,
                target=target_value,
                target_wording=target.wording if target else "",
                target_plan=target_plan,
                met=met,
                details=result.details,
                rule=BY_CODE[indicator.code],
            )
        )
    return out


def note_change(payload):
    """A session was approved or unlocked: its units' results for its periods are stale."""
    unit = OrgUnit.objects.filter(pk=payload["org_unit_id"]).first()
    if unit is None:
        return
    year, month = (int(part) for part in payload["month"].split("-"))
    plan_years = Plan.objects.values_list("first_year", "last_year").distinct()
    codes = periods_containing(datetime.date(year, month, 1), plan_years)
    unit_ids = [*unit.ancestors().values_list("id", flat=True), unit.pk]
    # The approval marked the figures as it committed (``places.freshness``); this outbox
    # round catches what that missed, leaving alone figures computed since the change.
    changed_at = parse_datetime(payload["at"]) if payload.get("at") else None
    if engine.mark_stale(unit_ids, codes, changed_at=changed_at):
        freshness.log_change(unit_ids, codes)
        freshness.schedule_refresh()
