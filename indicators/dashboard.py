"""What the dashboard and the public page show, assembled from stored results.

Every figure comes from ``IndicatorResult`` rows: ``services.readings`` for the
unit (it recomputes only what is missing or stale), one query for the monthly
trend, one for the child units. Targets of the children are resolved once per
(plan, level) pair, not once per child, so the query count does not grow with
the number of children.
"""

import datetime
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import numberformat, timezone
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _

from events.models import Session, Status
from indicators import contest_reach, engine, plans, services
from indicators import targets as target_rules
from indicators.definitions import BY_CODE, INDICATORS, REACH_SEGMENTS
from indicators.models import IndicatorResult, Plan, UnitYear
from indicators.periods import parse_period
from places import scope
from places.models import OrgUnit, PopulationBaseline, Venue

MET, NOT_MET, NO_TARGET, NO_DATA = "met", "not_met", "no_target", "no_data"
STATUS_LABELS = {
    MET: _("Đạt"),
    NOT_MET: _("Chưa đạt"),
    NO_TARGET: _("Chưa có chỉ tiêu"),
    NO_DATA: _("Không có dữ liệu"),
}
# What the numerator and denominator of each indicator count.
COUNTED_IN = {
    "communes": _("xã, phường"),
    "communes_regular": _("xã, phường"),
    "press": _("tháng"),
    "press_provincial": _("tháng"),
    "press_district_radio": _("tháng"),
    "press_grassroots": _("tháng"),
    "students": _("người"),
    "students_secondary_vocational": _("người"),
    "iz_workers": _("người"),
    "establishment_workers": _("người"),
    "training": _("cán bộ"),
    "training_province": _("cán bộ"),
    "training_district": _("cán bộ"),
    "training_commune": _("cán bộ"),
    "training_district_commune": _("cán bộ"),
    "inspection": _("cơ sở"),
    "plans": _("đơn vị"),
    "integration": _("đơn vị"),
}
# Column headers of the child table; the full name goes with each for screen readers.
SHORT_NAMES = {
    "communes": _("Xã có hoạt động"),
    "communes_regular": _("Xã thường xuyên"),
    "press": _("Báo chí"),
    "press_provincial": _("Báo chí tỉnh"),
    "press_district_radio": _("Truyền thanh huyện"),
    "press_grassroots": _("Thông tin cơ sở"),
    "students": _("HS, SV"),
    "students_secondary_vocational": _("HS THPT, GDNN"),
    "iz_workers": _("LĐ KCN"),
    "establishment_workers": _("LĐ cơ sở DV"),
    "training": _("Tập huấn"),
    "training_province": _("Tập huấn CB tỉnh"),
    "training_district": _("Tập huấn CB huyện"),
    "training_commune": _("Tập huấn CB xã"),
    "training_district_commune": _("Tập huấn CB huyện, xã"),
    "inspection": _("Kiểm tra"),
    "plans": _("Kế hoạch năm"),
    "integration": _("Lồng ghép"),
}
GAP_LIST_LIMIT = 20
# Beyond two years of months, the trend goes by year.
MAX_MONTHLY_POINTS = 24
REACH_KINDS = sorted({kind for kinds, _audience in REACH_SEGMENTS.values() for kind in kinds})


def status_of(value, target) -> str:
    if value is None:
        return NO_DATA
    if target is None:
        return NO_TARGET
    return MET if Decimal(value) >= Decimal(target) else NOT_MET


def percent(value) -> str:
    """64.5 → "64,5%" in the active language; "—" for no data."""
    if value is None:
        return "—"
    return f"{number_format(Decimal(value), 1)}%"


def amount(value) -> str:
    """A count as stored (Decimal with one place): without ".0" when whole."""
    if value is None:
        return "—"
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 1
    # Grouped by thousands whatever the locale's NUMBER_GROUPING (0 for Vietnamese).
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        places,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


# --- Periods and units --------------------------------------------------------


def default_period(today: datetime.date | None = None) -> str:
    """The current six months: what officers open in June and December."""
    today = today or timezone.localdate()
    return f"{today.year}-H{1 if today.month <= 6 else 2}"


