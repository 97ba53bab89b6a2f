"""The indicator engine: SQL aggregation per commune or venue, rolled up the unit tree.

For a root unit and a period, ``compute`` runs one aggregate query per
indicator family over the root's subtree (never a loop over sessions), adds
the per-commune sums up the tree for every unit in it, and ``refresh`` stores
the results so that dashboards read rather than compute. The rules are the
ones written in ``indicators.definitions``.
"""

import datetime
import json
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import ExtractMonth, ExtractYear, TruncQuarter
from django.utils import timezone

from campaigns.models import MediaItem
from events.models import NOT_OUTREACH_FORMS, TRAINEE_FIELDS, Session, Status
from indicators.contest_reach import entrants_cte, larger
from indicators.definitions import (
    INDICATORS,
    PRESS_VARIANTS,
    REACH_SEGMENTS,
    TRAINEE_LEVELS,
    press_counts,
)
from indicators.models import IndicatorResult, UnitYear
from places.models import PATH_SEPARATOR, Level, OrgUnit

ONE_DECIMAL = Decimal("0.1")
BATCH_SIZE = 2000


@dataclass
class Figure:
    numerator: Decimal = Decimal(0)
    denominator: Decimal = Decimal(0)
    details: dict = field(default_factory=dict)

    @property
    def value(self):
        """Numerator / denominator × 100, one decimal; None ("no data") when nothing to divide."""
        if not self.denominator:
            return None
        ratio = Decimal(self.numerator) * 100 / Decimal(self.denominator)
        return ratio.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


class UnitRows(list):
    """The units of a subtree as rows, with each depth's chains worked out once."""

    def __init__(self, root, rows):
        super().__init__(rows)
        self.root_pk = root.pk
        self.root_path = root.path
        self.by_id = {row["id"]: row for row in self}
        self.communes = [row for row in self if row["level"] == Level.COMMUNE]
        self.children_of = defaultdict(list)
        for row in self:
            self.children_of[row["parent_id"]].append(row)
        self._chains = {}

    def chains(self, depth):
        if depth not in self._chains:
            self._chains[depth] = self._work_out(depth)
        return self._chains[depth]

    def _work_out(self, depth):
        root_pk, chain = self.root_pk, {}
        by_path = {row["path"]: row["id"] for row in self}
        if depth is None:
            for row in self:
                segments = row["path"].split(PATH_SEPARATOR)[:-1]
                prefixes = (
                    PATH_SEPARATOR.join(segments[: i + 1]) + PATH_SEPARATOR
                    for i in range(len(segments))
                )
                chain[row["id"]] = [by_path[p] for p in prefixes if p in by_path]
            return chain
        only_root = [root_pk]
        start = len(self.root_path)
        for row in self:
            uid, path = row["id"], row["path"]
            if uid == root_pk or depth == 0:
                chain[uid] = only_root
                continue
            top = by_path.get(path[: path.index(PATH_SEPARATOR, start) + 1])
            chain[uid] = [root_pk, top] if top else only_root
        return chain


def unit_rows(root: OrgUnit) -> UnitRows:
    """The rows a ``Tree`` is built from: every unit of the subtree (one query), or the
    rows ``reading_subtree_once`` keeps for the root meanwhile."""
    rows = getattr(root, "_subtree_rows", None)
    if rows is not None:
        return rows
    return UnitRows(
        root,
        OrgUnit.objects.subtree(root).values(
            "id", "path", "level", "parent_id", "valid_from", "valid_until"
        ),
    )


@contextmanager
def reading_subtree_once(root: OrgUnit):
    """Within the block, every computation for ``root`` reads its subtree once: a page that
    computes several periods (the readings, then each month of the trend)."""
    root._subtree_rows = unit_rows(root)
    try:
        yield
    finally:
        del root._subtree_rows


