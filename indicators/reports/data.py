"""What a report says, built from stored indicator results and the approved records.

``build`` returns a JSON-ready dict (the report's snapshot): the indicator
readings against targets, the breakdown by direct child unit, and the figures
the narrative is prefilled from. It is built with aggregate queries, never a
loop over sessions. The lists of sessions and media items go to the XLSX only
(``session_rows``, ``media_rows``), streamed, and are not kept in the snapshot:
the finalised file keeps them.

Labels are stored already translated: a snapshot is a document as it was written.
"""

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from campaigns.models import MediaChannel, MediaItem, MediaLevel
from events.models import Audience, Form, MaterialHandedOut, Session
from indicators import engine
from indicators.definitions import INDICATORS
from indicators.models import IndicatorResult, Plan
from indicators.periods import parse_period
from indicators.reports.labels import COUNTED, period_label, verdict
from indicators.services import plan_for, readings, targets_for
from indicators.targets import threshold
from places.models import OrgUnit

SNAPSHOT_VERSION = 1


def _number(value):
    return None if value is None else float(value)


def approved_sessions(unit: OrgUnit, period):
    """Approved sessions in the unit's subtree (historical units included) within the period."""
    return Session.objects.approved().filter(
        org_unit__path__startswith=unit.path, date__gte=period.start, date__lte=period.end
    )


def media_items(unit: OrgUnit, period):
    return MediaItem.objects.filter(
        org_unit__path__startswith=unit.path,
        published_on__gte=period.start,
        published_on__lte=period.end,
    )


def children_in_period(unit: OrgUnit, period):
    """Direct children in force at any time during the period (old and new units alike)."""
    return list(
        OrgUnit.objects.filter(parent=unit)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=period.start))
        .order_by("code", "name")
    )


def _plan_json(plan: Plan | None):
    if plan is None:
        return None
    return {
        "id": plan.pk,
        "name": plan.name,
        "document_number": plan.document_number,
        "form": plan.form,
        "form_label": str(plan.get_form_display()),
        "citation": str(plan.citation()),
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "unit": plan.org_unit.name,
    }


def _readings_json(unit, period):
    out = []
    for reading in readings(unit, period.code):
        out.append(
            {
                "code": reading.code,
                "name": str(reading.name),
                "numerator": _number(reading.numerator),
                "denominator": _number(reading.denominator),
                "value": _number(reading.value),
                "target": _number(reading.target),
                "target_wording": reading.target_wording,
                "target_kind": reading.target_kind,
                "target_rule": reading.target_rule,
                "target_elsewhere": reading.elsewhere,
                "verdict": verdict(reading.value, reading.target),
                "counted": str(COUNTED.get(reading.code, "")),
            }
        )
    return out


def _children_json(unit, period, parent_plan):
    """Each direct child's value per indicator, judged against the child's own targets."""
    children = children_in_period(unit, period)
    codes = [indicator.code for indicator in INDICATORS]
    results = {
        (row.org_unit_id, row.indicator): row
        for row in IndicatorResult.objects.filter(org_unit__in=children, period=period.code)
    }
    expected = {child.pk for child in children}
    if expected - {unit_id for unit_id, _code in results}:
        engine.refresh(
            unit, period, depth=1
        )  # children out of step with their parent: recompute once
        results = {
            (row.org_unit_id, row.indicator): row
            for row in IndicatorResult.objects.filter(org_unit__in=children, period=period.code)
        }
    own_plans = {}
    for plan in Plan.objects.filter(
        org_unit__in=children, first_year__lte=period.start.year, last_year__gte=period.end.year
    ).select_related("org_unit"):
        own_plans[plan.org_unit_id] = plan
    targets_cache = {}
    rows = []
    for child in children:
        plan = own_plans.get(child.pk, parent_plan)
        key = (plan.pk if plan else None, child.level)
        if key not in targets_cache:
            targets_cache[key] = targets_for(plan, child.level, period)
        targets = targets_cache[key]
        values, verdicts = [], []
        for code in codes:
            result = results.get((child.pk, code))
            value = result.value if result else None
            target = threshold(targets[code][0]) if code in targets else None
            values.append(_number(value))
            verdicts.append(verdict(value, target))
        rows.append(
            {
                "id": child.pk,
                "code": child.code,
                "name": child.name,
                "valid_until": child.valid_until.isoformat() if child.valid_until else None,
                "values": values,
                "verdicts": verdicts,
            }
        )
    return {"indicators": codes, "rows": rows}


SESSION_SUMS = {
    "sessions": Count("id"),
    "participants": Sum("participants"),
    "female": Sum("female"),
    "minority": Sum("ethnic_minority"),
    "under_18": Sum("under_18"),
}


def _clean(row, sums=SESSION_SUMS):
    return {key: int(row.get(key) or 0) for key in sums}