def period_suggestions(today: datetime.date | None = None) -> list[str]:
    """Codes offered in the period picker: this year and last, and the plans' periods."""
    today = today or timezone.localdate()
    codes = []
    for year in (today.year, today.year - 1):
        codes += [f"{year}-H1", f"{year}-H2", str(year), f"{year}-M9"]
        codes += [f"{year}-Q{quarter}" for quarter in range(1, 5)]
    spans = Plan.objects.values_list("first_year", "last_year").distinct().order_by("-first_year")
    codes += [f"{first}-{last}" for first, last in spans if first != last]
    return list(dict.fromkeys(codes))


def in_force_during(period) -> Q:
    """Units in force at some point of the period (open-ended dates count as always)."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=period.end)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=period.start)
    )


def child_units(unit: OrgUnit, period) -> list[OrgUnit]:
    """The unit's direct children in force during the period, by name."""
    return list(
        OrgUnit.objects.filter(in_force_during(period), parent=unit).order_by("name", "valid_until")
    )


def scope_root(user) -> OrgUnit | None:
    """The top of what the user may see: their home unit, or the country for a superuser."""
    home = scope.home_unit(user)
    if home is not None:
        return home
    if user.is_active and user.is_superuser:
        return scope.national_unit()
    return None


def picker_units(user, unit: OrgUnit, period) -> list[OrgUnit]:
    """The unit picker's choices: from the user's own unit down to ``unit``, then its children."""
    root = scope_root(user)
    above = [a for a in unit.ancestors() if root is not None and a.is_within(root)]
    return [*above, unit, *child_units(unit, period)]


# --- Cards ---------------------------------------------------------------------


@dataclass
class Point:
    code: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    future: bool = False

    @property
    def is_month(self):
        return len(self.code) == 7  # 2025-03

    @property
    def label(self):
        return f"{self.code[5:]}/{self.code[:4]}" if self.is_month else self.code

    @property
    def short_label(self):
        """Under a bar: "T3" (tháng 3) for a month, the year itself for a year."""
        return _("T%(month)s") % {"month": int(self.code[5:])} if self.is_month else self.code


@dataclass
class Card:
    """One indicator for one unit and period, as the dashboard and the public page show it."""

    code: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    target: Decimal | None
    target_wording: str = ""
    target_plan: str = ""
    points: list = field(default_factory=list)
    # The kind of the target applied to this period, the target in words, and the
    # plan's targets for the indicator that hold for other periods (not this one).
    target_kind: str = ""
    target_rule: str = ""
    elsewhere: str = ""

    @property
    def status(self):
        return status_of(self.value, self.target)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def name(self):
        return BY_CODE[self.code].name

    @property
    def rule(self):
        return BY_CODE[self.code]

    @property
    def counted_in(self):
        return COUNTED_IN.get(self.code, "")

    @property
    def value_text(self):
        return percent(self.value)

    @property
    def target_text(self):
        return percent(self.target) if self.target is not None else "—"

    @property
    def numerator_text(self):
        return amount(self.numerator)

    @property
    def denominator_text(self):
        return amount(self.denominator)


def trend_codes(period, today: datetime.date | None = None) -> list[tuple[str, bool]]:
    """(code, future) for each point of the trend: the period's months, or its years."""
    today = today or timezone.localdate()
    if period.month_count() <= MAX_MONTHLY_POINTS:
        return [
            (f"{year}-{month:02d}", datetime.date(year, month, 1) > today)
            for year, month in period.months()
        ]
    years = range(period.start.year, period.end.year + 1)
    return [(str(year), datetime.date(year, 1, 1) > today) for year in years]


def stored_results(unit_ids, period_codes):
    """{(unit_id, period): {indicator: result}} in one query."""
    found = {}
    rows = IndicatorResult.objects.filter(org_unit_id__in=unit_ids, period__in=period_codes)
    for result in rows.only(
        "indicator", "org_unit_id", "period", "value", "numerator", "denominator", "stale"
    ):
        found.setdefault((result.org_unit_id, result.period), {})[result.indicator] = result
    return found


def _needs_refresh(results: dict | None) -> bool:
    return not results or len(results) < len(INDICATORS) or any(r.stale for r in results.values())


