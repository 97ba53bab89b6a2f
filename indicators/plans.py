"""Plans as documents: loading the seeds, what applies to a unit, and starting the next period.

``load_seed_plans`` writes ``indicators.seed_plans`` into the database (a reload
keeps an officer's edits of targets and deadlines); ``plans_applying`` is the
unit's plan and each one it implements, as ``manage.py plans`` prints them;
``copy_plan`` starts the next period's plan from the last one.
"""

import datetime

from django.db import transaction

from indicators.models import Deadline, Plan, Target
from indicators.seed_plans import PLANS, STUBS
from places.models import OrgUnit


def _unit(code, first_year):
    return (
        OrgUnit.objects.filter(code=code)
        .valid_on(datetime.date(first_year, 1, 1))
        .order_by("-valid_until")
        .first()
    )


# The targets the first seed loader gave each plan, as bare percentages on any period
# (before targets had kinds): removed on reload unless an officer changed their value.
FIRST_LOAD = {
    "national": [
        ("communes", "", 70), ("communes_regular", "", 70), ("press", "", 100),
        ("establishment_workers", "", 70), ("iz_workers", "", 60), ("students", "", 70),
        ("plans", "", 100), ("integration", "", 50), ("training", "province", 70),
        ("training", "district", 50), ("training", "commune", 50), ("inspection", "", 20),
    ],
    "hung_yen": [
        ("communes", "", 90), ("communes_regular", "", 90), ("establishment_workers", "", 80),
        ("iz_workers", "", 70), ("students", "", 80), ("plans", "", 100),
        ("integration", "", 100), ("inspection", "", 50),
    ],
    "dong_nai": [
        ("communes", "", 100), ("communes_regular", "", 100), ("press", "", 100),
        ("plans", "", 100), ("integration", "", 100),
    ],
    "trieu_son": [
        ("communes", "", 80), ("communes_regular", "", 80), ("establishment_workers", "", 70),
        ("iz_workers", "", 60), ("students", "", 70), ("plans", "", 100),
        ("integration", "", 60), ("training", "district", 70), ("training", "commune", 50),
        ("inspection", "", 20),
    ],
    "tuyen_quang": [
        ("communes", "", 100), ("communes_regular", "", 100), ("training", "", 100),
    ],
}  # fmt: skip


# The deadlines the first loader gave (every seed plan the ministry's 20/6 and 20/12,
# Đồng Nai its dates for every unit): moved to rows by migration 0003, without wording.
FIRST_LOAD_DEADLINES = {
    "national": [("H1", 6, 20), ("Y", 12, 20)],
    "hung_yen": [("H1", 6, 20), ("Y", 12, 20)],
    "dong_nai": [("Q1", 3, 15), ("H1", 6, 15), ("M9", 9, 15), ("Y", 12, 15)],
    "trieu_son": [("H1", 6, 20), ("Y", 12, 20)],
    "tuyen_quang": [("H1", 6, 20), ("Y", 12, 20)],
}


# The targets the loader put on the generic indicators before the plans' own variants existed
# (indicator, level, kind, every, value, until): moved on reload to the indicator the seed
# names (``seed_plans``), unless an officer changed the figure.
_END_2025 = datetime.date(2025, 12, 31)
GENERIC_LOAD = {
    "national": [
        ("training", "province", "by_date", "", 70, _END_2025),
        ("training", "district", "by_date", "", 50, _END_2025),
        ("training", "commune", "by_date", "", 50, _END_2025),
    ],
    "hung_yen": [("press", "", "change", "", None, None)],
    "dong_nai": [("press", "", "each_period", "month", 100, None)],
    "trieu_son": [
        ("press", "", "change", "", None, None),
        ("students", "", "by_date", "", 70, _END_2025),
        ("training", "district", "by_date", "", 70, _END_2025),
        ("training", "commune", "by_date", "", 50, _END_2025),
    ],
}


def _drop_generic_targets(plan, key):
    for indicator, level, kind, every, value, until in GENERIC_LOAD.get(key, ()):
        Target.objects.filter(
            plan=plan,
            indicator=indicator,
            level=level,
            kind=kind,
            every=every,
            until=until,
            **({"value__isnull": True} if value is None else {"value": value}),
        ).delete()


def _drop_first_load_targets(plan, key):
    for report, month, day in FIRST_LOAD_DEADLINES.get(key, ()):
        Deadline.objects.filter(
            plan=plan,
            report=report,
            direction="in",
            month=month,
            day=day,
            from_level="",
            wording="",
        ).delete()
    for indicator, level, value in FIRST_LOAD.get(key, ()):
        Target.objects.filter(
            plan=plan, indicator=indicator, level=level, value=value, kind="each_period", every=""
        ).delete()


