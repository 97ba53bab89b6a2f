"""Benchmark: the first view of the country on the dashboard and on the public indicators page.

    .tools/bin/uv run python bench/bench_country_dashboard.py            # SQLite and PostgreSQL
    .tools/bin/uv run python bench/bench_country_dashboard.py --smoke    # SQLite, current units
    .tools/bin/uv run python bench/bench_country_dashboard.py --sqlite var/db.sqlite3 --no-postgres

Builds the ``make run`` database in a throwaway directory (SQLite: migrate,
roles, the official units with the ones abolished in 2025, the seed plans) and,
unless ``--smoke`` or ``--no-postgres``, the same on a throwaway PostgreSQL
database (``bench_dashboard_<random>`` on ``--postgres``, dropped afterwards).
It then times, with nothing stored yet (every ``IndicatorResult`` deleted, the
cache cleared, a fresh client), a superuser's ``GET /admin/indicators/`` (the
country, the current half year) and an anonymous ``GET /vi/chi-tieu/VN/``,
``--repeat`` times each, and reports the median against the goal of 1 s.
``--smoke`` loads only the current units (no legacy ones), one round.

The last line is the headline: each first view's median wall time in seconds
and as a ratio of the 1 s goal (below 1 is within the goal), with the median
CPU time of the measuring process and of its PostgreSQL backend (SQLite works
in the process): the fairer figure on a machine busy with other work.
"""

import argparse
import io
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
GOAL = 1.0  # seconds
PAGES = {"dashboard": "/admin/indicators/", "public": "/vi/chi-tieu/VN/{period}/"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="SQLite, current units, one round")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--postgres", default=DEFAULT_SERVER, help="server for the throwaway db")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--sqlite",
        help="measure a copy of this SQLite database (e.g. var/db.sqlite3 of make run) "
        "instead of building one",
    )
    # Internal: one database measured in a child process.
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--label", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--prebuilt", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def configure(workdir, database_url):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "VAR_DIR": str(workdir),
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "LOG_LEVEL": "WARNING",
            "PAGE_CACHE_SECONDS": "0",
        }
    )
    for name in ("REDIS_URL", "PLAUSIBLE_HOST", "PLAUSIBLE_DOMAIN"):
        os.environ.pop(name, None)
    (workdir / "static").mkdir(exist_ok=True)
    sys.path.insert(0, str(ROOT))


def create_postgres(server):
    import psycopg

    name = f"bench_dashboard_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise SystemExit(f"PostgreSQL is not reachable at {server}: {error}") from error
    parts = urlsplit(server)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))

    def drop():
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


def build(legacy):
    from django.core.management import call_command

    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("compile_catalogs", **quiet)
    call_command("migrate", "--noinput", **quiet)
    call_command("setup_roles", **quiet)
    call_command("load_admin_units", *(["--with-legacy"] if legacy else []), **quiet)
    call_command("load_plans", **quiet)


def backend_cpu():
    """CPU seconds used so far by this connection's PostgreSQL backend (0 elsewhere)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # a server on another machine
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_view(path, user):
    from django.core.cache import cache
    from django.test import Client

    from indicators.models import IndicatorResult

    IndicatorResult.objects.all().delete()
    cache.clear()
    client = Client()
    if user is not None:
        client.force_login(user)
    database = backend_cpu()
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(path)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    cpu += max(backend_cpu() - database, 0.0)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}")
    return elapsed, cpu


def measure(label, repeat):
    from django.test import override_settings

    # Plain static storage: no collectstatic run (the pages' timing, not their assets).
    plain = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain):
        return _measure(label, repeat)


def _measure(label, repeat):
    from django.contrib.auth import get_user_model

    admin, _created = get_user_model().objects.get_or_create(
        username="bench_admin", defaults={"is_superuser": True, "is_staff": True}
    )
    from indicators.dashboard import default_period

    figures = {}
    for page, path in PAGES.items():
        path = path.format(period=default_period())
        user = admin if page == "dashboard" else None
        first_view(path, user)  # warm the process: imports, templates, catalogs
        times = [first_view(path, user) for _ in range(repeat)]
        figures[page] = statistics.median(wall for wall, _cpu in times)
        figures[f"{page}_cpu"] = statistics.median(cpu for _wall, cpu in times)
        print(
            f"{label} {page}: median {figures[page]:.2f} s over {repeat} first views "
            f"(CPU of this process and its database backend {figures[f'{page}_cpu']:.2f} s; "
            f"load average "
            f"{os.getloadavg()[0]:.1f})"
        )
    return figures


def child(args):
    """Build and measure one database in this process; print the figures as JSON."""
    workdir = Path(args.workdir)
    configure(workdir, args.url)
    import django

    django.setup()
    started = time.perf_counter()
    if args.prebuilt:
        from django.core.management import call_command

        call_command("migrate", "--noinput", verbosity=0, stdout=io.StringIO())
    else:
        build(legacy=not args.smoke)
    from places.models import OrgUnit

    print(f"{args.label}: built in {time.perf_counter() - started:.0f} s, "
          f"{OrgUnit.objects.count()} units")  # fmt: skip
    figures = measure(args.label, 1 if args.smoke else args.repeat)
    print("RESULT " + json.dumps(figures), flush=True)


def run_child(label, url, args, workdir, prebuilt=False):
    """Each database in its own process: Django reads its settings once."""
    command = [sys.executable, __file__, "--child", "--label", label, "--url", url]
    command += ["--prebuilt"] if prebuilt else []
    command += ["--workdir", str(workdir), "--repeat", str(args.repeat)]
    command += ["--smoke"] if args.smoke else []
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 (our own script)
    figures = None
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            figures = json.loads(line[len("RESULT ") :])
        else:
            print(line)
    if figures is None:
        raise SystemExit(f"{label}: the measuring process failed:\n{done.stderr[-3000:]}")
    return figures


def main():
    args = parse_args()
    if args.child:
        child(args)
        return
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench_dashboard_") as tmp:
        workdir = Path(tmp)
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        if args.sqlite:
            shutil.copyfile(args.sqlite, workdir / "bench.sqlite3")
        results["sqlite"] = run_child("sqlite", url, args, workdir, prebuilt=bool(args.sqlite))
        if not (args.smoke or args.no_postgres):
            url, drop = create_postgres(args.postgres)
            try:
                results["postgresql"] = run_child("postgresql", url, args, workdir)
            finally:
                drop()
    parts = [
        f"{database} {page} {figures[page]:.2f} s ({figures[page] / GOAL:.2f}× goal, "
        f"CPU {figures[page + '_cpu']:.2f} s)"
        for database, figures in results.items()
        for page in PAGES
    ]
    print("country first view: " + ", ".join(parts))


if __name__ == "__main__":
    main()