def trend(unit: OrgUnit, period, today=None) -> dict[str, list[Point]]:
    """Each indicator's value per month (or year) of the period: {code: [Point]}.

    Stored results are reused; a month with none (or a stale one) is computed
    once and its result stored. Months after today are points without a value.
    """
    codes = trend_codes(period, today)
    past = [code for code, future in codes if not future]
    found = stored_results([unit.pk], past)
    missing = [code for code in past if _needs_refresh(found.get((unit.pk, code)))]
    for code in missing:
        engine.refresh(unit, parse_period(code), only_root=True)
    if missing:
        found = stored_results([unit.pk], past)
    series = {indicator.code: [] for indicator in INDICATORS}
    for code, future in codes:
        results = found.get((unit.pk, code), {})
        for indicator in INDICATORS:
            result = results.get(indicator.code)
            series[indicator.code].append(
                Point(
                    code=code,
                    value=result.value if result else None,
                    numerator=result.numerator if result else None,
                    denominator=result.denominator if result else None,
                    future=future,
                )
            )
    return series


def cards(unit: OrgUnit, period, with_trend=True, today=None) -> list[Card]:
    """One card per indicator: value against target, met or not, the rule, the trend."""
    # One transaction (one commit) and one read of the subtree for every period computed.
    with transaction.atomic(), engine.reading_subtree_once(unit):
        readings = services.readings(unit, period.code)
        series = trend(unit, period, today) if with_trend else {}
    return [
        Card(
            code=reading.code,
            value=reading.value,
            numerator=reading.numerator,
            denominator=reading.denominator,
            target=reading.target,
            target_wording=reading.target_wording,
            target_plan=str(reading.target_plan) if reading.target_plan else "",
            points=series.get(reading.code, []),
            target_kind=reading.target_kind,
            target_rule=reading.target_rule,
            elsewhere=reading.elsewhere,
        )
        for reading in readings
    ]


# --- Child units -------------------------------------------------------------------


@dataclass
class Cell:
    code: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    target: Decimal | None
    status: str

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def value_text(self):
        return percent(self.value)

    @property
    def target_text(self):
        return percent(self.target) if self.target is not None else ""


@dataclass
class Row:
    unit: OrgUnit
    cells: list[Cell]

    @property
    def by_code(self):
        return {cell.code: cell for cell in self.cells}

    @property
    def not_met(self):
        return sum(1 for cell in self.cells if cell.status == NOT_MET)

    @property
    def shortfall(self):
        """How far below their targets the unmet indicators are, in points, summed."""
        return sum(
            (cell.target - cell.value for cell in self.cells if cell.status == NOT_MET),
            Decimal(0),
        )


_UNKNOWN = object()


class TargetBook:
    """The targets of many units, resolved once per (plan, level) pair.

    A child is measured against its own plan when it has one covering the
    period, else against the nearest plan above it (the parent's): the rule of
    ``services.plan_for`` and ``services.targets_for``.
    """

    def __init__(self, parent: OrgUnit, children, period, parent_plan=_UNKNOWN):
        self.period = period
        if parent_plan is _UNKNOWN:
            parent_plan = services.plan_for(parent, period)
        self.parent_plan = parent_plan
        own = Plan.objects.filter(
            org_unit__in=[child.pk for child in children],
            first_year__lte=period.start.year,
            last_year__gte=period.end.year,
        ).order_by(*Plan._meta.ordering)
        self.own_plans = {}
        for plan in own:
            self.own_plans.setdefault(plan.org_unit_id, plan)
        self._cache = {}

    def for_unit(self, unit: OrgUnit) -> dict:
        plan = self.own_plans.get(unit.pk, self.parent_plan)
        key = (plan.pk if plan else None, unit.level)
        if key not in self._cache:
            self._cache[key] = services.targets_for(plan, unit.level, self.period)
        return self._cache[key]


SORT_LAGGING = "lagging"


def sort_options():
    return [SORT_LAGGING, "name", "-name"] + [
        f"{sign}{indicator.code}" for indicator in INDICATORS for sign in ("", "-")
    ]