class Tree:
    """The units of one subtree, each with its ancestors inside the subtree (no queries).

    ``depth``: None gives every unit its whole chain (the nightly refresh stores
    every unit); 0 gives every unit the root only, and 1 the root and the root's
    child above it: what a dashboard of the root and its children reads, at a
    fraction of the work on a national tree.
    """

    def __init__(self, root: OrgUnit, period, depth=None, rows=None):
        self.root = root
        self.period = period
        self.depth = depth
        rows = unit_rows(root) if rows is None else rows
        self.units = rows.by_id
        self.chain = rows.chains(depth)
        self.communes = rows.communes
        self.children_of = rows.children_of
        self.reported = set(self.reported_units())

    def valid_in_period(self, unit_id):
        row = self.units[unit_id]
        return (row["valid_from"] is None or row["valid_from"] <= self.period.end) and (
            row["valid_until"] is None or row["valid_until"] >= self.period.start
        )

    def reported_units(self):
        """The units results are stored for: the root and its units in force during the period
        (down to ``depth`` levels below the root)."""
        root_pk = self.root.pk
        if self.depth == 0:
            return [root_pk]
        start, end = self.period.start, self.period.end
        return [
            uid
            for uid, row in self.units.items()
            if uid == root_pk
            or (
                (self.depth is None or row["parent_id"] == root_pk)
                and (row["valid_from"] is None or row["valid_from"] <= end)
                and (row["valid_until"] is None or row["valid_until"] >= start)
            )
        ]

    def add_up(self, per_unit, figures, indicator, numerator_key, denominator_key, detail_keys=()):
        """Add each unit's own sums to itself and every ancestor in the subtree."""
        numerators, denominators = defaultdict(int), defaultdict(int)
        details = {key: defaultdict(int) for key in detail_keys}
        chain = self.chain
        for unit_id, sums in per_unit.items():
            numerator = sums.get(numerator_key) or 0
            denominator = sums.get(denominator_key) or 0
            extra = [(details[key], sums.get(key) or 0) for key in detail_keys]
            for target in chain.get(unit_id, ()):
                numerators[target] += numerator
                denominators[target] += denominator
                for found, value in extra:
                    found[target] += value
        for target in numerators.keys() | denominators.keys():
            figure = figures[indicator][target]
            figure.numerator += Decimal(numerators[target])
            figure.denominator += Decimal(denominators[target])
            for key in detail_keys:
                # int(): PostgreSQL's SUM is numeric (Decimal), which JSON cannot store.
                figure.details[key] = figure.details.get(key, 0) + int(details[key][target])


def _in_subtree(root, alias="u"):
    return f"{alias}.path LIKE %s", [root.path + "%"]


def _approved_in_period(period):
    return Q(status=Status.APPROVED, date__gte=period.start, date__lte=period.end)


def compute(root: OrgUnit, period, depth=None, rows=None):
    """Every indicator for ``root`` and every unit below it: {code: {unit_id: Figure}}.

    ``depth`` and ``rows``: see ``Tree``.
    """
    with transaction.atomic():
        tree = Tree(root, period, depth, rows)
        figures = {indicator.code: defaultdict(Figure) for indicator in INDICATORS}
        _communes(tree, figures)
        _reach(tree, figures)
        _training(tree, figures)
        _trainees(tree, figures)
        _inspection(tree, figures)
        _lower_units(tree, figures)
        _press(tree, figures)
    return tree, figures


def _quarters_in_force(row, quarters):
    """How many of the period's quarters overlap the unit's validity."""
    count = 0
    for year, quarter in quarters:
        first = datetime.date(year, 3 * quarter - 2, 1)
        last = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
        last -= datetime.timedelta(days=1)
        if (row["valid_from"] is None or row["valid_from"] <= last) and (
            row["valid_until"] is None or row["valid_until"] >= first
        ):
            count += 1
    return count


SILENT_COMMUNE = {"communes": 1, "silent": 1}


