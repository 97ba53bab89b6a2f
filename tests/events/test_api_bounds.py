"""Hostile input to the API: out-of-range values get a 422 naming the field, never a 500."""

import datetime
import json

import pytest
from django.utils import timezone

from events.checks import PARTICIPANTS_MAX
from events.models import Session
from indicators.models import IndicatorResult
from places import tokens
from tests.events.test_api_write import talk

pytestmark = pytest.mark.django_db

HUGE = 2**63 - 1
PAST_INT64 = 2**64 + 1


@pytest.fixture
def call(client):
    """call(user, method, path, body=None, **query): a request with the user's bearer token."""
    plaintexts = {}

    def send(user, method, path, body=None, **query):
        headers = {}
        if user is not None:
            if user.pk not in plaintexts:
                plaintexts[user.pk] = tokens.create_token(user, "test")[1]
            headers["Authorization"] = f"Bearer {plaintexts[user.pk]}"
        if method == "get":
            return client.get(f"/api/v1{path}", query, headers=headers)
        return client.post(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", headers=headers
        )

    return send


def refused_naming(response, field):
    assert response.status_code == 422, response.content
    body = response.json()
    assert field in body["errors"], body
    return body["errors"][field]


@pytest.mark.parametrize("path", ["/venues", "/sessions"])
def test_a_page_number_of_2_to_the_63_is_refused_naming_page(call, people, path):
    refused_naming(call(people.volunteer_a, "get", path, page=HUGE), "page")


@pytest.mark.parametrize("path", ["/venues", "/sessions"])
def test_a_page_size_past_200_is_refused_naming_page_size(call, people, path):
    refused_naming(call(people.volunteer_a, "get", path, page_size=10_000), "page_size")


def test_the_public_materials_list_refuses_a_page_of_2_to_the_63(call, db):
    refused_naming(call(None, "get", "/materials", page=HUGE), "page")
    refused_naming(call(None, "get", "/materials", page_size=500), "page_size")


def test_a_page_written_1_0_is_not_page_10(call, people):
    refused_naming(call(people.volunteer_a, "get", "/venues", page="1_0"), "page")


def test_participants_past_2_to_the_63_are_refused_naming_participants(call, people, venues):
    response = call(people.volunteer_a, "post", "/sessions", talk(participants=PAST_INT64))
    refused_naming(response, "participants")
    assert not Session.objects.exists()


def test_135_trillion_participants_are_refused_even_when_confirmed(call, people, venues):
    body = talk(participants=135_000_000_000_000, confirm_above_baseline=True)
    refused_naming(call(people.volunteer_a, "post", "/sessions", body), "participants")


def test_participants_just_past_the_ceiling_are_refused_even_when_confirmed(call, people, venues):
    body = talk(participants=PARTICIPANTS_MAX + 1, under_18=0, confirm_above_baseline=True)
    refused_naming(call(people.volunteer_a, "post", "/sessions", body), "participants")


def test_a_material_quantity_past_2_to_the_63_is_refused_naming_it(call, people, venues):
    body = talk(materials=[{"description": "Tờ rơi", "quantity": PAST_INT64}])
    refused_naming(call(people.volunteer_a, "post", "/sessions", body), "materials.0.quantity")


def test_a_date_in_year_0001_is_refused_naming_the_date(call, people, venues):
    body = talk(date="0001-01-01")
    assert "2000" in refused_naming(call(people.volunteer_a, "post", "/sessions", body), "date")[0]


def test_a_date_after_today_is_refused_naming_the_date(call, people, venues):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    body = talk(date=tomorrow.isoformat())
    refused_naming(call(people.volunteer_a, "post", "/sessions", body), "date")


def test_a_date_given_as_a_timestamp_is_not_a_date(call, people):
    refused_naming(call(people.volunteer_a, "get", "/sessions", date_to="0"), "date_to")


def test_a_note_past_5000_characters_is_refused_naming_it(call, people, venues):
    body = talk(note="x" * 5001)
    refused_naming(call(people.volunteer_a, "post", "/sessions", body), "note")


def test_a_session_without_a_venue_or_a_commune_is_refused_and_the_schema_says_so(
    call, people, client
):
    body = talk()
    del body["venue_code"]
    refused_naming(call(people.volunteer_a, "post", "/sessions", body), "venue_code")
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["SessionIn"]
    assert {"required": ["venue_code"]} in schema["anyOf"]
    assert {"required": ["commune_code"]} in schema["anyOf"]


def test_a_50000_character_search_is_refused_naming_q(call, people, venues):
    refused_naming(call(people.volunteer_a, "get", "/venues", q="a" * 50_000), "q")


def test_a_100_character_search_is_answered(call, people, venues):
    assert call(people.volunteer_a, "get", "/venues", q="lâm bình " * 11).status_code == 200


def test_session_1_0_is_not_session_10(call, people, venues):
    for _n in range(10):
        call(people.volunteer_a, "post", "/sessions", talk())
    tenth = Session.objects.order_by("pk")[9].pk
    assert call(people.volunteer_a, "get", f"/sessions/{tenth}").status_code == 200
    written = f"{str(tenth)[:-1]}_{str(tenth)[-1]}"
    assert call(people.volunteer_a, "get", f"/sessions/{written}").status_code in {404, 422}
    assert call(people.volunteer_a, "get", f"/sessions/+{tenth}").status_code in {404, 422}


def test_a_session_id_past_2_to_the_31_is_refused_not_looked_up(call, people):
    response = call(people.volunteer_a, "get", f"/sessions/{PAST_INT64}")
    refused_naming(response, "session_id")


@pytest.mark.parametrize("period", ["0001", "9999", "0001-9999", "2000-2030", "0001-Q1"])
def test_an_indicator_period_outside_the_data_years_or_too_long_is_refused_naming_it(
    call, people, period
):
    response = call(people.officer_a, "get", "/indicators/", unit="08", period=period)
    refused_naming(response, "period")


def test_an_indicator_period_within_the_data_years_is_answered(call, people):
    response = call(people.officer_a, "get", "/indicators/", unit="08", period="2021-2025")
    assert response.status_code == 200, response.content


def test_reading_a_period_no_plan_has_stores_nothing_so_readers_cannot_grow_the_results(
    call, people
):
    for period in ["2019-2024", "2020-2023", "2022-2024"]:
        response = call(people.officer_a, "get", "/indicators/", unit="08", period=period)
        assert response.status_code == 200, response.content
    assert not IndicatorResult.objects.exists()

    response = call(people.officer_a, "get", "/indicators/", unit="08", period="2025")
    assert response.status_code == 200
    assert IndicatorResult.objects.filter(period="2025").exists()  # a year is kept
