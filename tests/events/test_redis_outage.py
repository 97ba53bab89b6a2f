"""Item 9: with Redis down a submission is saved, and its follow-up work runs once Redis is back.

Every process here is real: a Redis server this test starts and stops, a
"web" process that records a session with a photo, a Celery worker, and the
dispatcher that beat would run. They share the test database, which is why
the test needs committed data (``transactional_db``).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from events.models import FollowUp, Session, SessionPhoto
from tests.conftest import in_ci

pytestmark = pytest.mark.django_db(transaction=True)

REPO = Path(__file__).resolve().parents[2]
DEADLINE_SECONDS = 60

RECORD_WITH_PHOTO = """
import datetime, io, sys, uuid
import django; django.setup()
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from events import photos, services
from events.checks import SessionInput
from places.models import Venue
user = get_user_model().objects.get(username=sys.argv[1])
data = SessionInput(
    date=datetime.date(2025, 3, 14), venue=Venue.objects.get(code=sys.argv[2]), form="talk",
    audience="students", cohort="10A1", participants=40, female=20, ethnic_minority=3,
    under_18=40, languages=["vi"], organizer="youth_union",
)
session, created = services.record_session(user, data, client_id=uuid.UUID(sys.argv[3]))
buffer = io.BytesIO()
Image.new("RGB", (640, 480), (10, 120, 60)).save(buffer, format="JPEG")
photos.add_photo(session, SimpleUploadedFile("a.jpg", buffer.getvalue(), "image/jpeg"))
print("saved", session.pk)
"""

DISPATCH = """
import django; django.setup()
from events.follow_ups import dispatch
print("sent", dispatch())
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, what):
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


class RedisServer:
    """A throwaway redis-server on its own port, stopped and started by the test."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self.answers, "redis-server to answer")

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        if in_ci():
            pytest.fail("redis-server must be installed in CI for the outage test.")
        pytest.skip("redis-server is not installed here.")
    server = RedisServer()
    yield server
    server.stop()


def process_env(redis_url):
    """The environment of a process that shares this test's database."""
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        database_url = f"sqlite:///{settings['NAME']}"
    else:
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        database_url = (
            f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }


def run_python(script, *args, env):
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_submission_made_while_redis_is_down_is_kept_and_its_work_runs_once_redis_is_back(
    people, venues, redis_server
):
    env = process_env(redis_server.url)
    client_id = str(uuid.uuid4())

    # Redis is down: the volunteer's record and photo are still saved, quickly.
    started = time.monotonic()
    saved = run_python(RECORD_WITH_PHOTO, "tnv_thuonglam", venues.school_a.code, client_id, env=env)
    assert saved.returncode == 0, saved.stderr
    assert time.monotonic() - started < 60
    session = Session.objects.get(client_id=client_id)
    photo = SessionPhoto.objects.get(session=session)
    assert not photo.thumbnail
    pending = FollowUp.objects.get(key=f"thumbnail:{photo.pk}")
    assert pending.dispatched_at is None and pending.done_at is None

    # Redis comes back; a worker starts; beat's dispatcher runs (twice, as beat might).
    redis_server.start()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo",
         "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=REPO,
        env=env,
    )  # fmt: skip
    try:
        first = run_python(DISPATCH, env=env)
        assert first.returncode == 0, first.stderr
        assert first.stdout.strip() == "sent 1"
        second = run_python(DISPATCH, env=env)
        assert second.stdout.strip() == "sent 0"

        wait_until(
            lambda: FollowUp.objects.filter(pk=pending.pk, done_at__isnull=False).exists(),
            "the worker to make the thumbnail",
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    photo.refresh_from_db()
    assert photo.thumbnail
    thumbnails = list(Path(photo.thumbnail.path).parent.iterdir())
    assert len(thumbnails) == 1  # done once, not twice
    assert FollowUp.objects.get(pk=pending.pk).attempts == 1
    assert Session.objects.filter(client_id=client_id).count() == 1
