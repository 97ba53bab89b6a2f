"""Benchmark: the indicator engine at national scale, against a plain COUNT(*) of the sessions.

    .tools/bin/uv run python bench/bench_indicators.py
    .tools/bin/uv run python bench/bench_indicators.py --sessions 200000 --repeat 1 --profile

Builds a throwaway database on the PostgreSQL server given by --postgres
(default postgres://postgres@127.0.0.1:5432/postgres): created as
``bench_indicators_<random>`` with the schema of the migrations (bench/support.py),
then dropped (``--smoke``: 2,000 venues, 20,000 sessions, one recompute).
It loads the official units with
the legacy ones (34 provinces, 3,321 communes, and the 10,051 communes, 696
districts and 63 provinces abolished on 2025-06-30), the seed plans, and with
COPY a national registry and a year of activity:

- 50,000 venues spread unevenly over the communes (villages, lower and upper
  secondary schools, vocational schools, universities in wards, boarding
  schools, industrial zones in a few communes, service establishments mostly
  in wards); about 5% without a population figure, some with 2024's only;
- 1,000,000 approved sessions in 2025 (plus a few percent submitted, returned
  or draft), with audiences matching their venue's kind and many repeated
  cohorts per venue (classes, shifts, village groups; some without a cohort):
  talks and the like at venues, commune-wide broadcasts, training for cadres
  and inspections of establishments; H1 broadcasts and training recorded
  against the communes then in force; some communes silent all year, some
  active in only some quarters;
- media items, and a UnitYear row (yearly plan, integration, cadres) per unit.

Then, after VACUUM ANALYZE (what autovacuum gives a live database), it times
in the same run:

- ``SELECT COUNT(*) FROM events_session``: the baseline every figure is a ratio of;
- the first dashboard read of the busiest province with nothing stored yet
  (``services.readings(province, "2025")``, which computes and stores that
  province's subtree);
- the full recompute: ``engine.refresh(country, parse_period("2025"))``, every
  indicator for every unit (the nightly task's work for one period);
- the same dashboard read with results stored.

With ``--workers N`` (default 2; 0 skips it), the nightly recompute of three periods
(one ``indicators.refresh_period`` task each) is timed in this process and then on N
real Celery workers (a queue of the run's own on ``--redis``).

The last line is the headline: the full recompute and the stored read, each as a
ratio of the COUNT(*). Exits non-zero, saying why, if PostgreSQL is unreachable.
"""

import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta

from support import ROOT, migrated_database
from support import parser as support_parser

YEAR = 2025
GOAL_RECOMPUTE = 60.0  # seconds
GOAL_READ = 0.200  # seconds

