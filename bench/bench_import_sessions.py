"""Benchmark: importing 100,000 session rows, against PostgreSQL's own COPY of the same rows.

    .tools/bin/uv run python bench/bench_import_sessions.py
    .tools/bin/uv run python bench/bench_import_sessions.py --rows 20000 --profile

Builds a throwaway database on the PostgreSQL server given by --postgres
(default postgres://postgres@127.0.0.1:5432/postgres): created with the schema of
the migrations (bench/support.py), then dropped. ``--smoke``: 2,000 rows.
It loads the official list of provinces and communes, gives the province with
the most communes a realistic registry (schools, an industrial zone, service
establishments and villages in every commune, each with 2024 and 2025
population figures) and a province officer, then writes a CSV of valid
sessions across that province: most at venues with a client id, some
commune-wide broadcasts, some without a client id (matched on the natural
key), a few above their venue's baseline.

It times, in the same run:

- the import service (``events.imports.import_sessions``) on that file, from
  the file's bytes to the commit: reading, every row's checks, saving sessions,
  their audit trail and materials;
- a second import of the same file (every row skipped as already there);
- ``COPY ... FROM STDIN (FORMAT csv)`` of the same bytes into a plain table with
  the same columns and no indexes: the fastest PostgreSQL itself loads them.

The last line gives the import's rows per second and its ratio to COPY's.
"""

import cProfile
import csv
import io
import os
import pstats
import random
import tempfile
import time
import uuid
from datetime import date, timedelta

from support import migrated_database
from support import parser as support_parser


def parse_args():
    parser = support_parser(__doc__)
    parser.add_argument("--rows", type=int, default=100_000, help="session rows in the file")
    parser.add_argument("--seed", type=int, default=20250314)
    parser.add_argument(
        "--batch-size", type=int, default=None, help="rows per bulk insert (default: the import's)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="print the import's 25 costliest functions"
    )
    args = parser.parse_args()
    if args.smoke:
        args.rows = 2_000
    return args


def build_registry(rng):
    """The biggest province's venues (with baselines) and an officer of that province."""
    from django.contrib.auth.models import Permission, User
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from common.text import search_name_for
    from events.models import Session
    from places.models import (
        Level,
        Membership,
        OrgUnit,
        PopulationBaseline,
        Venue,
        VenueKind,
    )
    from places.services import load_admin_units

    load_admin_units()
    province = (
        OrgUnit.objects.current()
        .filter(level=Level.PROVINCE)
        .annotate(communes=Count("children"))
        .order_by("-communes", "code")
        .first()
    )
    communes = list(OrgUnit.objects.communes_under(province).current().order_by("code"))
    kinds = [
        (VenueKind.HIGH_SCHOOL, "Trường THPT", 600, 1400),
        (VenueKind.LOWER_SECONDARY, "Trường THCS", 300, 900),
        (VenueKind.VOCATIONAL, "Trường Trung cấp nghề", 200, 800),
        (VenueKind.INDUSTRIAL_ZONE, "Khu công nghiệp", 2000, 15000),
        (VenueKind.ESTABLISHMENT, "Karaoke", 5, 30),
        (VenueKind.ESTABLISHMENT, "Nhà nghỉ", 3, 15),
        (VenueKind.VILLAGE, "Thôn", 300, 1500),
        (VenueKind.VILLAGE, "Bản", 200, 900),
    ]
    venues = []
    for commune in communes:
        place = commune.name.split(" ", 1)[-1]
        for index, (kind, prefix, low, high) in enumerate(kinds):
            name = f"{prefix} {place} {index + 1}"
            venues.append(
                Venue(
                    code=f"{commune.code}-{index + 1:02d}",
                    name=name,
                    search_name=search_name_for(name),
                    kind=kind,
                    establishment_type=(
                        ("karaoke" if prefix == "Karaoke" else "hotel_guesthouse")
                        if kind == VenueKind.ESTABLISHMENT
                        else ""
                    ),
                    org_unit=commune,
                )
            )
            venues[-1].population = rng.randint(low, high)
    Venue.objects.bulk_create(venues, batch_size=2000)
    PopulationBaseline.objects.bulk_create(
        [
            PopulationBaseline(venue=venue, year=year, total=venue.population, source="Bench")
            for venue in venues
            for year in (2024, 2025)
        ],
        batch_size=2000,
    )
    officer = User.objects.create(username="canbo_bench", is_active=True)
    Membership.objects.create(user=officer, home_unit=province)
    session_type = ContentType.objects.get_for_model(Session)
    officer.user_permissions.add(
        Permission.objects.get(codename="import_session", content_type=session_type)
    )
    return province, communes, venues, officer


