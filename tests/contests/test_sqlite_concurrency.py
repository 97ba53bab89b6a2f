"""Issue 14, item 4: the `make run` database (SQLite) takes concurrent writes.

Twenty starts for ONE new phone at the same moment, sent by threads to a real server
(gunicorn, two processes of ten threads) on a SQLite file made by `migrate`, as `make run`
makes it. None may answer "database is locked" (a 500): each is a start (201, the same
attempt resumed) or a refusal in the API's shape (409, 429).
"""

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import closing

import pytest

from tests.events.test_redis_outage import REPO, free_port

STARTS = 20
SETUP = """
import django; django.setup()
from contests.demo import load_demo_contest
from contests.models import Contest
from portal.demo import load_home_pages
home, _created = load_home_pages()
load_demo_contest(home)
Contest.objects.update(phone_codes=False)
print(Contest.objects.get().pk)
"""


def sqlite_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="portal.settings",
        VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SMS_BACKEND="console",
        CELERY_TASK_ALWAYS_EAGER="1",
    )
    return env


def run(env, *args):
    done = subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def start(url, body, answers):
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            answers.append((response.status, json.loads(response.read())))
    except urllib.error.HTTPError as error:
        answers.append((error.code, error.read().decode(errors="replace")))


@pytest.fixture
def sqlite_server(tmp_path):
    env = sqlite_env(tmp_path)
    run(env, "manage.py", "migrate", "--noinput", "-v0")
    contest_id = int(run(env, "-c", SETUP).split()[-1])
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--threads", "10", "--log-level", "warning",
         "--no-control-socket"],
        cwd=REPO, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/contests", timeout=10):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("gunicorn did not serve the SQLite database")
                time.sleep(0.2)
        yield base, contest_id, tmp_path / "db.sqlite3"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_twenty_simultaneous_starts_for_one_new_phone_never_find_the_database_locked(
    sqlite_server,
):
    base, contest_id, database = sqlite_server
    body = {
        "full_name": "Lò Văn Pâu",
        "phone": "0912 345 679",
        "birth_year": 2000,
        "consent": True,
    }
    answers = []
    threads = [
        threading.Thread(
            target=start, args=(f"{base}/contests/{contest_id}/attempts", body, answers)
        )
        for _ in range(STARTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _body in answers)
    assert len(answers) == STARTS
    assert all(status in {201, 409, 429} for status in statuses), answers
    assert 201 in statuses
    started = {body["id"] for status, body in answers if status == 201}
    assert len(started) == 1, "one phone, one attempt: the others resume it"
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