def child_rows(unit: OrgUnit, period, sort: str = SORT_LAGGING, plan=_UNKNOWN) -> list[Row]:
    """Each direct child in force during the period with its figures, sorted.

    ``sort``: "lagging" (most indicators not met first, then the largest
    shortfall), "name", or an indicator code (ascending; "-code" descending;
    no data always last). ``plan``: the unit's nearest plan, when the caller
    has it already.
    """
    children = child_units(unit, period)
    if not children:
        return []
    ids = [child.pk for child in children]
    found = stored_results(ids, [period.code])
    if any(_needs_refresh(found.get((pk, period.code))) for pk in ids):
        engine.refresh(unit, period, depth=1)
        found = stored_results(ids, [period.code])
    book = TargetBook(unit, children, period, plan)
    rows = []
    for child in children:
        results = found.get((child.pk, period.code), {})
        targets = book.for_unit(child)
        cells = []
        for indicator in INDICATORS:
            result = results.get(indicator.code)
            target = targets.get(indicator.code, (None, None))[0]
            target_value = target_rules.threshold(target)
            value = result.value if result else None
            cells.append(
                Cell(
                    code=indicator.code,
                    value=value,
                    numerator=result.numerator if result else None,
                    denominator=result.denominator if result else None,
                    target=target_value,
                    status=status_of(value, target_value),
                )
            )
        rows.append(Row(unit=child, cells=cells))
    return sort_rows(rows, sort)


def name_key(name: str):
    """Alphabetical order as Vietnamese readers expect: letters first, then diacritics."""
    plain = unicodedata.normalize("NFD", name.lower()).replace("đ", "d")
    return ("".join(c for c in plain if not unicodedata.combining(c)), name.lower())


def sort_rows(rows: list[Row], sort: str) -> list[Row]:
    if sort in ("name", "-name"):
        return sorted(rows, key=lambda row: name_key(row.unit.name), reverse=sort == "-name")
    code = sort.lstrip("-")
    if code in BY_CODE:
        descending = sort.startswith("-")
        with_data = [row for row in rows if row.by_code[code].value is not None]
        without = [row for row in rows if row.by_code[code].value is None]
        with_data.sort(key=lambda row: row.by_code[code].value, reverse=descending)
        return with_data + without
    return sorted(rows, key=lambda row: (-row.not_met, -row.shortfall, name_key(row.unit.name)))


# --- Data gaps ------------------------------------------------------------------------


@dataclass
class Gaps:
    venues_without_baseline: list
    venues_without_baseline_count: int
    silent_communes: list
    silent_communes_count: int
    children_without_plan: list
    children_without_plan_count: int
    missing_cadre_figure: bool
    baseline_year: int
    # (venue, people held): contest entrants awaiting review (indicators.contest_reach).
    contest_venues_held: list = field(default_factory=list)

    @property
    def any(self):
        return bool(
            self.contest_venues_held
            or self.venues_without_baseline_count
            or self.silent_communes_count
            or self.children_without_plan_count
            or self.missing_cadre_figure
        )


def venues_without_baseline(unit: OrgUnit, period):
    """Venues of the measured kinds with no population figure for the baseline year or before."""
    has_baseline = PopulationBaseline.objects.filter(
        venue=OuterRef("pk"), year__lte=period.baseline_year
    )
    return (
        Venue.objects.filter(org_unit__path__startswith=unit.path, kind__in=REACH_KINDS)
        .exclude(Exists(has_baseline))
        .select_related("org_unit")
        .order_by("org_unit__name", "name")
    )


def silent_communes(unit: OrgUnit, period):
    """Communes in force during the period with no approved session in it.

    Each carries ``waiting``: whether sessions of the period are still waiting
    for review (then the commune did log, and a reviewer has work to do).
    """
    in_period = Session.objects.filter(
        org_unit=OuterRef("pk"), date__gte=period.start, date__lte=period.end
    )
    return (
        OrgUnit.objects.communes_under(unit)
        .filter(in_force_during(period))
        .exclude(Exists(in_period.filter(status=Status.APPROVED)))
        .annotate(waiting=Exists(in_period.filter(status=Status.SUBMITTED)))
        .order_by("name")
    )


def children_without_plan(unit: OrgUnit, period):
    """Direct children in force during the period without a yearly plan for the baseline year."""
    with_plan = UnitYear.objects.filter(
        org_unit=OuterRef("pk"), year=period.baseline_year, has_yearly_plan=True
    )
    return (
        OrgUnit.objects.filter(in_force_during(period), parent=unit)
        .exclude(Exists(with_plan))
        .order_by("name")
    )


