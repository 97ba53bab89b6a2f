"""Figures against targets, as officers, the command line and the API read them."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from indicators import engine, freshness
from indicators import targets as target_rules
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
    # The kind of the target applied ("" when none applies) and the target in words;
    # ``elsewhere``: the plan's targets for the indicator that hold for other periods.
    target_kind: str = ""
    target_rule: str = ""
    elsewhere: str = ""

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
            "target_kind": self.target_kind or None,
            "target_rule": self.target_rule,
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
    """The nearest plan of the unit or above it whose years cover the period.

    A loaded plan wins over a stub at the same unit (808/QĐ-LĐTBXH over the
    1629/QĐ-TTg it implements), then the most recently issued.
    """
    chain = [*unit.ancestors(), unit]
    plans = Plan.objects.filter(
        org_unit__in=chain, first_year__lte=period.start.year, last_year__gte=period.end.year
    ).select_related("org_unit")
    return max(
        plans,
        key=lambda plan: (
            len(plan.org_unit.path),
            not plan.is_stub,
            plan.issued_on or datetime.date.min,
        ),
        default=None,
    )


def plan_chain(plan: Plan | None) -> list[Plan]:
    """The plan and each plan it implements, nearest first (stubs included)."""
    chain, seen = [], set()
    while plan is not None and plan.pk not in seen:
        seen.add(plan.pk)
        chain.append(plan)
        plan = plan.parent
    return chain


def chain_targets(plan: Plan | None) -> list[tuple[Plan, list[Target]]]:
    """[(plan, its targets)] along the plan's chain: one query for the targets."""
    chain = plan_chain(plan)
    targets = {}
    for target in Target.objects.filter(plan__in=chain):
        targets.setdefault(target.plan_id, []).append(target)
    return [(p, targets.get(p.pk, [])) for p in chain]


def targets_for(plan: Plan | None, level: str, period):
    """{indicator: (target, plan)}: the target that applies to ``period`` for a unit of ``level``.

    Taken from the plan, else from the plans it implements (its real chain, as
    its text names it); see ``indicators.targets`` for which kind applies when.
    """
    return target_rules.pick(chain_targets(plan), level, period)


def is_canonical(period) -> bool:
    """Whether results for the period are kept: a month, quarter, half, nine months, year, or
    the years of a plan. Any other range is computed for the reader and not stored, so
    reading arbitrary periods cannot grow the results table."""
    if period.kind != "plan":
        return True
    return Plan.objects.filter(first_year=period.start.year, last_year=period.end.year).exists()


def computed_results(unit: OrgUnit, period) -> dict:
    """The unit's results for the period, computed now and not stored (unsaved rows)."""
    _tree, figures = engine.compute(unit, period)
    now = timezone.now()
    return {
        code: IndicatorResult(
            indicator=code,
            org_unit=unit,
            period=period.code,
            numerator=by_unit[unit.pk].numerator,
            denominator=by_unit[unit.pk].denominator,
            value=by_unit[unit.pk].value,
            details=by_unit[unit.pk].details,
            computed_at=now,
        )
        for code, by_unit in figures.items()
    }


def ensure_fresh(unit: OrgUnit, period):
    """Recompute when results are missing or stale for this unit and period."""
    results = IndicatorResult.objects.filter(org_unit=unit, period=period.code)
    if results.count() < len(INDICATORS) or results.filter(stale=True).exists():
        # The unit and its children: what its dashboard reads (units further down are
        # computed when someone opens them, and every night).
        engine.refresh(unit, period, depth=1)


def readings(unit: OrgUnit, period_code: str, plan: Plan | None = None) -> list[Reading]:
    """Every indicator's stored figure for the unit and period, against its target."""
    period = parse_period(period_code)
    if is_canonical(period):
        ensure_fresh(unit, period)
        stored = {
            result.indicator: result
            for result in IndicatorResult.objects.filter(org_unit=unit, period=period.code)
        }
    else:
        stored = computed_results(unit, period)
    plan = plan or plan_for(unit, period)
    chain = chain_targets(plan)
    applied = target_rules.pick(chain, unit.level, period)
    out = []
    for indicator in INDICATORS:
        result = stored[indicator.code]
        target, target_plan = applied.get(indicator.code, (None, None))
        elsewhere = target_rules.others(chain, unit.level, indicator.code, target)
        out.append(
            Reading(
                code=indicator.code,
                name=indicator.name,
                value=result.value,
                numerator=result.numerator,
                denominator=result.denominator,
                target=target_rules.threshold(target),
                target_wording=target.wording if target else "",
                target_plan=target_plan,
                met=target_rules.met(target, result.value),
                details=result.details,
                rule=BY_CODE[indicator.code],
                target_kind=target.kind if target else "",
                target_rule=target.describe() if target else "",
                elsewhere="; ".join(t.describe() for t in elsewhere),
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
        freshness.schedule_refresh(unit_ids, codes)
