"""Issue 12, item 2 (contests): with Redis stopped, starts and submissions are stored;
nothing is lost or doubled when it returns.

A real redis-server that this test starts and stops on a port of its own (never
the shared one) holds the cache and the rate limits; the contest API runs in
this process through Django's test client, with its whole middleware stack.
"""

import json
import re
import shutil

import pytest
from django.utils import timezone

from contests import abuse, sms
from contests.models import Attempt, Participant
from tests.conftest import in_ci
from tests.events.test_redis_outage import RedisServer


@pytest.fixture
def redis_server(settings):
    if shutil.which("redis-server") is None:
        if in_ci():
            pytest.fail("redis-server must be installed in CI for the outage test.")
        pytest.skip("redis-server is not installed here.")
    server = RedisServer()
    server.start()
    shared = (settings.REDIS_URL, settings.CACHES)
    settings.REDIS_URL = server.url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "outage-test",
        }
    }
    abuse.reset()
    yield server
    settings.REDIS_URL, settings.CACHES = shared  # before the cache is cleared after the test
    server.stop()
    abuse.reset()


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def play(client, contest, phone):
    """Ask for a code, start and submit; the two answers' status codes and the attempt id."""
    post(client, f"/api/v1/contests/{contest.pk}/codes", {"phone": phone})
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1]["text"]).group(1)
    started = post(
        client,
        f"/api/v1/contests/{contest.pk}/attempts",
        {
            "full_name": "Lò Thị Ngọc",
            "phone": phone,
            "birth_year": timezone.now().year - 20,
            "consent": True,
            "code": code,
        },
    )
    attempt_id = started.json()["id"]
    submitted = post(client, f"/api/v1/attempts/{attempt_id}/submit", {"answers": {}})
    return started.status_code, submitted.status_code, attempt_id


def test_entries_are_stored_while_redis_is_down_and_none_is_lost_or_doubled_after(
    client, contest_page, redis_server, monkeypatch
):
    contest = contest_page.contest
    assert play(client, contest, "0912 000 001")[:2] == (201, 200)

    redis_server.stop()
    during = play(client, contest, "0912 000 002")
    assert during[:2] == (201, 200)

    redis_server.start()
    monkeypatch.setattr(abuse, "REDIS_RETRY_SECONDS", 0)
    abuse._redis["down_until"] = 0.0  # as after the few seconds the limiter waits
    again = post(client, f"/api/v1/attempts/{during[2]}/submit", {"answers": {}})
    assert again.status_code == 200 and again.json()["first_submission"] is False
    assert play(client, contest, "0912 000 003")[:2] == (201, 200)

    assert Attempt.objects.filter(submitted_at__isnull=False).count() == 3
    assert Participant.objects.count() == 3
    assert all(p.attempts.count() == 1 for p in Participant.objects.all())