# kind: (venues, population range, sessions per venue on average, audience)
VENUE_KINDS = {
    "village": (25_000, (300, 1500), 12, "community"),
    "lower_secondary": (8_000, (300, 1200), 20, "students"),
    "establishment": (10_000, (5, 40), 5, "establishment_workers"),
    "high_school": (2_500, (600, 2000), 60, "students"),
    "vocational": (1_500, (200, 1500), 40, "students"),
    "university": (300, (2000, 20000), 100, "students"),
    "boarding_school": (300, (200, 600), 30, "students"),
    "industrial_zone": (400, (2000, 30000), 150, "iz_workers"),
    "other": (2_000, (100, 800), 5, "community"),
}
VENUE_PREFIX = {
    "village": "Thôn",
    "lower_secondary": "Trường THCS",
    "establishment": "Cơ sở",
    "high_school": "Trường THPT",
    "vocational": "Trường Trung cấp nghề",
    "university": "Trường Đại học",
    "boarding_school": "Trường PT DTNT",
    "industrial_zone": "Khu công nghiệp",
    "other": "Nhà văn hoá",
}
ESTABLISHMENT_TYPES = ("karaoke", "massage_sauna", "bar_club", "hotel_guesthouse", "other")
VENUE_FORMS = (
    "talk",
    "talk",
    "talk",
    "group_discussion",
    "counselling",
    "interactive_event",
    "contest",
    "exhibition",
    "film_screening",
)
COMMUNE_WIDE_FORMS = ("loudspeaker", "loudspeaker", "poster_banner", "leaflet_distribution")
ORGANIZER = {
    "community": "womens_union",
    "students": "school",
    "iz_workers": "labour_office",
    "establishment_workers": "police",
}
VILLAGE_GROUPS = (
    "Chi hội Phụ nữ",
    "Chi đoàn Thanh niên",
    "Hội Nông dân",
    "Hội Cựu chiến binh",
    "Câu lạc bộ Người cao tuổi",
    "Tổ tự quản",
)
# Shares of the sessions that are not at a venue's own audience.
SHARE_COMMUNE_WIDE = 0.06
SHARE_TRAINING = 0.02
SHARE_INSPECTION = 0.03
SHARE_NOT_APPROVED = 0.025  # on top of the approved sessions
# Trainee counts (events.models.TRAINEE_FIELDS; models cannot be imported before setup).
TRAINEE_FIELDS = (
    "trainees_province",
    "trainees_district",
    "trainees_commune",
    "trainees_rapporteurs",
    "trainees_peer_educators",
    "trainees_press",
    "trainees_volunteers",
)
SESSION_COLUMNS = (
    "client_id",
    "date",
    "venue_id",
    "org_unit_id",
    "form",
    "audience",
    "cohort",
    "participants",
    "female",
    "ethnic_minority",
    "under_18",
    "languages",
    "organizer",
    "note",
    "status",
    "return_reason",
    "above_baseline_confirmed",
    "created_by_id",
    "reviewed_by_id",
    "created_at",
    "updated_at",
    "submitted_at",
    "reviewed_at",
    *TRAINEE_FIELDS,
)


def parse_args():
    parser = support_parser(__doc__)
    parser.add_argument("--venues", type=int, default=50_000)
    parser.add_argument("--sessions", type=int, default=1_000_000, help="approved sessions")
    parser.add_argument("--repeat", type=int, default=3, help="timed full recomputes")
    parser.add_argument("--seed", type=int, default=20250314)
    parser.add_argument(
        "--profile", action="store_true", help="print the full recompute's costliest functions"
    )
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN ANALYZE of the engine's queries"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="Celery workers for the nightly recompute (0: skip)"
    )
    parser.add_argument(
        "--redis",
        metavar="URL",
        default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/8",
        help="the broker of the workers (a queue of the run's own)",
    )
    args = parser.parse_args()
    if args.smoke:
        args.venues, args.sessions, args.repeat = 2_000, 20_000, 1
    return args


def copy_rows(table, columns, rows):
    """COPY ``rows`` (tuples of Python values) into ``table``; returns how many."""
    from django.db import connection

    count = 0
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


class IndexesDeferred:
    """Drop a table's indexes and unique and foreign-key constraints, put them back on exit.

    What pg_restore does: building an index once over a million rows is several
    times faster than keeping it up to date row by row. The definitions are read
    back from the catalog, so the table ends with exactly the indexes it had.
    """

    def __init__(self, table):
        self.table = table

    def __enter__(self):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
                [self.table],
            )
            self.constraints = cursor.fetchall()
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname "
                "NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                [self.table, self.table],
            )
            self.indexes = cursor.fetchall()
            for name, _definition in self.constraints:
                cursor.execute(f'ALTER TABLE {self.table} DROP CONSTRAINT "{name}"')
            for name, _definition in self.indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        return self

    def __exit__(self, *exc_info):
        from django.db import connection

        with connection.cursor() as cursor:
            for _name, definition in self.indexes:
                cursor.execute(definition)
            for name, definition in self.constraints:
                cursor.execute(f'ALTER TABLE {self.table} ADD CONSTRAINT "{name}" {definition}')


# --- The data set -------------------------------------------------------------