def _activities_json(unit, period):
    """Direct outreach only: training courses and inspections have sections of their own."""
    sessions = approved_sessions(unit, period).outreach()
    sums, clean = SESSION_SUMS, _clean

    by_form = {row["form"]: clean(row) for row in sessions.values("form").annotate(**sums)}
    by_audience = {
        row["audience"]: clean(row) for row in sessions.values("audience").annotate(**sums)
    }
    return {
        "total": clean(sessions.aggregate(**sums)),
        "by_form": [
            {"form": code, "label": str(label), **by_form[code]}
            for code, label in Form.choices
            if code in by_form
        ],
        "by_audience": [
            {"audience": code, "label": str(label), **by_audience[code]}
            for code, label in Audience.choices
            if code in by_audience
        ],
    }


def _training_json(unit, period):
    """Approved training courses of the period: courses and trainees (not outreach)."""
    sessions = approved_sessions(unit, period).filter(form=Form.TRAINING)
    return {"total": _clean(sessions.aggregate(**SESSION_SUMS))}


def _inspection_json(unit, period):
    """Approved inspections of the period: visits and establishments visited (not outreach)."""
    sessions = approved_sessions(unit, period).filter(form=Form.INSPECTION)
    totals = sessions.aggregate(sessions=Count("id"), establishments=Count("venue", distinct=True))
    return {key: int(value or 0) for key, value in totals.items()}


def _materials_json(unit, period):
    rows = (
        MaterialHandedOut.objects.filter(session__in=approved_sessions(unit, period))
        .annotate(key=Lower(Trim("description")))
        .values("key")
        .annotate(
            description=Min("description"),
            quantity=Sum("quantity"),
            sessions=Count("session", distinct=True),
        )
        .order_by("-quantity", "key")
    )
    return [
        {
            "description": row["description"].strip(),
            "quantity": int(row["quantity"] or 0),
            "sessions": row["sessions"],
        }
        for row in rows
    ]


def _media_json(unit, period):
    items = media_items(unit, period)
    by_channel = dict(items.values("channel").annotate(n=Count("id")).values_list("channel", "n"))
    by_level = dict(items.values("level").annotate(n=Count("id")).values_list("level", "n"))
    return {
        "total": sum(by_channel.values()),
        "by_channel": [
            {"channel": code, "label": str(label), "items": by_channel[code]}
            for code, label in MediaChannel.choices
            if code in by_channel
        ],
        "by_level": [
            {"level": code, "label": str(label), "items": by_level[code]}
            for code, label in MediaLevel.choices
            if code in by_level
        ],
    }


def build(unit: OrgUnit, period_code: str, progress=None) -> dict:
    """Every figure the report prints, for the unit and period, as of now."""
    progress = progress or (lambda percent, label: None)
    period = parse_period(period_code)
    plan = plan_for(unit, period)
    progress(10, "indicators")
    indicator_readings = _readings_json(unit, period)
    progress(30, "children")
    children = _children_json(unit, period, plan)
    progress(45, "records")
    activities = _activities_json(unit, period)
    return {
        "version": SNAPSHOT_VERSION,
        "built_at": timezone.now().isoformat(),
        "unit": {"id": unit.pk, "code": unit.code, "name": unit.name, "level": unit.level},
        "period": {
            "code": period.code,
            "kind": period.kind,
            "label": period_label(period.code),
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "plan": _plan_json(plan),
        "readings": indicator_readings,
        "children": children,
        "activities": activities,
        "training": _training_json(unit, period),
        "inspection": _inspection_json(unit, period),
        "materials": _materials_json(unit, period),
        "media": _media_json(unit, period),
        # The contests issue has not landed: no data to report yet.
        "contests": None,
        "outreach_sessions_count": activities["total"]["sessions"],
        # Every approved record the sessions sheet lists (outreach, training, inspection).
        "sessions_count": approved_sessions(unit, period).count(),
        "media_count": media_items(unit, period).count(),
    }


def session_rows(unit: OrgUnit, period):
    """The sessions sheet: no names of people, only what officers already see in the queue."""
    forms, audiences = dict(Form.choices), dict(Audience.choices)
    rows = (
        approved_sessions(unit, period)
        .order_by("date", "org_unit__name", "pk")
        .values_list(
            "date",
            "org_unit__code",
            "org_unit__name",
            "venue__name",
            "form",
            "audience",
            "participants",
            "female",
            "ethnic_minority",
            "under_18",
        )
    )
    for day, code, commune, venue, form, audience, *counts in rows.iterator(chunk_size=2000):
        yield [
            day,
            code,
            commune,
            venue or "",
            str(forms.get(form, form)),
            str(audiences.get(audience, audience)),
            *counts,
        ]


def media_rows(unit: OrgUnit, period):
    channels, levels = dict(MediaChannel.choices), dict(MediaLevel.choices)
    rows = (
        media_items(unit, period)
        .order_by("published_on", "pk")
        .values_list("published_on", "title", "outlet", "channel", "level", "org_unit__name", "url")
    )
    for day, title, outlet, channel, level, unit_name, url in rows.iterator(chunk_size=2000):
        yield [
            day,
            title,
            outlet,
            str(channels.get(channel, channel)),
            str(levels.get(level, level)),
            unit_name,
            url,
        ]