def _communes(tree, figures):
    period = tree.period
    quarters = period.quarters()
    sessions = Session.objects.outreach().filter(
        _approved_in_period(period), org_unit__path__startswith=tree.root.path
    )
    # Distinct (unit, quarter) pairs, counted here: a hashed DISTINCT over the period's
    # sessions, where COUNT(DISTINCT) per unit made PostgreSQL sort them all by unit.
    active = defaultdict(int)
    for unit_id, _quarter in (
        sessions.annotate(quarter=TruncQuarter("date"))
        .order_by()
        .values_list("org_unit", "quarter")
        .distinct()
    ):
        active[unit_id] += 1
    per_commune = {}
    start, end = period.start, period.end
    for row in tree.communes:
        if (row["valid_from"] is not None and row["valid_from"] > end) or (
            row["valid_until"] is not None and row["valid_until"] < start
        ):
            continue
        seen = active.get(row["id"], 0)
        per_commune[row["id"]] = (
            {
                "communes": 1,
                "active": 1,
                # A commune created or abolished in mid-period owes only the quarters it
                # existed in.
                "regular": 1 if seen >= _quarters_in_force(row, quarters) else 0,
            }
            if seen
            else SILENT_COMMUNE
        )
    tree.add_up(per_commune, figures, "communes", "active", "communes", ("silent",))
    tree.add_up(per_commune, figures, "communes_regular", "regular", "communes")
    for figure in figures["communes_regular"].values():
        figure.details["quarters"] = [f"{y}-Q{q}" for y, q in quarters]


REACH_DETAILS = (
    "venues",
    "venues_without_baseline",
    "venues_capped",
    "reached_at_venues_without_baseline",
    "contest_entrants",
    "contest_venues_held",
    "contest_entrants_held",
)