class Country:
    """The loaded units as the generator needs them (ids, no ORM objects)."""

    def __init__(self, rng):
        from places.models import Level, OrgUnit, Succession

        units = list(OrgUnit.objects.values("id", "level", "name", "parent_id", "valid_until"))
        self.units = units
        self.country = next(u["id"] for u in units if u["level"] == Level.COUNTRY)
        current = [u for u in units if u["valid_until"] is None]
        self.provinces = [u["id"] for u in current if u["level"] == Level.PROVINCE]
        self.communes = [u for u in current if u["level"] == Level.COMMUNE]
        self.province_of = {u["id"]: u["parent_id"] for u in self.communes}
        self.wards = {u["id"] for u in self.communes if u["name"].startswith("Phường")}
        # The communes in force before the reform that each current commune took over.
        self.predecessors = {}
        for old, new in Succession.objects.filter(successor__level=Level.COMMUNE).values_list(
            "predecessor_id", "successor_id"
        ):
            self.predecessors.setdefault(new, []).append(old)
        ids = [u["id"] for u in self.communes]
        rng.shuffle(ids)
        silent_count = len(ids) // 25
        self.silent = set(ids[:silent_count])  # no activity at all in the year
        # About one commune in six skips one or two quarters: not "regular".
        self.quarters = {}
        for commune_id in ids[silent_count : silent_count + len(ids) // 6]:
            self.quarters[commune_id] = sorted(rng.sample([1, 2, 3, 4], rng.choice([2, 3])))
        self.industrial = set(rng.sample(ids, len(ids) // 8))


def build_venues(rng, country, total):
    """Venues and population baselines by COPY; returns the venues as plain dicts."""
    from common.text import search_name_for
    from places.models import PopulationBaseline, Venue

    scale = total / sum(spec[0] for spec in VENUE_KINDS.values())
    communes = [u["id"] for u in country.communes]
    venues = []
    for kind, (count, (low, high), per_venue, audience) in VENUE_KINDS.items():
        if kind == "university":
            weights = [1 if c in country.wards else 0 for c in communes]
        elif kind == "industrial_zone":
            weights = [1 if c in country.industrial else 0 for c in communes]
        elif kind == "establishment":
            weights = [5 if c in country.wards else 1 for c in communes]
        else:
            weights = [1] * len(communes)
        for commune_id in rng.choices(communes, weights=weights, k=round(count * scale)):
            number = len(venues) + 1
            venues.append(
                {
                    "id": None,
                    "code": f"BV{number:06d}",
                    "name": f"{VENUE_PREFIX[kind]} số {number}",
                    "kind": kind,
                    "commune": commune_id,
                    "population": rng.randint(low, high),
                    "audience": audience,
                    "weight": per_venue * rng.uniform(0.3, 1.7),
                }
            )
    copy_rows(
        Venue._meta.db_table,
        ("code", "name", "search_name", "kind", "establishment_type", "org_unit_id", "address"),
        (
            (
                v["code"],
                v["name"],
                search_name_for(v["name"]),
                v["kind"],
                rng.choice(ESTABLISHMENT_TYPES) if v["kind"] == "establishment" else "",
                v["commune"],
                "",
            )
            for v in venues
        ),
    )
    ids = dict(Venue.objects.values_list("code", "id"))
    baselines = []
    for venue in venues:
        venue["id"] = ids[venue["code"]]
        draw = rng.random()
        if draw < 0.05:
            venue["population"] = None  # a gap the dashboard lists
            continue
        baselines.append((venue["id"], YEAR - 1, round(venue["population"] * 0.97), "Bench"))
        if draw >= 0.15:  # one in ten has 2024's figure only, which the engine falls back to
            baselines.append((venue["id"], YEAR, venue["population"], "Bench"))
    copy_rows(PopulationBaseline._meta.db_table, ("venue_id", "year", "total", "source"), baselines)
    return venues, len(baselines)


def cohorts_of(rng, venue):
    """The named groups a venue's sessions are held for: few, so they repeat."""
    kind, population = venue["kind"], venue["population"] or 400
    if kind in {"high_school", "lower_secondary", "boarding_school"}:
        grades = (10, 11, 12) if kind != "lower_secondary" else (6, 7, 8, 9)
        per_grade = max(1, population // 40 // len(grades))
        return [f"{g}A{n}" for g in grades for n in range(1, per_grade + 1)]
    if kind in {"vocational", "university"}:
        return [f"K{rng.choice((47, 48, 49))}-Lớp {n}" for n in range(1, population // 45 + 2)]
    if kind == "industrial_zone":
        return [
            f"Ca {s} xưởng {n}" for s in ("sáng", "chiều") for n in range(1, population // 800 + 2)
        ]
    if kind == "establishment":
        return ["Nhân viên", "Ca tối"]
    return list(VILLAGE_GROUPS)


def session_rows(rng, country, venues, approved, user_id):
    """Every session row for COPY: ``approved`` approved ones, then the not yet approved."""
    year_days = (date(YEAR, 12, 31) - date(YEAR, 1, 1)).days + 1
    quarter_days = {
        q: [
            date(YEAR, 1, 1) + timedelta(days=d)
            for d in range(year_days)
            if (date(YEAR, 1, 1) + timedelta(days=d)).month in range(3 * q - 2, 3 * q + 1)
        ]
        for q in (1, 2, 3, 4)
    }
    all_days = [day for q in (1, 2, 3, 4) for day in quarter_days[q]]
    reform = date(YEAR, 7, 1)
    active = [v for v in venues if v["commune"] not in country.silent]
    establishments = [v for v in active if v["kind"] == "establishment"]
    inspected = rng.sample(establishments, len(establishments) * 2 // 5)
    communes = [u["id"] for u in country.communes if u["id"] not in country.silent]
    cohorts = {}
    stamp = datetime(YEAR, 1, 1, tzinfo=UTC).isoformat()

    def day_in(commune_id):
        quarters = country.quarters.get(commune_id)
        if quarters is None:
            return rng.choice(all_days)
        return rng.choice(quarter_days[rng.choice(quarters)])

    def unit_on(commune_id, day):
        """Before the reform, commune-level records name the commune then in force."""
        olds = country.predecessors.get(commune_id)
        return rng.choice(olds) if day < reform and olds else commune_id

    total = round(approved * (1 + SHARE_NOT_APPROVED))
    counts = {
        "commune_wide": round(total * SHARE_COMMUNE_WIDE),
        "training": round(total * SHARE_TRAINING),
        "inspection": round(total * SHARE_INSPECTION),
    }
    counts["venue"] = total - sum(counts.values())
    plan = (
        [
            ("venue", v)
            for v in rng.choices(active, weights=[v["weight"] for v in active], k=counts["venue"])
        ]
        + [("commune_wide", c) for c in rng.choices(communes, k=counts["commune_wide"])]
        + [("training", c) for c in rng.choices(communes, k=counts["training"])]
        + [("inspection", v) for v in rng.choices(inspected, k=counts["inspection"])]
    )
    rng.shuffle(plan)
    statuses = ["submitted", "returned", "draft"]
    for number, (what, where) in enumerate(plan):
        venue_id, cohort = None, ""
        if what == "venue":
            commune_id, venue_id = where["commune"], where["id"]
            day = day_in(commune_id)
            form, audience = rng.choice(VENUE_FORMS), where["audience"]
            if rng.random() >= 0.1:
                names = cohorts.get(venue_id) or cohorts.setdefault(
                    venue_id, cohorts_of(rng, where)
                )
                cohort = rng.choice(names)
                if rng.random() < 0.1:
                    cohort = cohort.lower()  # the same group, typed differently
            top = where["population"] or 400
            if audience == "students":
                participants = rng.randint(25, 48)
            elif audience == "iz_workers":
                participants = rng.randint(40, min(600, top))
            elif audience == "establishment_workers":
                participants = rng.randint(2, max(2, min(25, top)))
            else:
                participants = rng.randint(15, 120)
        elif what == "commune_wide":
            commune_id = where
            day = day_in(commune_id)
            commune_id = unit_on(commune_id, day)
            form, audience = rng.choice(COMMUNE_WIDE_FORMS), "community"
            participants = rng.randint(200, 3000)
        elif what == "training":
            commune_id = where
            day = day_in(commune_id)
            commune_id = unit_on(commune_id, day)
            form, audience = "training", "cadres"
            cohort = f"Lớp tập huấn {rng.randint(1, 3)}"
            participants = rng.randint(15, 60)
        else:
            commune_id, venue_id = where["commune"], where["id"]
            day = day_in(commune_id)
            form, audience = "inspection", "establishment_workers"
            participants = rng.randint(1, 8)
        status = "approved" if number < approved else rng.choice(statuses)
        reviewed = user_id if status in {"approved", "returned"} else None
        yield (
            f"{rng.getrandbits(128):032x}",
            day,
            venue_id,
            commune_id,
            form,
            audience,
            cohort,
            participants,
            participants // 2,
            participants // 8,
            participants if audience == "students" else 0,
            '["vi"]',
            ORGANIZER.get(audience, "other"),
            "",
            status,
            "Thiếu ảnh" if status == "returned" else "",
            False,
            user_id,
            reviewed,
            stamp,
            stamp,
            None if status == "draft" else stamp,
            stamp if reviewed else None,
            *(0 for _ in TRAINEE_FIELDS),
        )


def build_activity(rng, country, venues, approved):
    """Sessions, media items and unit-year facts by COPY; returns the session count."""
    from django.contrib.auth.models import User

    from campaigns.models import MediaItem
    from events.models import Session
    from indicators.models import UnitYear
    from places.models import Level

    user = User.objects.create(username="bench", is_active=True)
    with IndexesDeferred(Session._meta.db_table):
        sessions = copy_rows(
            Session._meta.db_table,
            SESSION_COLUMNS,
            session_rows(rng, country, venues, approved, user.pk),
        )
    channels = (
        "newspaper",
        "online_newspaper",
        "online_newspaper",
        "television",
        "radio",
        "social_post",
        "loudspeaker",
        "magazine",
    )
    media = []
    for _ in range(6000):
        draw = rng.random()
        if draw < 0.1:
            unit, level = country.country, "central"
        elif draw < 0.7:
            unit, level = rng.choice(country.provinces[:28]), "provincial"  # a few provinces lag
        else:
            unit, level = rng.choice(country.communes)["id"], "commune"
        day = date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))
        media.append(
            (
                day,
                "Tin tuyên truyền phòng, chống mại dâm",
                "Báo",
                rng.choice(channels),
                level,
                "",
                unit,
                "",
                user.pk,
                datetime(YEAR, 1, 1, tzinfo=UTC),
            )
        )
    copy_rows(
        MediaItem._meta.db_table,
        (
            "published_on",
            "title",
            "outlet",
            "channel",
            "level",
            "url",
            "org_unit_id",
            "note",
            "logged_by_id",
            "logged_at",
        ),
        media,
    )
    facts = []
    for unit in country.units:
        if unit["level"] == Level.COMMUNE and unit["valid_until"] is not None:
            continue  # old communes closed mid-year reported nothing for 2025
        # Cadres to train: a commune's own, a province's or the country's across its units.
        cadres = None if rng.random() < 0.1 else rng.randint(100, 300)
        if unit["level"] == Level.PROVINCE:
            cadres = cadres and cadres * 100
        elif unit["level"] == Level.COUNTRY:
            cadres = 700_000
        facts.append((unit["id"], YEAR, rng.random() < 0.85, "", rng.random() < 0.55, cadres))
    copy_rows(
        UnitYear._meta.db_table,
        ("org_unit_id", "year", "has_yearly_plan", "plan_document", "integrated", "cadres"),
        facts,
    )
    return sessions


# --- Timings ------------------------------------------------------------------


def median_time(action, repeat):
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), runs


def count_sessions():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM events_session")
        return cursor.fetchone()[0]


def busiest_province(country):
    from django.db.models import Count

    from events.models import Session
    from places.models import OrgUnit

    per_province = {}
    for unit_id, sessions in (
        Session.objects.values("org_unit").annotate(n=Count("id")).values_list("org_unit", "n")
    ):
        province = country.province_of.get(unit_id)
        if province is not None:
            per_province[province] = per_province.get(province, 0) + sessions
    return OrgUnit.objects.get(pk=max(per_province, key=per_province.get))


def vacuum_results():
    """What autovacuum does between two refreshes of a live database (off on some servers)."""
    from django.db import connection

    from indicators.models import IndicatorResult

    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {IndicatorResult._meta.db_table}")


def seconds(value):
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s"


def main():
    args = parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bench_indicators_") as workdir,
        migrated_database(args.postgres, "bench_indicators") as database,
    ):
        os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
        os.environ["VAR_DIR"] = workdir
        os.environ["DATABASE_URL"] = database
        run(args)


def run(args):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from events.models import Session
    from indicators import engine, services
    from indicators.models import IndicatorResult
    from indicators.periods import parse_period
    from places.models import OrgUnit
    from places.services import load_admin_units

    rng = random.Random(args.seed)
    started = time.perf_counter()
    load_admin_units(with_legacy=True)
    call_command("load_plans", stdout=io.StringIO())
    country = Country(rng)
    units_at = time.perf_counter()
    venues, baselines = build_venues(rng, country, args.venues)
    venues_at = time.perf_counter()
    sessions = build_activity(rng, country, venues, args.sessions)
    sessions_at = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    built_at = time.perf_counter()
    approved = Session.objects.approved().count()
    print(
        f"Database: PostgreSQL {connection.pg_version // 10000}; "
        f"{len(country.units):,} units ({len(country.provinces)} provinces, "
        f"{len(country.communes):,} communes in force, the rest abolished in 2025), "
        f"{len(venues):,} venues, {baselines:,} population figures, "
        f"{sessions:,} sessions ({approved:,} approved) in {YEAR}"
    )
    print(
        f"  built in {built_at - started:.0f} s: units and plans {units_at - started:.0f} s, "
        f"venues {venues_at - units_at:.0f} s, sessions and the rest "
        f"{sessions_at - venues_at:.0f} s, VACUUM ANALYZE {built_at - sessions_at:.0f} s"
    )

    count_sessions()  # warm the cache as the other readings will find it
    count_time, _runs = median_time(count_sessions, 5)
    baseline = f"COUNT(*) over {sessions:,} sessions ({seconds(count_time)})"
    print(f"baseline: a plain COUNT(*) of the sessions table: {seconds(count_time)} (median of 5)")

    period = parse_period(str(YEAR))
    root = OrgUnit.objects.get(pk=country.country)
    province = busiest_province(country)
    province_units = OrgUnit.objects.subtree(province).count()

    def first_read():
        IndicatorResult.objects.filter(org_unit__path__startswith=province.path).delete()
        started = time.perf_counter()
        services.readings(province, str(YEAR))
        return time.perf_counter() - started

    first_runs = [first_read() for _ in range(3)]
    first_time = statistics.median(first_runs)
    print(
        f"first dashboard read of {province.name} ({province_units:,} units), nothing stored: "
        f"{seconds(first_time)} = {first_time / count_time:.1f}x {baseline} (median of 3)"
    )

    if args.explain:
        explain_engine(root, period)

    started = time.perf_counter()
    engine.compute(root, period)
    compute_time = time.perf_counter() - started

    IndicatorResult.objects.all().delete()
    vacuum_results()
    profiler = cProfile.Profile() if args.profile else None
    stored, runs = [], []
    for _ in range(args.repeat):
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        stored.append(engine.refresh(root, period))
        runs.append(time.perf_counter() - started)
        if profiler:
            profiler.disable()
        vacuum_results()
    recompute_time = statistics.median(runs)
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    print(
        f"full recompute, {stored[0]:,} results stored: {seconds(recompute_time)} = "
        f"{recompute_time / count_time:.0f}x {baseline}; goal {GOAL_RECOMPUTE:.0f} s"
    )
    print(
        f"  median of {len(runs)}: {', '.join(seconds(r) for r in runs)} (the first inserts, "
        f"the others update; VACUUM between runs, as autovacuum would); computing alone "
        f"{seconds(compute_time)}, the rest is storing"
    )

    national = services.readings(root, str(YEAR))
    print(
        "  national figures: "
        + ", ".join(f"{r.code} {'no data' if r.value is None else r.value}" for r in national)
    )

    services.readings(province, str(YEAR))  # the first read of a process imports and caches
    read_time, _runs = median_time(lambda: services.readings(province, str(YEAR)), 21)
    print(
        f"dashboard read of {province.name}, results stored: {seconds(read_time)} = "
        f"{read_time / count_time:.2f}x {baseline}; goal {GOAL_READ * 1000:.0f} ms (median of 21)"
    )
    nightly = ""
    if args.workers:
        one, parallel = nightly_with_workers(args, root)
        print(
            f"nightly recompute of {len(NIGHTLY)} periods ({', '.join(NIGHTLY)}): one process "
            f"{seconds(one)}, {args.workers} Celery workers {seconds(parallel)} "
            f"({one / parallel:.2f}x faster)"
        )
        nightly = f", nightly with {args.workers} workers {seconds(parallel)}"
    print(
        f"indicators: full recompute {seconds(recompute_time)} "
        f"({recompute_time / count_time:.0f}x COUNT(*); goal {GOAL_RECOMPUTE:.0f} s), province "
        f"dashboard read {seconds(read_time)} ({read_time / count_time:.2f}x COUNT(*)){nightly}"
    )


NIGHTLY = (str(YEAR), f"{YEAR}-H2", f"{YEAR}-Q4")


def nightly_with_workers(args, root):
    """The nightly recompute (one task per period) in this process, then on Celery workers.

    The workers are real ``celery worker`` processes on the bench database, taking a
    queue of this run's own on the Redis of ``--redis``; the time runs from sending
    the tasks to the last result.
    """
    import secrets
    import subprocess

    from celery import Celery
    from django.db import connections

    from indicators import engine
    from indicators.periods import parse_period

    started = time.perf_counter()
    for code in NIGHTLY:
        engine.refresh(root, parse_period(code))
    one = time.perf_counter() - started
    connections.close_all()

    queue = f"bench-indicators-{secrets.token_hex(4)}"
    env = {
        **os.environ,
        "REDIS_URL": args.redis,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo"]
    command += ["-Q", queue, "--without-gossip", "--without-mingle", "--loglevel=WARNING"]
    workers = [
        subprocess.Popen(  # noqa: S603 (our own Celery app; its banner is not a figure)
            [*command, "-n", f"{queue}-{n}@%h"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
        )
        for n in range(args.workers)
    ]
    app = Celery(broker=args.redis, backend=args.redis)
    try:
        pings = [
            app.send_task("portal.ping", args=[n], queue=queue) for n in range(2 * args.workers)
        ]
        for ping in pings:
            ping.get(timeout=300)  # every worker has started
        started = time.perf_counter()
        results = [
            app.send_task("indicators.refresh_period", args=[code], queue=queue) for code in NIGHTLY
        ]
        for result in results:
            result.get(timeout=1800)
        parallel = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
    return one, parallel


def explain_engine(root, period):
    """EXPLAIN ANALYZE every SQL statement one full compute runs."""
    from django.db import connection, transaction

    from indicators import engine

    statements = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        engine.compute(root, period)
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            print("-" * 80)
            print(sql.strip()[:300])
            for (line,) in cursor.fetchall():
                print(line)


if __name__ == "__main__":
    main()
