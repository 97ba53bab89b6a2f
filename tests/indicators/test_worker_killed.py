# ruff: noqa: F811  (fixtures imported from other test modules are redefined as arguments)
"""Issue 12, item 2: a Celery worker process killed with ``kill -9`` in the middle of an
indicator refresh or a report build. The job is done exactly once after the restart,
and nothing half-written is left: no partial results, no partial file.

Real processes: a private redis-server, a Celery worker (prefork, one child) that loads
``tests.indicators.pause_points`` so that the first run of a job waits half-way, and the
test, which kills the child doing the work. The worker's parent sees the child lost,
puts the message back (``acks_late`` with ``reject_on_worker_lost``) and its new child
runs the job again.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from indicators.models import IndicatorResult, Report, ReportStatus
from indicators.reports import services
from places.models import Role
from tests.events.test_redis_outage import REPO, process_env, run_python, wait_until
from tests.events.test_redis_outage import redis_server as private_redis  # noqa: F401
from tests.indicators.test_reports import (  # noqa: F401 (fixtures)
    REPORT_PERMISSIONS,
    activity,
    national_plan,
    officer,
)

pytestmark = pytest.mark.django_db(transaction=True)

ENQUEUE = """
import sys
import django; django.setup()
from indicators.report_tasks import generate_report
from indicators.tasks import refresh_all
if sys.argv[1] == "refresh":
    refresh_all.delay(["2025"])
else:
    generate_report.delay(int(sys.argv[2]), int(sys.argv[3]))
"""


@pytest.fixture
def worker(private_redis, tmp_path):
    """A worker whose first run of the job ``pause_at`` waits half-way."""
    started = []

    def start(pause_at):
        private_redis.start()
        markers = tmp_path / "markers"
        markers.mkdir()
        media = tmp_path / "media"
        env = {
            **process_env(private_redis.url),
            "PAUSE_MARKERS": str(markers),
            "PAUSE_AT": pause_at,
            "MEDIA_ROOT": str(media),
        }
        command = [sys.executable, "-m", "celery", "-A", "portal", "worker"]
        command += ["--pool=prefork", "--concurrency=1", "--include=tests.indicators.pause_points"]
        command += ["--without-gossip", "--without-mingle", "--loglevel=WARNING"]
        # A session of its own: the worker and its pool child are stopped together.
        started.append(subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True))
        return env, markers, media

    yield start
    for process in started:
        # No warm shutdown: a paused child would hold the test's tables.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)


def kill_at(markers, name):
    """Wait until the job is half-way, then kill -9 the process doing it."""
    marker = markers / name
    wait_until(marker.exists, f"the {name} to reach half-way")
    wait_until(lambda: marker.read_text().strip().isdigit(), "the marker's pid")
    os.kill(int(marker.read_text()), signal.SIGKILL)


def test_a_refresh_killed_half_way_is_done_once_after_the_restart_and_never_half_stored(
    tree, worker
):
    env, markers, _media = worker("refresh")
    queued = run_python(ENQUEUE, "refresh", env=env)
    assert queued.returncode == 0, queued.stderr

    kill_at(markers, "refresh")
    # Killed inside the refresh's transaction: none of the half it had written is stored.
    assert IndicatorResult.objects.count() == 0

    wait_until(lambda: IndicatorResult.objects.exists(), "the refresh to run again")
    stored = IndicatorResult.objects.filter(period="2025")
    assert stored.count() == stored.values("indicator", "org_unit").distinct().count()
    assert stored.values("computed_at").distinct().count() == 1  # one run stored them all


def test_a_report_build_killed_half_way_is_done_once_after_the_restart_with_whole_files(
    tree,
    national_plan,
    activity,
    officer,
    worker,
):
    env, markers, media = worker("report")
    user = officer(tree.tuyen_quang, REPORT_PERMISSIONS, Role.COMMUNICATION_OFFICER)
    report, _created = services.open_report(tree.tuyen_quang, "2025-H1", user)
    queued = run_python(ENQUEUE, "report", str(report.pk), str(user.pk), env=env)
    assert queued.returncode == 0, queued.stderr

    kill_at(markers, "report")
    report.refresh_from_db()
    assert report.status != ReportStatus.READY and not report.pdf_file

    wait_until(
        lambda: Report.objects.filter(pk=report.pk, status=ReportStatus.READY).exists(),
        "the report to be built again",
    )
    report.refresh_from_db()
    files = sorted(p.name for p in Path(media).rglob("*") if p.is_file())
    assert len(files) == 2, files  # one workbook and one PDF: no half-written or extra file
    assert Path(report.pdf_file.path).name in files
    assert (media / "reports" / report.pdf_file.name).read_bytes().startswith(b"%PDF")