def _reach(tree, figures):
    """Every reach segment in one pass over the sessions, summed per venue kind."""
    period = tree.period
    # A venue kind may count toward several segments (the plans' lists of schools overlap),
    # always with one audience: sums are made per kind, then added into each segment.
    audience_of = {}
    for kinds, audience in REACH_SEGMENTS.values():
        for kind in kinds:
            audience_of.setdefault(kind, audience)
    audience_matches, match_params = [], []
    for kind, audience in audience_of.items():
        audience_matches.append("(v.kind = %s AND s.audience = %s)")
        match_params += [kind, audience]
    all_kinds = list(audience_of)
    where_unit, unit_params = _in_subtree(tree.root)
    # Contest entrants per venue (indicators.contest_reach): the larger of the two sources counts.
    entrants_sql, entrants_params = entrants_cte(tree.period, all_kinds, unit_params[0])
    # A session without a cohort is a cohort of its own: grouped by its id too.
    sql = f"""
        WITH cohorts AS (
            SELECT s.venue_id AS venue_id, MAX(s.participants) AS largest
            FROM events_session s
            JOIN places_venue v ON v.id = s.venue_id
            JOIN places_orgunit u ON u.id = v.org_unit_id
            WHERE s.status = %s AND s.date >= %s AND s.date <= %s AND {where_unit}
              AND s.form NOT IN ({", ".join(["%s"] * len(NOT_OUTREACH_FORMS))})
              AND ({" OR ".join(audience_matches)})
            GROUP BY s.venue_id, LOWER(s.cohort), CASE WHEN s.cohort = '' THEN s.id END
        ),
        reached AS (
            SELECT venue_id, SUM(largest) AS people FROM cohorts GROUP BY venue_id
        ),
        entrants AS ({entrants_sql}),
        latest AS (
            SELECT venue_id, MAX(year) AS year FROM places_populationbaseline
            WHERE year <= %s GROUP BY venue_id
        ),
        per_venue AS (
            SELECT v.kind AS kind, v.org_unit_id AS org_unit_id,
                   b.total AS population,
                   {larger("COALESCE(r.people, 0)", "COALESCE(e.entrants, 0)")} AS people,
                   COALESCE(e.entrants, 0) AS entrants,
                   COALESCE(e.held_entrants, 0) AS held
            FROM places_venue v
            JOIN places_orgunit u ON u.id = v.org_unit_id
            LEFT JOIN reached r ON r.venue_id = v.id
            LEFT JOIN entrants e ON e.venue_id = v.id
            LEFT JOIN latest l ON l.venue_id = v.id
            LEFT JOIN places_populationbaseline b ON b.venue_id = l.venue_id AND b.year = l.year
            WHERE v.kind IN ({", ".join(["%s"] * len(all_kinds))}) AND {where_unit}
        )
        SELECT kind, org_unit_id,
               SUM(CASE WHEN population IS NULL THEN 0
                        WHEN people < population THEN people ELSE population END),
               SUM(COALESCE(population, 0)),
               SUM(CASE WHEN population IS NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN population IS NOT NULL AND people > population THEN 1 ELSE 0 END),
               SUM(CASE WHEN population IS NULL THEN people ELSE 0 END),
               COUNT(*),
               SUM(entrants),
               SUM(CASE WHEN held > 0 THEN 1 ELSE 0 END),
               SUM(held)
        FROM per_venue GROUP BY kind, org_unit_id
    """
    params = [
        Status.APPROVED,
        period.start,
        period.end,
        *unit_params,
        *NOT_OUTREACH_FORMS,
        *match_params,
        *entrants_params,
        period.baseline_year,
        *all_kinds,
        *unit_params,
    ]
    per_segment = {code: {} for code in REACH_SEGMENTS}
    segments_of = defaultdict(list)
    for code, (kinds, _audience) in REACH_SEGMENTS.items():
        for kind in kinds:
            segments_of[kind].append(code)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for (
        kind,
        unit_id,
        reached,
        population,
        gaps,
        capped,
        unmeasured,
        venues,
        entrants,
        venues_held,
        entrants_held,
    ) in rows:
        sums = {
            "contest_entrants": entrants,
            "contest_venues_held": venues_held,
            "contest_entrants_held": entrants_held,
            "reached": reached,
            "population": population,
            "venues_without_baseline": gaps,
            "venues_capped": capped,
            "reached_at_venues_without_baseline": unmeasured,
            "venues": venues,
        }
        for code in segments_of[kind]:
            into = per_segment[code].setdefault(unit_id, {})
            for key, value in sums.items():
                into[key] = into.get(key, 0) + (value or 0)
    for code, per_unit in per_segment.items():
        tree.add_up(per_unit, figures, code, "reached", "population", REACH_DETAILS)


