"""Approving and returning sessions through the API: scope, roles and the self-approval rule."""

import json

import pytest

from events.models import Status
from places import tokens
from tests.events.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(client):
    plaintexts = {}

    def send(user, path, body=None):
        if user.pk not in plaintexts:
            plaintexts[user.pk] = tokens.create_token(user, "test")[1]
        return client.post(
            f"/api/v1{path}",
            json.dumps(body or {}),
            content_type="application/json",
            headers={"Authorization": f"Bearer {plaintexts[user.pk]}"},
        )

    return send


@pytest.fixture
def session_a(people, venues):
    return SessionFactory(venue=venues.school_a, created_by=people.volunteer_a)


def test_a_reviewer_of_the_province_approves(post, people, session_a):
    response = post(people.reviewer_a, f"/sessions/{session_a.pk}/approve")
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    session_a.refresh_from_db()
    assert (session_a.status, session_a.reviewed_by) == (Status.APPROVED, people.reviewer_a)


def test_a_reviewer_of_another_province_gets_404_and_changes_nothing(post, people, session_a):
    assert post(people.reviewer_b, f"/sessions/{session_a.pk}/approve").status_code == 404
    response = post(people.reviewer_b, f"/sessions/{session_a.pk}/return", {"reason": "Sai"})
    assert response.status_code == 404
    session_a.refresh_from_db()
    assert session_a.status == Status.SUBMITTED


def test_a_volunteer_cannot_approve(post, people, session_a):
    response = post(people.volunteer_a2, f"/sessions/{session_a.pk}/approve")
    assert response.status_code == 403
    session_a.refresh_from_db()
    assert session_a.status == Status.SUBMITTED


def test_a_reviewer_cannot_approve_a_record_they_logged(post, people, venues):
    own = SessionFactory(venue=venues.school_a, created_by=people.reviewer_a)
    response = post(people.reviewer_a, f"/sessions/{own.pk}/approve")
    assert response.status_code == 403
    assert response.json()["detail"] == "Không ai được tự duyệt bản ghi của mình."
    own.refresh_from_db()
    assert own.status == Status.SUBMITTED


def test_an_approved_record_cannot_be_approved_or_returned_again(post, people, session_a):
    post(people.reviewer_a, f"/sessions/{session_a.pk}/approve")
    again = post(people.reviewer_a, f"/sessions/{session_a.pk}/return", {"reason": "Sai số"})
    assert again.status_code == 409
    session_a.refresh_from_db()
    assert session_a.status == Status.APPROVED


def test_returning_needs_a_reason(post, people, session_a):
    response = post(people.reviewer_a, f"/sessions/{session_a.pk}/return", {"reason": "  "})
    assert response.status_code == 422
    assert "reason" in response.json()["errors"]
    session_a.refresh_from_db()
    assert session_a.status == Status.SUBMITTED


def test_a_returned_record_carries_the_reason_and_the_author_is_told(
    post, people, session_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            people.reviewer_a, f"/sessions/{session_a.pk}/return", {"reason": "Thiếu số nữ"}
        )
    assert response.status_code == 200
    assert response.json()["return_reason"] == "Thiếu số nữ"
    assert mailoutbox[0].to == [people.volunteer_a.email]
    assert "Thiếu số nữ" in mailoutbox[0].body