@transaction.atomic
def load_seed_plans():
    """(loaded {key: plan}, skipped [name]); idempotent."""
    loaded, skipped = {}, []
    for spec in [*STUBS, *PLANS]:
        unit = _unit(spec["unit_code"], spec["first_year"])
        if unit is None:
            skipped.append(spec["name"])
            continue
        plan, _created = Plan.objects.update_or_create(
            org_unit=unit,
            document_number=spec["document_number"],
            first_year=spec["first_year"],
            defaults={
                "name": spec["name"],
                "form": spec["form"],
                "issuer": spec["issuer"],
                "issued_on": spec["issued_on"],
                "legal_bases": "\n".join(spec.get("legal_bases", ())),
                "is_stub": spec in STUBS,
                "level": unit.level,
                "last_year": spec["last_year"],
                "parent": loaded.get(spec["parent"]),
            },
        )
        loaded[spec["key"]] = plan
        _drop_first_load_targets(plan, spec["key"])
        _drop_generic_targets(plan, spec["key"])
        # Officers edit targets and deadlines in the admin; a reload adds only what is missing.
        for target in spec.get("targets", ()):
            values = {key: target.get(key) for key in ("value", "low", "high", "wording")}
            Target.objects.get_or_create(
                plan=plan,
                indicator=target["indicator"],
                level=target.get("level", ""),
                kind=target["kind"],
                every=target.get("every", ""),
                year=target.get("year"),
                until=target.get("until"),
                defaults={k: v for k, v in values.items() if v is not None},
            )
        for deadline in spec.get("deadlines", ()):
            Deadline.objects.get_or_create(
                plan=plan,
                report=deadline["report"],
                direction=deadline["direction"],
                from_level=deadline.get("from_level", ""),
                defaults={
                    "month": deadline.get("month"),
                    "day": deadline.get("day"),
                    "due": deadline.get("due"),
                    "wording": deadline.get("wording", ""),
                },
            )
    return loaded, skipped


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def target_json(target) -> dict:
    """A target as ``manage.py plans --json`` prints it (issue 10, item 6)."""
    out = {"indicator": target.indicator, "kind": target.kind}
    if target.level:
        out["level"] = target.level
    if target.kind == "each_period" and target.every:
        out["every"] = target.every
    if target.low is not None or target.high is not None or target.kind == "range":
        out["low"], out["high"] = _number(target.low), _number(target.high)
    else:
        out["value"] = _number(target.value)
    if target.until is not None:
        out["until"] = target.until.isoformat()
    if target.year is not None:
        out["year"] = target.year
    return out


def deadline_json(deadline) -> dict:
    return {
        "report": deadline.report,
        "direction": deadline.direction,
        "due": deadline.due_code,
    }


def plan_json(plan) -> dict:
    return {
        "number": plan.document_number or None,
        "form": plan.form,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "parent": (plan.parent.document_number or None) if plan.parent_id else None,
        "period": plan.period_code,
        "targets": [target_json(t) for t in plan.targets.all()],
        "deadlines": [deadline_json(d) for d in plan.deadlines.all()],
    }


def plans_applying(unit: OrgUnit, period=None) -> list:
    """The unit's plan (the nearest one at or above it), then each plan it implements.

    With a period, the plan covering it (``services.plan_for``); without, the
    most recent plan at the nearest unit that has one.
    """
    from indicators.services import plan_chain, plan_for

    if period is not None:
        plan = plan_for(unit, period)
    else:
        chain = [*unit.ancestors(), unit]
        plans = Plan.objects.filter(org_unit__in=chain).select_related("org_unit")
        plan = max(
            plans,
            key=lambda p: (len(p.org_unit.path), p.last_year, not p.is_stub),
            default=None,
        )
    return plan_chain(plan)


def last_plan(unit: OrgUnit):
    """The most recent plan issued by the unit or the nearest unit above it that issued one."""
    chain = [*unit.ancestors(), unit]
    plans = Plan.objects.filter(org_unit__in=chain, is_stub=False).select_related("org_unit")
    return max(plans, key=lambda p: (len(p.org_unit.path), p.last_year), default=None)


def _shift_date(day, years):
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def copy_plan(plan: Plan, first_year: int | None = None) -> Plan:
    """Start the next period's plan from ``plan``: same unit, form and targets, deadlines,
    years moved on by the plan's length; number, date and the document it implements
    left empty for the officer to fill in from the new text."""
    length = plan.last_year - plan.first_year + 1
    first_year = first_year or plan.last_year + 1
    shift = first_year - plan.first_year
    last_year = first_year + length - 1
    name = plan.name.replace(plan.period_code, f"{first_year}-{last_year}")
    name = name.replace(f"{plan.first_year} - {plan.last_year}", f"{first_year} - {last_year}")
    copy = Plan.objects.create(
        name=name,
        form=plan.form,
        document_number="",
        issuer=plan.issuer,
        issued_on=None,
        legal_bases="",
        is_stub=False,
        level=plan.level,
        org_unit=plan.org_unit,
        first_year=first_year,
        last_year=last_year,
        parent=None,
    )
    Target.objects.bulk_create(
        Target(
            plan=copy,
            indicator=t.indicator,
            level=t.level,
            kind=t.kind,
            every=t.every,
            value=t.value,
            low=t.low,
            high=t.high,
            until=_shift_date(t.until, shift),
            year=t.year + shift if t.year else None,
            wording=t.wording,
        )
        for t in plan.targets.all()
    )
    Deadline.objects.bulk_create(
        Deadline(
            plan=copy,
            report=d.report,
            direction=d.direction,
            month=d.month,
            day=d.day,
            due=_shift_date(d.due, shift),
            from_level=d.from_level,
            wording=d.wording,
        )
        for d in plan.deadlines.all()
        if d.report != "ad_hoc" or d.due is None
    )
    return copy