def _training(tree, figures):
    period = tree.period
    where_unit, unit_params = _in_subtree(tree.root)
    sql = f"""
        SELECT org_unit_id, SUM(largest) FROM (
            SELECT s.org_unit_id AS org_unit_id,
                   COALESCE(CAST(s.venue_id AS TEXT), 'unit') AS place,
                   CASE WHEN s.cohort = '' THEN 'id:' || CAST(s.id AS TEXT)
                        ELSE LOWER(s.cohort) END AS cohort_key,
                   MAX(s.participants) AS largest
            FROM events_session s
            JOIN places_orgunit u ON u.id = s.org_unit_id
            WHERE s.status = %s AND s.form = 'training' AND s.audience = 'cadres'
              AND s.date >= %s AND s.date <= %s AND {where_unit}
            GROUP BY s.org_unit_id, place, cohort_key
        ) per_cohort GROUP BY org_unit_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [Status.APPROVED, period.start, period.end, *unit_params])
        per_unit = {unit_id: {"trained": trained} for unit_id, trained in cursor.fetchall()}
    tree.add_up(per_unit, figures, "training", "trained", "no_denominator_here")
    cadres = dict(
        UnitYear.objects.filter(
            org_unit__path__startswith=tree.root.path,
            year=period.baseline_year,
            cadres__isnull=False,
        ).values_list("org_unit", "cadres")
    )
    for unit_id in tree.reported:
        figure = figures["training"][unit_id]
        figure.details["trained"] = int(figure.numerator)
        if unit_id in cadres:
            figure.denominator = Decimal(cadres[unit_id])
            figure.numerator = min(figure.numerator, figure.denominator)
        else:
            figure.denominator = Decimal(0)
            figure.details["missing_cadre_figure"] = True


CADRE_LEVELS = ("province", "district", "commune")


def _trainees(tree, figures):
    """Cadres trained by level: the trainees each training course recorded at that level (the
    largest session of each cohort counts), against the cadres the units of that level declare."""
    period = tree.period
    where_unit, unit_params = _in_subtree(tree.root)
    sums = ", ".join(f"SUM({name})" for name in TRAINEE_FIELDS)
    columns = ", ".join(f"s.{name} AS {name}" for name in TRAINEE_FIELDS)
    sql = f"""
        SELECT org_unit_id, {sums} FROM (
            SELECT s.org_unit_id AS org_unit_id, {columns},
                   ROW_NUMBER() OVER (
                       PARTITION BY s.org_unit_id, COALESCE(CAST(s.venue_id AS TEXT), 'unit'),
                           CASE WHEN s.cohort = '' THEN 'id:' || CAST(s.id AS TEXT)
                                ELSE LOWER(s.cohort) END
                       ORDER BY s.participants DESC, s.date ASC, s.id ASC
                   ) AS rank
            FROM events_session s
            JOIN places_orgunit u ON u.id = s.org_unit_id
            WHERE s.status = %s AND s.form = 'training'
              AND s.date >= %s AND s.date <= %s AND {where_unit}
        ) ranked WHERE rank = 1 GROUP BY org_unit_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [Status.APPROVED, period.start, period.end, *unit_params])
        per_unit = {
            unit_id: dict(zip(TRAINEE_FIELDS, (int(v or 0) for v in values), strict=True))
            for unit_id, *values in cursor.fetchall()
        }
    tree.add_up(
        per_unit, figures, "training", "no_numerator_here", "no_denominator_here", TRAINEE_FIELDS
    )
    cadres = dict(
        UnitYear.objects.filter(
            org_unit__path__startswith=tree.root.path,
            year=period.baseline_year,
            cadres__isnull=False,
        ).values_list("org_unit", "cadres")
    )
    # One pass over the subtree's units for every level at once: per (unit stored, level), the
    # cadres declared below it and the units of that level without a figure. (A pass per
    # indicator made the trainee indicators half of a national first view.)
    cadre_sums, units_of_level, with_figure = defaultdict(int), defaultdict(int), defaultdict(int)
    chain = tree.chain
    for unit_id, row in tree.units.items():
        level = row["level"]
        if level not in CADRE_LEVELS or not tree.valid_in_period(unit_id):
            continue
        declared = cadres.get(unit_id)
        for target in chain.get(unit_id, ()):
            units_of_level[target, level] += 1
            if declared is not None:
                cadre_sums[target, level] += declared
                with_figure[target, level] += 1
    targets = {target for target, _level in units_of_level}
    for code, levels in TRAINEE_LEVELS.items():
        trained = {
            unit_id: {"trained": sum(sums[f"trainees_{level}"] for level in levels)}
            for unit_id, sums in per_unit.items()
        }
        tree.add_up(trained, figures, code, "trained", "no_denominator_here")
        for target in targets:
            figure = figures[code][target]
            figure.denominator += Decimal(sum(cadre_sums[target, level] for level in levels))
            missing = sum(
                units_of_level[target, level] - with_figure[target, level] for level in levels
            )
            figure.details["missing"] = figure.details.get("missing", 0) + missing
        for figure in figures[code].values():
            figure.details["trained"] = int(figure.numerator)
            figure.details["units_without_cadre_figure"] = figure.details.pop("missing", 0)
            if figure.denominator:
                figure.numerator = min(figure.numerator, figure.denominator)


