"""Issue 12, item 6 (contests): two web processes behind one PostgreSQL and Redis, driven at once.

No entrant gets two first attempts, and the stored entries are the accepted ones.
Both are real gunicorn processes on ports of their own, sharing the test database.
"""

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from contests.models import Attempt, Participant
from tests.events.test_redis_outage import REPO, free_port, process_env

pytestmark = pytest.mark.django_db(transaction=True)


class WebProcess:
    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind",
             f"127.0.0.1:{self.port}", "--workers", "2", "--log-level", "warning",
             "--no-control-socket"],
            cwd=REPO,
            env=process_env(settings.REDIS_URL),
        )  # fmt: skip

    def wait(self):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail("gunicorn stopped before serving")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/contests", timeout=10):
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail("gunicorn did not answer within 120 s")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def two_web_processes():
    if connection.vendor != "postgresql":
        pytest.skip("Two processes writing at once need PostgreSQL (CI runs it).")
    webs = [WebProcess(), WebProcess()]
    try:
        for web in webs:
            web.wait()
        yield webs
    finally:
        for web in webs:
            web.stop()


def send(url, body):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def at_once(calls):
    """Run every (url, body) at the same moment, from threads; their (status, body)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, url, body):
        barrier.wait()
        results[index] = send(url, body)

    threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_twenty_starts_for_one_new_phone_on_two_processes_make_one_first_attempt(
    contest_page, two_web_processes
):
    contest = contest_page.contest
    contest.phone_codes = False  # a school-room contest: only the database stops the race
    contest.save()
    entry = {
        "full_name": "Hà Thị Dung",
        "phone": "0912 345 678",
        "birth_year": timezone.now().year - 20,
        "consent": True,
    }
    calls = [
        (f"{two_web_processes[n % 2].url}/api/v1/contests/{contest.pk}/attempts", entry)
        for n in range(20)
    ]
    started = at_once(calls)

    statuses = sorted(status for status, _body in started)
    # One start; the others refused (no proof for a number that played) or limited per phone.
    assert statuses[0] == 201 and set(statuses[1:]) <= {409, 429}, statuses
    [attempt_id] = [body["id"] for status, body in started if status == 201]
    assert Participant.objects.count() == 1
    assert Attempt.objects.count() == 1

    submits = [
        (f"{web.url}/api/v1/attempts/{attempt_id}/submit", {"answers": {}})
        for web in two_web_processes * 5
    ]
    results = at_once(submits)
    accepted = [body for status, body in results if status == 200 and body["first_submission"]]
    assert [status for status, _body in results] == [200] * 10
    assert len(accepted) == 1
    assert Attempt.objects.filter(submitted_at__isnull=False).count() == len(accepted)
