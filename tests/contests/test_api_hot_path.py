"""The contest's starts and submissions, an evening rush's requests, do only what they need.

They go through portal.middleware.LeanApiMiddleware: no session, no cookie, no
CSRF, no page cache, yet the host check and the HTTPS headers stay; and each
takes a fixed, small number of queries.
"""

import json

import pytest

from tests.contests.test_api import correct, entry, post, start


@pytest.fixture
def school_room(contest_page):
    """A contest without SMS codes: a start is one request."""
    contest = contest_page.contest
    contest.phone_codes = False
    contest.save()
    return contest


def test_a_first_start_takes_one_statement_once_the_contest_is_read(
    client, school_room, django_assert_max_num_queries
):
    post(client, f"/api/v1/contests/{school_room.pk}/attempts", entry(phone="0912 000 001"))
    # The participant's INSERT … ON CONFLICT and their attempt's, in one statement.
    with django_assert_max_num_queries(1):
        response = post(
            client, f"/api/v1/contests/{school_room.pk}/attempts", entry(phone="0912 000 002")
        )
    assert response.status_code == 201


def test_a_submission_takes_a_select_and_an_update(
    client, school_room, django_assert_max_num_queries
):
    attempt_id = start(client, school_room, device_token="").json()["id"]
    answers = correct(attempt_id)
    with django_assert_max_num_queries(2):
        response = post(client, f"/api/v1/attempts/{attempt_id}/submit", {"answers": answers})
    assert response.status_code == 200
    assert response.json()["first_submission"] is True


def test_a_start_sets_no_cookie_and_keeps_the_security_headers(client, school_room):
    response = post(client, f"/api/v1/contests/{school_room.pk}/attempts", entry())

    assert response.status_code == 201
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_start_needs_no_csrf_token_even_with_a_session_cookie(school_room):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = "whatever"
    response = post(client, f"/api/v1/contests/{school_room.pk}/attempts", entry())

    assert response.status_code == 201


def test_a_start_for_an_unknown_host_is_refused(client, school_room):
    response = client.post(
        f"/api/v1/contests/{school_room.pk}/attempts",
        json.dumps(entry()),
        content_type="application/json",
        headers={"host": "evil.example.com"},
    )

    assert response.status_code == 400


def test_other_api_requests_keep_the_whole_middleware(client, school_room):
    response = client.post("/api/v1/sessions", "{}", content_type="application/json")

    assert response["X-Frame-Options"] == "DENY"