def _inspection(tree, figures):
    period = tree.period
    where_unit, unit_params = _in_subtree(tree.root)
    sql = f"""
        SELECT v.org_unit_id, COUNT(*), COUNT(i.venue_id)
        FROM places_venue v
        JOIN places_orgunit u ON u.id = v.org_unit_id
        LEFT JOIN (
            SELECT DISTINCT s.venue_id AS venue_id FROM events_session s
            WHERE s.status = %s AND s.form = 'inspection' AND s.date >= %s AND s.date <= %s
        ) i ON i.venue_id = v.id
        WHERE v.kind = 'establishment' AND {where_unit}
        GROUP BY v.org_unit_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [Status.APPROVED, period.start, period.end, *unit_params])
        per_unit = {
            unit_id: {"establishments": count, "inspected": inspected}
            for unit_id, count, inspected in cursor.fetchall()
        }
    tree.add_up(per_unit, figures, "inspection", "inspected", "establishments")


def _lower_units(tree, figures):
    """``plans`` and ``integration``: over each unit's direct children in force in the period."""
    facts = {
        row["org_unit"]: row
        for row in UnitYear.objects.filter(
            org_unit__path__startswith=tree.root.path, year=tree.period.baseline_year
        ).values("org_unit", "has_yearly_plan", "integrated")
    }
    for parent in tree.reported:
        for row in tree.children_of.get(parent, ()):
            unit_id = row["id"]
            if not tree.valid_in_period(unit_id):
                continue
            fact = facts.get(unit_id, {})
            for code, key in (("plans", "has_yearly_plan"), ("integration", "integrated")):
                figure = figures[code][parent]
                figure.denominator += 1
                if fact.get(key):
                    figure.numerator += 1
                else:
                    figure.details.setdefault("missing", []).append(unit_id)


def _press(tree, figures):
    """Per press indicator: months with an item it counts, logged in the unit, below or above it."""
    period = tree.period
    ancestors = list(tree.root.ancestors().values_list("id", flat=True))
    kinds = set()
    for variants in PRESS_VARIANTS.values():
        for channels, _levels in variants:
            kinds.update(channels)
    items = (
        MediaItem.objects.filter(
            Q(org_unit__path__startswith=tree.root.path) | Q(org_unit__in=ancestors),
            published_on__gte=period.start,
            published_on__lte=period.end,
            channel__in=sorted(kinds),
        )
        .annotate(y=ExtractYear("published_on"), m=ExtractMonth("published_on"))
        .order_by()  # the default ordering would put the day into the DISTINCT
        .values_list("org_unit", "y", "m", "channel", "level")
        .distinct()
    )
    own = {code: defaultdict(set) for code in PRESS_VARIANTS}
    for unit_id, year, month, channel, level in items:
        for code in PRESS_VARIANTS:
            if press_counts(code, channel, level):
                own[code][unit_id].add(f"{year}-{month:02d}")
    all_months = [f"{y}-{m:02d}" for y, m in period.months()]
    for code, per_unit in own.items():
        from_above = set().union(*(per_unit[uid] for uid in ancestors)) if ancestors else set()
        below = defaultdict(set)
        for unit_id, months in per_unit.items():
            for target in tree.chain.get(unit_id, ()):
                below[target] |= months
        for unit_id in tree.reported:
            above = set().union(*(per_unit[a] for a in tree.chain[unit_id][:-1])) | from_above
            months = (below[unit_id] | above) & set(all_months)
            figure = figures[code][unit_id]
            figure.numerator = Decimal(len(months))
            figure.denominator = Decimal(len(all_months))
            figure.details["months_without_press"] = [m for m in all_months if m not in months]


