"""No runaway read (issue 14): past its time budget an API read stops, stores nothing, 503.

The clock is driven, not waited for: ``common.budget.monotonic`` is replaced by one that
moves on a fixed step at each reading, so "the budget runs out at the Nth query" is exact.
"""

import itertools
import json

import pytest

from common import budget
from events.models import Session
from indicators.models import IndicatorResult
from places import tokens
from tests.events.test_api_write import talk

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """A clock that moves ``step`` seconds at every reading once ``start()`` is called."""

    class Clock:
        def start(self, step):
            ticks = itertools.count()
            monkeypatch.setattr(budget, "monotonic", lambda: next(ticks) * step)

    return Clock()


def bearer(user):
    return {"Authorization": f"Bearer {tokens.create_token(user, 'test')[1]}"}


def assert_out_of_time(response):
    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "60"
    body = response.json()
    assert set(body) == {"detail", "errors", "warnings"}
    assert "quá nhiều thời gian" in body["detail"]


def test_a_read_past_its_budget_answers_503_and_stores_no_figure(client, people, venues, clock):
    headers = bearer(people.reviewer_a)
    clock.start(step=0.4)  # the budget (1.5 s) is spent by the fourth query

    response = client.get("/api/v1/indicators/?unit=08&period=2025", headers=headers)

    assert_out_of_time(response)
    assert not IndicatorResult.objects.exists()


def test_a_write_always_finishes_and_is_stored_once(client, people, venues, clock):
    headers = bearer(people.volunteer_a)
    body = json.dumps(talk())
    clock.start(step=10.0)  # every query "after" the budget: a write is never cut in half

    response = client.post(
        "/api/v1/sessions", body, content_type="application/json", headers=headers
    )

    assert response.status_code == 201, response.content
    assert Session.objects.count() == 1


def test_within_its_budget_a_read_answers(client, people, venues):
    headers = bearer(people.reviewer_a)
    response = client.get("/api/v1/indicators/?unit=08&period=2025", headers=headers)
    assert response.status_code == 200, response.content


def test_pages_are_not_under_the_api_budget(client, clock, settings):
    settings.API_TIME_BUDGET = 0
    clock.start(step=1.0)
    response = client.get("/healthz")
    assert response.status_code in {200, 503}
    assert "quá nhiều thời gian" not in response.content.decode()
