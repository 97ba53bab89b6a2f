"""What the benchmarks share, so that each ``bench_*.py`` keeps only what it measures.

- ``parser``: an argument parser with ``--smoke`` (a size CI can afford) and
  ``--postgres`` (the server a throwaway database is made on);
- ``migrated_database``: a throwaway PostgreSQL database whose schema is built
  by the project's migrations (copied from a migrated template kept between
  runs and named by the hash of the migrations and uv.lock), dropped on exit;
- ``configure_environment`` / ``server_environment``: production settings
  (DEBUG off) on a private database, for a benchmark that runs Django in its
  own process or in a server it starts;
- ``Server``: gunicorn or runserver on a free port, with its processes' CPU time;
- ``wrk``: one wrk run against a URL, as requests/s and p95;
- page weights: ``AssetLinks``, ``gzip_size``, ``static_file``.

Every figure a benchmark prints is a ratio against a baseline measured in the
same run: the machine is shared, so absolute numbers vary from run to run.
"""

import argparse
import contextlib
import gzip
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
KB = 1024
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
TEMPLATE_PREFIX = "bench_template_"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# --- Arguments --------------------------------------------------------------------


def parser(doc, postgres=True):
    """An argument parser described by the benchmark's docstring, with ``--smoke``."""
    result = argparse.ArgumentParser(
        description=doc.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    result.add_argument(
        "--smoke", action="store_true", help="a small size (under a minute or two) that CI runs"
    )
    if postgres:
        result.add_argument(
            "--postgres",
            metavar="URL",
            default=os.environ.get("BENCH_POSTGRES", DEFAULT_POSTGRES),
            help="a PostgreSQL server; the benchmark creates and drops its own database there",
        )
    return result


# --- Databases --------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(server, name):
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


def migrations_digest():
    """A hash of every migration and the lock file: what the migrated schema depends on."""
    digest = hashlib.sha256((ROOT / "uv.lock").read_bytes())
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _connect(server):
    import psycopg

    try:
        return psycopg.connect(server, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        raise SystemExit(
            f"cannot reach PostgreSQL at {server} ({error}); give a server with --postgres URL"
        ) from None


def migrate(url):
    """Build the whole schema in the database at ``url`` by ``manage.py migrate``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": url,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )


def migrated_template(server, fresh=False):
    """The name of a migrated template database for the current migrations.

    Migrating the whole project takes a minute or more on a busy machine, so the
    schema is kept as a template named by the hash of the migrations. It is
    migrated under a private name and renamed when complete, so two runs at once
    never see a half-migrated template.
    """
    template = f"{TEMPLATE_PREFIX}{migrations_digest()}"
    with _connect(server) as connection:
        if (
            connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [template]
            ).fetchone()
            and not fresh
        ):
            return template
        building = f"bench_building_{secrets.token_hex(4)}"
        connection.execute(f'CREATE DATABASE "{building}"')
    try:
        migrate(database_url(server, building))
        with _connect(server) as connection:
            if fresh:
                connection.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
            # If another run finished the same template first, ours is dropped below.
            with contextlib.suppress(Exception):
                connection.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
                building = None
            # Templates of older migrations are dropped if nobody is copying them now.
            for (old,) in connection.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                [TEMPLATE_PREFIX + "%", template],
            ).fetchall():
                with contextlib.suppress(Exception):
                    connection.execute(f'DROP DATABASE IF EXISTS "{old}"')
    finally:
        if building:
            with _connect(server) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
    return template


@contextlib.contextmanager
def migrated_database(server=DEFAULT_POSTGRES, prefix="bench", fresh=False):
    """A throwaway database with the project's migrated schema; yields its URL, drops it after."""
    template = migrated_template(server, fresh=fresh)
    name = f"{prefix}_{secrets.token_hex(4)}"
    with _connect(server) as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield database_url(server, name)
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        with _connect(server) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backends_of(server, url):
    """The PostgreSQL backend processes connected to the database at ``url``."""
    name = urlsplit(url).path.lstrip("/")
    with _connect(server) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [name]
        ).fetchall()
    return [pid for (pid,) in rows]


# --- Settings ---------------------------------------------------------------------


def production_values(workdir, database, redis_url=None, settings="portal.settings"):
    """The environment of production settings (DEBUG off) on a private database."""
    workdir = Path(workdir)
    (workdir / "static").mkdir(exist_ok=True)  # whitenoise warns about a missing STATIC_ROOT
    values = {
        "DJANGO_SETTINGS_MODULE": settings,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "VAR_DIR": str(workdir),
        "DATABASE_URL": database or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        "CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}",
    }
    if redis_url:
        values["REDIS_URL"] = redis_url
    return values


UNSET = ("REDIS_URL", "PLAUSIBLE_HOST", "PLAUSIBLE_DOMAIN", "CELERY_TASK_ALWAYS_EAGER")


def configure_environment(workdir, database=None, redis_url=None, settings="portal.settings"):
    """Production settings for Django in this process; set before Django is imported."""
    for name in UNSET:
        os.environ.pop(name, None)
    os.environ.update(production_values(workdir, database, redis_url, settings))
    for path in (str(BENCH), str(workdir)):
        if path not in sys.path:
            sys.path.insert(0, path)


def server_environment(workdir, database=None, redis_url=None, settings="portal.settings"):
    """The same, as the environment of a child process (a server, a phase of a benchmark)."""
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    env.update(production_values(workdir, database, redis_url, settings))
    env["PYTHONPATH"] = os.pathsep.join([str(workdir), str(BENCH), str(ROOT)])
    return env


def setup_django(quiet_commands=("compile_catalogs",)):
    """django.setup() and the management commands a fresh process needs, quietly."""
    import io

    import django
    from django.core.management import call_command

    django.setup()
    for command in quiet_commands:
        call_command(command, verbosity=0, stdout=io.StringIO())


# --- Servers ----------------------------------------------------------------------


def cpu_seconds(pids):
    """User + system CPU seconds used so far by these processes (those still alive)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def children_of(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def get(url, timeout=30, headers=None):
    """(status, headers, body) of a GET; an HTTP error status is returned, not raised."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (http://127.0.0.1)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Server:
    """A web server of the project on a free port: gunicorn (default) or runserver."""

    def __init__(self, env, workers=2, kind="gunicorn", port=None, extra=()):
        self.port = port or free_port()
        self.host = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        if kind == "gunicorn":
            command = [
                sys.executable, "-m", "gunicorn", "portal.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
                "--log-level", "warning", "--no-control-socket", *extra,
            ]  # fmt: skip
        else:
            command = [
                sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}",
                "--noreload", *extra,
            ]  # fmt: skip
        self.process = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603

    def wait(self, path="/", timeout=180):
        """Until ``path`` answers 200; the server's exit or a timeout ends the benchmark."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited with {self.process.returncode} before serving")
            try:
                last = get(self.host + path)[0]
                if last == 200:
                    return self
            except OSError as error:
                last = error
            time.sleep(0.2)
        raise SystemExit(f"{self.host}{path} did not answer 200 within {timeout} s: {last}")

    def warm(self, *paths, times=4):
        """A few requests per worker: each loads its URL patterns and templates once."""
        for _ in range(times * self.workers):
            for path in paths:
                get(self.host + path, timeout=60)

    def pids(self):
        return [self.process.pid, *children_of(self.process.pid)]

    def cpu(self):
        return cpu_seconds(self.pids())

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


# --- Load -------------------------------------------------------------------------

SUMMARY_LUA = r"""
function done(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format('{"seconds": %.3f, "requests": %d, "p95_ms": %.2f, ' ..
    '"errors": %d, "bad_status": %d}\n',
    summary.duration / 1e6, summary.requests, latency:percentile(95) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, non2xx))