def refresh(root: OrgUnit, period, only_root=False, depth=None, rows=None):
    """Compute and store every indicator for ``root`` and the units below it.

    ``only_root`` stores the root's own results only: a trend month of the country
    would otherwise store some 100,000 rows that no trend reads. ``depth=1``
    stores the root and its direct children: what a dashboard of the root reads
    (the nightly refresh stores every unit). ``rows``: ``unit_rows(root)``, when
    the caller refreshes several periods of one root.
    """
    # Stored as computed when the reading began: a change committed after that moment is not
    # in these figures, and marking them stale (``mark_stale(changed_at=…)``) says so.
    started = timezone.now()
    tree, figures = compute(root, period, 0 if only_root else depth, rows)
    units = sorted(tree.reported)
    rows = [(code, unit_id, figures[code][unit_id]) for code in figures for unit_id in units]
    _store(rows, period, started)
    return len(rows)


STORED_FIELDS = ("numerator", "denominator", "value", "details", "computed_at", "stale")


def _store(rows, period, now):
    """Insert or update one stored result per (indicator, unit, figure) row, in one transaction.

    A national refresh stores some 150,000 rows. On PostgreSQL they are COPied into
    a temporary table and upserted by one INSERT … ON CONFLICT, several times
    faster than bulk_create's batches; other databases (SQLite in tests) take
    bulk_create.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _store_by_copy(rows, period, now)
            return
        IndicatorResult.objects.bulk_create(
            [
                IndicatorResult(
                    indicator=code,
                    org_unit_id=unit_id,
                    period=period.code,
                    numerator=figure.numerator,
                    denominator=figure.denominator,
                    value=figure.value,
                    details=figure.details,
                    computed_at=now,
                    stale=False,
                )
                for code, unit_id, figure in rows
            ],
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["indicator", "org_unit", "period"],
            update_fields=list(STORED_FIELDS),
        )


def _store_by_copy(rows, period, now):
    table = IndicatorResult._meta.db_table
    columns = ", ".join(("indicator", "org_unit_id", "period", *STORED_FIELDS))
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in STORED_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS pg_temp.incoming_results")
        cursor.execute(
            "CREATE TEMPORARY TABLE incoming_results ON COMMIT DROP AS "
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY incoming_results ({columns}) FROM STDIN") as copy:
            for code, unit_id, figure in rows:
                copy.write_row(
                    (
                        code,
                        unit_id,
                        period.code,
                        figure.numerator,
                        figure.denominator,
                        figure.value,
                        json.dumps(figure.details),
                        now,
                        False,
                    )
                )
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_results "
            f"ORDER BY {', '.join(LOCK_ORDER)} "
            f"ON CONFLICT (indicator, org_unit_id, period) DO UPDATE SET {updates}"
        )


def mark_stale(unit_ids, period_codes, changed_at=None):
    """Flag stored results that a change may have altered; a task recomputes them.

    With ``changed_at``, results computed after the change (which count it) stay fresh.
    """
    results = IndicatorResult.objects.filter(
        org_unit_id__in=unit_ids, period__in=period_codes, stale=False
    )
    if changed_at is not None:
        results = results.filter(computed_at__lt=changed_at)
    return flag_stale(results)


# The order every writer of stored results takes their rows' locks in: a mark (inside an
# approval's transaction) and a refresh's store that took the same rows in different orders
# deadlocked under a steady stream of approvals.
LOCK_ORDER = ("indicator", "org_unit_id", "period")


def flag_stale(results):
    """Set ``stale`` on these stored results, locking them in ``LOCK_ORDER``; how many."""
    if connection.vendor != "postgresql":
        return results.update(stale=True)  # SQLite locks the whole database
    with transaction.atomic():
        ids = list(results.order_by(*LOCK_ORDER).select_for_update().values_list("id", flat=True))
        if not ids:
            return 0
        return IndicatorResult.objects.filter(id__in=ids).update(stale=True)


def stale_keys():
    """(unit_id, period) pairs with stale results: what the debounced refresh recomputes."""
    return set(
        IndicatorResult.objects.filter(stale=True).values_list("org_unit_id", "period").distinct()
    )
