import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery.result import AsyncResult

from portal.celery import app
from portal.tasks import ping
from tests.portal.sample_tasks import add_and_describe

REPO = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60


@pytest.fixture
def worker(redis_url):
    """A real Celery worker process on its own queue, against the run's Redis."""
    if app.conf.broker_url != redis_url:
        pytest.fail("The test process must use REDIS_URL as its broker (settings read it).")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "portal", "worker",
            "--pool=solo", "--queues", queue, "--hostname", f"{queue}@%h",
            "--without-gossip", "--without-mingle", "--loglevel=WARNING",
        ],
        cwd=REPO,
        env=env,
    )  # fmt: skip
    app.conf.task_always_eager = False  # really go through Redis and the worker
    try:
        yield queue
    finally:
        app.conf.task_always_eager = True
        process.terminate()
        process.wait(timeout=30)


def test_a_real_worker_round_trips_a_task_through_redis(worker):
    result = ping.apply_async(args=["xin chào"], queue=worker)
    assert result.get(timeout=WAIT_SECONDS) == {"pong": "xin chào"}


def test_django_framework_tasks_run_in_the_celery_worker(worker):
    task_result = add_and_describe.using(backend="celery", queue_name=worker).enqueue(2, 3)
    value = AsyncResult(task_result.id, app=app).get(timeout=WAIT_SECONDS)
    assert value == {"sum": 5, "ran_in": "worker"}


def test_tasks_are_json_only_and_acknowledged_late():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert app.conf.task_time_limit < visibility / 2
