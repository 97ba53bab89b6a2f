"""Hostile input to the public contest API: a 422 naming the field, never a 500."""

import json
import uuid

import pytest

from tests.contests.test_api import entry, post

pytestmark = pytest.mark.django_db


def submit_url():
    return f"/api/v1/attempts/{uuid.uuid4()}/submit"


def test_a_prediction_past_2_to_the_63_is_refused_naming_prediction(client):
    response = post(client, submit_url(), {"answers": {}, "prediction": 2**64 + 1})
    assert response.status_code == 422
    assert "prediction" in response.json()["errors"]


def test_more_answers_than_any_attempt_draws_are_refused(client):
    answers = {str(n): [n] for n in range(1, 500)}
    response = post(client, submit_url(), {"answers": answers})
    assert response.status_code == 422
    assert "answers" in response.json()["errors"]


def test_a_choice_id_past_2_to_the_31_is_refused(client):
    response = post(client, submit_url(), {"answers": {"1": [2**64]}})
    assert response.status_code == 422


def test_an_entry_without_consent_is_refused_and_the_schema_asks_for_true(
    client, contest_page, open_round
):
    response = post(
        client, f"/api/v1/contests/{contest_page.contest_id}/attempts", entry(consent=False)
    )
    assert response.status_code == 422
    assert "consent" in response.json()["errors"]
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["EntryIn"]
    assert schema["properties"]["consent"]["const"] is True


def test_a_contest_id_past_2_to_the_63_is_refused_naming_it(client):
    response = post(client, f"/api/v1/contests/{2**63}/codes", {"phone": "0912345678"})
    assert response.status_code == 422
    assert "contest_id" in response.json()["errors"]


def test_a_text_plain_start_is_refused_not_parsed(client, contest_page, open_round):
    response = client.post(
        f"/api/v1/contests/{contest_page.contest_id}/attempts",
        json.dumps(entry()),
        content_type="text/plain",
    )
    assert response.status_code == 415