end
"""


def require_wrk():
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")


def wrk(url, seconds=5, connections=16, threads=2, script=None, headers=(), args=()):
    """One wrk run: a dict with ``rate`` (requests/s), ``p95_ms``, ``requests``, ``errors``.

    Without a script, a summary script is used: every answer must be 2xx or 3xx
    (wrk counts the others as ``bad_status``).
    """
    require_wrk()
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as workdir:
        if script is None:
            script = Path(workdir) / "summary.lua"
            script.write_text(SUMMARY_LUA)
        command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
        command += ["--timeout", "30s", "--latency", "-s", str(script)]
        for header in headers:
            command += ["-H", header]
        command += [url]
        if args:
            command += ["--", *args]
        done = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=seconds + 120, check=False
        )
    if done.returncode != 0:
        raise SystemExit(f"wrk failed on {url}: {done.stderr.strip()}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["rate"] = result["requests"] / result["seconds"]
    return result


def load_note():
    """The load average, printed with every figure: other work on the machine changes them."""
    return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


# --- Page weights -----------------------------------------------------------------


class AssetLinks(HTMLParser):
    """Collects the stylesheets, scripts and preloaded fonts an HTML page references."""

    def __init__(self):
        super().__init__()
        self.css, self.js, self.fonts = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel and attrs.get("href"):
            self.css.append(attrs["href"])
        elif tag == "link" and "preload" in rel and attrs.get("as") == "font":
            self.fonts.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.js.append(attrs["src"])


def gzip_size(data, level):
    return len(gzip.compress(data, compresslevel=level, mtime=0))


def static_file(url):
    """The bytes of a same-origin static file, or None for another host or path."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    parts = urlsplit(url)
    if parts.netloc or not parts.path.startswith(settings.STATIC_URL):
        return None
    found = finders.find(parts.path.removeprefix(settings.STATIC_URL))
    if not found:
        raise SystemExit(f"the page references {url}, which no static finder has")
    return Path(found).read_bytes()