def gaps(unit: OrgUnit, period, limit=GAP_LIST_LIMIT) -> Gaps:
    """The data-gap panel: what is missing for the figures to be complete."""
    venues, venue_count = _first_and_count(venues_without_baseline(unit, period), limit)
    communes, commune_count = _first_and_count(silent_communes(unit, period), limit)
    children, child_count = _first_and_count(children_without_plan(unit, period), limit)
    missing_cadres = not UnitYear.objects.filter(
        org_unit=unit, year=period.baseline_year, cadres__isnull=False
    ).exists()
    held = dict(contest_reach.venues_held(unit, period, REACH_KINDS))
    held_venues = Venue.objects.filter(pk__in=held).select_related("org_unit").order_by("name")
    return Gaps(
        contest_venues_held=[(venue, held[venue.pk]) for venue in held_venues[:limit]],
        venues_without_baseline=venues,
        venues_without_baseline_count=venue_count,
        silent_communes=communes,
        silent_communes_count=commune_count,
        children_without_plan=children,
        children_without_plan_count=child_count,
        missing_cadre_figure=missing_cadres,
        baseline_year=period.baseline_year,
    )


def _first_and_count(queryset, limit):
    """The first ``limit`` rows and the total; the count query only when the list is full."""
    first = list(queryset[:limit])
    return first, (len(first) if len(first) < limit else queryset.count())


# --- The public page ---------------------------------------------------------------


def public_data(unit: OrgUnit, period) -> dict:
    """Aggregate numbers only, as plain values the cache can hold.

    No person, cohort, venue or photo: the cards, the trend, the children's
    figures, and how many records are missing (counts, never names).
    """
    unit_cards = cards(unit, period)
    plan = services.plan_for(unit, period)
    rows = child_rows(unit, period, plan=plan)
    missing = gaps(unit, period, limit=0)
    last = None if plan else plans.last_plan(unit)
    return {
        "plan": str(plan) if plan else "",
        "last_plan": f"{last} ({last.first_year}–{last.last_year})" if last else "",
        "cards": [
            {
                "code": card.code,
                "value": card.value,
                "numerator": card.numerator,
                "denominator": card.denominator,
                "target": card.target,
                "target_wording": card.target_wording,
                "target_plan": card.target_plan,
                "target_kind": card.target_kind,
                "target_rule": card.target_rule,
                "elsewhere": card.elsewhere,
                "points": [(p.code, p.value, p.future) for p in card.points],
            }
            for card in unit_cards
        ],
        "rows": [
            {
                "unit": {
                    "pk": row.unit.pk,
                    "code": row.unit.code,
                    "name": row.unit.name,
                    "valid_until": row.unit.valid_until,
                },
                "cells": [
                    (cell.code, cell.value, cell.numerator, cell.denominator, cell.target)
                    for cell in row.cells
                ],
            }
            for row in rows
        ],
        "gaps": {
            "venues_without_baseline": missing.venues_without_baseline_count,
            "silent_communes": missing.silent_communes_count,
            "children_without_plan": missing.children_without_plan_count,
            "missing_cadre_figure": missing.missing_cadre_figure,
            "baseline_year": missing.baseline_year,
        },
    }


def public_cards(data: dict) -> list[Card]:
    return [
        Card(
            **{key: value for key, value in card.items() if key != "points"},
            points=[
                Point(code=code, value=value, future=future)
                for code, value, future in card["points"]
            ],
        )
        for card in data["cards"]
    ]


@dataclass
class PublicUnit:
    pk: int
    code: str
    name: str
    valid_until: datetime.date | None

    def __str__(self):
        return self.name


def public_rows(data: dict) -> list[Row]:
    return [
        Row(
            unit=PublicUnit(**row["unit"]),
            cells=[
                Cell(
                    code=code,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                    target=target,
                    status=status_of(value, target),
                )
                for code, value, numerator, denominator, target in row["cells"]
            ],
        )
        for row in data["rows"]
    ]


def public_period_links(period, today: datetime.date | None = None) -> list[str]:
    """Periods offered next to the one shown: the halves and whole years around it."""
    today = today or timezone.localdate()
    year = period.end.year
    codes = []
    for candidate in (year, year - 1):
        codes += [f"{candidate}-H1", f"{candidate}-H2", str(candidate)]
    spans = Plan.objects.values_list("first_year", "last_year").distinct().order_by("-first_year")
    codes += [f"{first}-{last}" for first, last in spans if first != last]
    return [code for code in dict.fromkeys(codes) if parse_period(code).start <= today]
