"""API tokens: required, checked, revocable; the OpenAPI document is public."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import APIToken

from places import tokens

pytestmark = pytest.mark.django_db

SESSIONS = "/api/v1/sessions"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_request_without_a_token_is_refused_with_401(client, people):
    response = client.get(SESSIONS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]


def test_a_made_up_token_is_refused_with_401(client, people):
    response = client.get(SESSIONS, headers=bearer("wagtail_notarealtoken"))
    assert response.status_code == 401


def test_a_logged_in_admin_session_is_not_a_token(client, people):
    client.force_login(people.reviewer_a)
    assert client.get(SESSIONS).status_code == 401


def test_a_live_token_acts_as_its_user(client, people):
    _token, plaintext = tokens.create_token(people.reviewer_a, "test")
    assert client.get(SESSIONS, headers=bearer(plaintext)).status_code == 200


def test_a_revoked_token_is_refused(client, people):
    token, plaintext = tokens.create_token(people.reviewer_a, "test")
    tokens.revoke(token)
    assert client.get(SESSIONS, headers=bearer(plaintext)).status_code == 401


def test_the_token_of_a_deactivated_user_is_refused(client, people):
    _token, plaintext = tokens.create_token(people.reviewer_a, "test")
    people.reviewer_a.is_active = False
    people.reviewer_a.save()
    assert client.get(SESSIONS, headers=bearer(plaintext)).status_code == 401


def test_a_use_of_the_token_is_recorded(client, people):
    token, plaintext = tokens.create_token(people.reviewer_a, "test")
    client.get(SESSIONS, headers=bearer(plaintext))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_create_api_token_prints_the_token_once_and_stores_only_its_digest(people):
    out = io.StringIO()
    call_command("create_api_token", people.reviewer_a.username, name="Sở LĐTBXH", stdout=out)
    plaintext = out.getvalue().strip()
    token = APIToken.objects.get(user=people.reviewer_a)
    assert token.name == "Sở LĐTBXH"
    assert plaintext not in token.key_hash
    assert tokens.user_for_token(plaintext) == people.reviewer_a


def test_create_api_token_refuses_an_unknown_user(db):
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody")


def test_the_openapi_document_is_served_and_lists_every_route(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["version"] == "1"
    assert set(document["paths"]) == {
        "/api/v1/venues",
        "/api/v1/venues/{code}",
        "/api/v1/sessions",
        "/api/v1/sessions/{session_id}",
        "/api/v1/sessions/{session_id}/approve",
        "/api/v1/sessions/{session_id}/return",
        "/api/v1/indicators/",
        "/api/v1/materials",
        "/api/v1/contests",
        "/api/v1/contests/{contest_id}/attempts",
        "/api/v1/contests/{contest_id}/codes",
        "/api/v1/attempts/{attempt_id}/submit",
    }
    assert "bearer" in str(document["components"]["securitySchemes"]).lower()


def test_there_is_no_docs_page_pulling_scripts_from_a_cdn(client):
    assert client.get("/api/v1/docs", follow=True).status_code == 404
