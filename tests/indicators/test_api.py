"""GET /api/v1/indicators?unit=…&period=…: the indicators router, scoped to the token's user.

The router is mounted here on a NinjaAPI with a bearer authenticator like the
project's (``places.tokens``), at the same path as in the project's API.
"""

import datetime

import pytest
from django.urls import path
from ninja import NinjaAPI
from ninja.security import HttpBearer

from events.models import Status
from indicators.definitions import INDICATORS
from indicators.models import Plan, Target
from places.models import Role
from places.tokens import create_token, user_for_token
from tests.events.factories import BaselineFactory, SessionFactory, VenueFactory


class Bearer(HttpBearer):
    def authenticate(self, request, token):
        return user_for_token(token)


api = NinjaAPI(urls_namespace="indicators-api-test", auth=Bearer(), docs_url=None)
api.add_router("/indicators", "indicators.api.router")
urlpatterns = [path("api/v1/", api.urls)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

URL = "/api/v1/indicators/"
MARCH = datetime.date(2025, 3, 14)


@pytest.fixture
def token(tree, member):
    user = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="canbo_tq")
    _token, plaintext = create_token(user, "tests")
    return plaintext


@pytest.fixture
def students(tree):
    school = VenueFactory(org_unit=tree.thuong_lam)
    BaselineFactory(venue=school, year=2025, total=100)
    SessionFactory(venue=school, participants=64, status=Status.APPROVED, date=MARCH)
    plan = Plan.objects.create(
        name="Kế hoạch tổng thể",
        level="country",
        org_unit=tree.country,
        first_year=2021,
        last_year=2025,
    )
    Target.objects.create(plan=plan, indicator="students", value=70)
    return plan


def get(client, token, **query):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(URL, query, headers=headers)


def test_the_api_returns_every_indicator_in_the_commands_json_shape(client, token, students):
    body = get(client, token, unit="08", period="2025-H1").json()
    assert [row["code"] for row in body] == [indicator.code for indicator in INDICATORS]
    reach = next(row for row in body if row["code"] == "students")
    assert {key: reach[key] for key in ("value", "numerator", "denominator", "target", "met")} == {
        "value": 64.0,
        "numerator": 64.0,
        "denominator": 100.0,
        "target": 70.0,
        "met": False,
    }
    assert reach["name"] == "Học sinh, sinh viên được tuyên truyền"


def test_no_data_is_null_never_zero(client, token, students):
    body = get(client, token, unit="08", period="2025-H1").json()
    zones = next(row for row in body if row["code"] == "iz_workers")
    assert (zones["value"], zones["met"]) == (None, None)


def test_the_api_measures_against_a_chosen_plan(client, token, students, tree):
    other = Plan.objects.create(
        name="Kế hoạch khác",
        level="province",
        org_unit=tree.tuyen_quang,
        first_year=2025,
        last_year=2025,
    )
    Target.objects.create(plan=other, indicator="students", value=60)
    body = get(client, token, unit="08", period="2025-H1", plan=other.pk).json()
    assert next(row for row in body if row["code"] == "students")["met"] is True


def test_a_commune_of_the_users_province_can_be_read(client, token, students):
    assert get(client, token, unit="02269", period="2025").status_code == 200


def test_another_provinces_unit_is_not_found(client, token, tree):
    response = get(client, token, unit="15", period="2025-H1")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_bad_period_is_a_422_naming_the_field_and_the_accepted_forms(client, token, tree):
    response = get(client, token, unit="08", period="2025-H3")
    assert response.status_code == 422
    [message] = response.json()["errors"]["period"]
    assert "2025-03, 2025-Q2, 2025-H1, 2025-M9, 2025, 2021-2025" in message


def test_a_missing_period_is_a_422_naming_the_accepted_forms(client, token, tree):
    response = get(client, token, unit="08")
    assert response.status_code == 422
    assert "2025-H1" in response.json()["errors"]["period"][0]


def test_an_unknown_unit_is_a_422_saying_what_a_code_looks_like(client, token, tree):
    response = get(client, token, unit="999", period="2025")
    assert response.status_code == 422
    assert "2 chữ số" in response.json()["errors"]["unit"][0]


def test_an_unknown_plan_is_a_422_naming_the_plan(client, token, tree):
    response = get(client, token, unit="08", period="2025", plan=999999)
    assert response.status_code == 422
    assert "plan" in response.json()["errors"]


def test_the_api_needs_a_token(client, tree):
    assert get(client, None, unit="08", period="2025").status_code == 401


def test_a_wrong_token_is_refused(client, tree):
    assert get(client, "not-a-token", unit="08", period="2025").status_code == 401


def test_the_url_without_a_trailing_slash_answers_too(client, token, students):
    response = client.get(
        "/api/v1/indicators",
        {"unit": "08", "period": "2025"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    assert len(response.json()) == len(INDICATORS)