def session_rows(rng, count, communes, venues):
    """``count`` valid rows: venue sessions, commune-wide broadcasts, some without client id."""
    forms = ("talk", "group_discussion", "counselling", "interactive_event", "film_screening")
    audiences = {
        "high_school": "students",
        "lower_secondary": "students",
        "vocational": "students",
        "industrial_zone": "iz_workers",
        "establishment": "establishment_workers",
        "village": "community",
    }
    organizers = ("youth_union", "womens_union", "school", "labour_office", "police")
    first_day, days = date(2024, 1, 2), 700
    rows = []
    for number in range(count):
        day = first_day + timedelta(days=rng.randrange(days))
        client_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if rng.random() < 0.1:
            client_id = ""  # matched on the natural key instead
        if rng.random() < 0.06:
            commune = rng.choice(communes)
            participants = rng.randint(200, 3000)
            row = [client_id, day.isoformat(), "", commune.code.lstrip("0"), "loudspeaker"]
            cohort = "" if client_id else f"Đợt {number}"
            row += ["community", cohort, participants, 0, 0, 0, "vi", "womens_union"]
            row.append("Phát thanh trên loa xã")
        else:
            venue = rng.choice(venues)
            above = rng.random() < 0.01
            top = venue.population + rng.randint(1, 50) if above else venue.population
            participants = rng.randint(min(top, 5), top) if not above else top
            female = rng.randint(0, participants)
            minority = rng.randint(0, participants // 3)
            under_18 = participants if venue.kind in {"high_school", "lower_secondary"} else 0
            cohort = f"Nhóm {number}" if not client_id else rng.choice(["10A1", "11B2", "Ca sáng"])
            languages = "vi;hmn" if rng.random() < 0.2 else "vi"
            day_text = day.isoformat() if rng.random() < 0.7 else day.strftime("%d/%m/%Y")
            row = [client_id, day_text, venue.code, "", rng.choice(forms)]
            row += [audiences[venue.kind], cohort, participants, female, minority, under_18]
            row += [languages, rng.choice(organizers), rng.choice(["", "", "Có phát tờ rơi"])]
        rows.append(row)
    return rows


def csv_bytes(rows):
    """The rows as the import reads them: its own column order (events.imports)."""
    from events.imports import SESSION_COLUMNS

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SESSION_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def time_import(officer, data, profile=False, batch_size=None):
    from common.spreadsheets import open_table
    from events.imports import import_sessions

    profiler = cProfile.Profile() if profile else None
    stages = {}

    def progress(stage, done, total):
        stages.setdefault(stage, time.perf_counter())

    started = time.perf_counter()
    if profiler:
        profiler.enable()
    options = {"batch_size": batch_size} if batch_size else {}
    table = open_table(data, "sessions.csv")
    result = import_sessions(officer, table, progress=progress, **options)
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - started
    saving_from = stages.get("saving", started + elapsed)
    result.checking_time = saving_from - started
    result.saving_time = started + elapsed - saving_from
    if not result.ok:
        for error in result.errors[:20]:
            print(f"  {error}")
        raise SystemExit(f"The generated file has {result.bad_rows()} bad rows.")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return result, elapsed


def time_copy(data):
    from django.db import connection, transaction

    from events.imports import SESSION_COLUMNS

    columns = ", ".join(
        f"{name} {kind}"
        for name, kind in zip(
            SESSION_COLUMNS,
            ("uuid", "date", "text", "text", "text", "text", "text")
            + ("integer",) * 4
            + ("text", "text", "text"),
            strict=True,
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_copy_sessions ({columns})")
        cursor.execute("SET datestyle = 'ISO, DMY'")  # the file mixes 2025-03-14 and 14/03/2025
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        copy_sql = "COPY bench_copy_sessions FROM STDIN (FORMAT csv, HEADER true)"
        with cursor.cursor.copy(copy_sql) as copy:
            copy.write(data)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_copy_sessions")
        copied = cursor.fetchone()[0]
    return copied, elapsed


def main():
    args = parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bench_import_") as workdir,
        migrated_database(args.postgres, "bench_import") as database,
    ):
        os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
        os.environ["VAR_DIR"] = workdir
        os.environ["DATABASE_URL"] = database
        run(args)


def rate(rows, seconds):
    return f"{rows / seconds:,.0f} rows/s"


def run(args):
    import django

    django.setup()
    from django.db import connection

    from events.models import Session, SessionChange

    rng = random.Random(args.seed)
    province, communes, venues, officer = build_registry(rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"Database: PostgreSQL {connection.pg_version // 10000}; {province.name}: "
        f"{len(communes)} communes, {len(venues):,} venues with 2024 and 2025 baselines"
    )
    data = csv_bytes(session_rows(rng, args.rows, communes, venues))
    print(f"File: {args.rows:,} session rows, {len(data) / 1e6:.1f} MB of CSV")

    result, import_time = time_import(officer, data, args.profile, args.batch_size)
    assert result.imported == args.rows, (result.imported, args.rows)
    assert Session.objects.count() == args.rows
    print(
        f"import (read, check, save):  {args.rows:,} rows in {import_time:6.2f} s = "
        f"{rate(args.rows, import_time)}; {SessionChange.objects.count():,} audit rows, "
        f"{len(result.warnings):,} rows above their baseline flagged"
    )
    print(
        f"  of which reading and checking {result.checking_time:.2f} s, "
        f"saving {result.saving_time:.2f} s"
    )
    again, again_time = time_import(officer, data)
    assert (again.imported, again.skipped) == (0, args.rows)
    print(
        f"re-import (all skipped):     {args.rows:,} rows in {again_time:6.2f} s = "
        f"{rate(args.rows, again_time)}"
    )
    copied, copy_time = time_copy(data)
    assert copied == args.rows
    print(
        f"COPY into a plain table:     {args.rows:,} rows in {copy_time:6.2f} s = "
        f"{rate(args.rows, copy_time)}"
    )
    import_rate, copy_rate = args.rows / import_time, args.rows / copy_time
    print(
        f"import: {import_rate:,.0f} rows/s, {import_rate / copy_rate:.2f} of COPY's speed "
        f"(COPY: {copy_rate:,.0f} rows/s)"
    )


if __name__ == "__main__":
    main()
