"""Reading venues and sessions through the API: the token user's subtree and nothing else."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Status
from places import tokens
from places.models import VenueKind
from tests.events.factories import BaselineFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    """get(user, path, **params): a GET with the user's bearer token."""
    plaintexts = {}

    def get(user, path, **params):
        if user.pk not in plaintexts:
            plaintexts[user.pk] = tokens.create_token(user, "test")[1]
        headers = {"Authorization": f"Bearer {plaintexts[user.pk]}"}
        return client.get(f"/api/v1{path}", params, headers=headers)

    return get


@pytest.fixture
def sessions(people, venues):
    return {
        "a": SessionFactory(venue=venues.school_a, created_by=people.volunteer_a, cohort="10A1"),
        "b": SessionFactory(venue=venues.school_b, created_by=people.volunteer_b, cohort="11B2"),
    }


def codes(response):
    return [item["code"] for item in response.json()["items"]]


# --- Venues -------------------------------------------------------------------


def test_the_venue_list_holds_the_users_province_only(api, people, venues):
    response = api(people.reviewer_a, "/venues")
    assert response.status_code == 200
    assert codes(response) == ["THPT-LB"]
    assert response.json()["count"] == 1


def test_a_volunteer_lists_the_venues_of_their_commune(api, people, venues, tree):
    VenueFactory(code="THCS-LB", org_unit=tree.lam_binh)
    assert codes(api(people.volunteer_a, "/venues")) == ["THPT-LB"]


def test_venues_are_found_by_a_name_typed_without_diacritics(api, people, venues, tree):
    VenueFactory(code="KCN-1", name="Khu công nghiệp Long Bình An", org_unit=tree.lam_binh)
    assert codes(api(people.reviewer_a, "/venues", q="lam binh")) == ["THPT-LB"]


def test_venues_are_filtered_by_commune_and_kind(api, people, venues, tree):
    VenueFactory(code="KCN-1", kind=VenueKind.INDUSTRIAL_ZONE, org_unit=tree.lam_binh)
    assert codes(api(people.reviewer_a, "/venues", commune="02266")) == ["KCN-1"]
    assert codes(api(people.reviewer_a, "/venues", kind="industrial_zone")) == ["KCN-1"]


def test_a_venue_of_the_users_province_is_shown_with_its_baselines(api, people, venues):
    response = api(people.reviewer_a, "/venues/THPT-LB")
    assert response.status_code == 200
    body = response.json()
    assert body["commune"] == {"code": "02269", "name": "Xã Thượng Lâm"}
    assert [(b["year"], b["total"]) for b in body["baselines"]] == [(2025, 600)]


def test_a_venue_of_another_province_is_not_found(api, people, venues):
    assert api(people.reviewer_a, "/venues/THPT-SP").status_code == 404


def test_a_user_without_a_role_cannot_read_venues(api, tree, member, venues):
    nobody = member(tree.tuyen_quang, username="khong_vai_tro")
    assert api(nobody, "/venues").status_code == 403


def test_the_venue_list_makes_as_many_queries_for_many_venues_as_for_few(api, people, venues, tree):
    api(people.reviewer_a, "/venues")  # the token's first use writes last_used_at
    with CaptureQueriesContext(connection) as few:
        api(people.reviewer_a, "/venues")
    for n in range(10):
        BaselineFactory(venue=VenueFactory(code=f"X{n}", org_unit=tree.lam_binh))
    with CaptureQueriesContext(connection) as many:
        assert api(people.reviewer_a, "/venues").json()["count"] == 11
    assert len(many) == len(few) <= 8


# --- Sessions -----------------------------------------------------------------


def test_the_session_list_holds_the_users_province_only(api, people, sessions):
    response = api(people.reviewer_a, "/sessions")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [sessions["a"].pk]


def test_a_reviewer_of_the_other_province_sees_only_theirs(api, people, sessions):
    response = api(people.reviewer_b, "/sessions")
    assert [item["id"] for item in response.json()["items"]] == [sessions["b"].pk]


def test_a_session_of_the_users_province_is_shown_in_full(api, people, sessions):
    session = sessions["a"]
    session.materials_handed_out.create(description="Tờ rơi", quantity=40)
    body = api(people.reviewer_a, f"/sessions/{session.pk}").json()
    assert body["venue_code"] == "THPT-LB"
    assert body["commune"]["code"] == "02269"
    assert body["materials"] == [{"description": "Tờ rơi", "quantity": 40}]
    assert body["status"] == "submitted"
    assert body["created_by"] == people.volunteer_a.username
    assert body["photos"] == []


def test_a_session_of_another_province_is_not_found(api, people, sessions):
    assert api(people.reviewer_a, f"/sessions/{sessions['b'].pk}").status_code == 404
    assert api(people.volunteer_a, f"/sessions/{sessions['b'].pk}").status_code == 404


def test_a_session_that_does_not_exist_is_answered_like_one_out_of_scope(api, people, sessions):
    assert (
        api(people.reviewer_a, "/sessions/999999").json()
        == api(people.reviewer_a, f"/sessions/{sessions['b'].pk}").json()
    )


def test_a_filter_on_another_provinces_commune_finds_nothing(api, people, sessions):
    response = api(people.reviewer_a, "/sessions", commune="03199")
    assert response.json() == {"items": [], "count": 0}


def test_sessions_are_filtered_by_status_and_dates(api, people, venues, sessions):
    approved = SessionFactory(
        venue=venues.school_a,
        created_by=people.volunteer_a,
        status=Status.APPROVED,
        date=datetime.date(2025, 5, 2),
    )
    by_status = api(people.reviewer_a, "/sessions", status="approved").json()["items"]
    assert [item["id"] for item in by_status] == [approved.pk]
    by_date = api(people.reviewer_a, "/sessions", date_from="2025-04-01", date_to="2025-05-31")
    assert [item["id"] for item in by_date.json()["items"]] == [approved.pk]


def test_an_unknown_status_is_refused_by_field(api, people, sessions):
    response = api(people.reviewer_a, "/sessions", status="done")
    assert response.status_code == 422
    assert "status" in response.json()["errors"]


def test_the_session_list_makes_as_many_queries_for_many_sessions_as_for_few(
    api, people, venues, sessions
):
    api(people.reviewer_a, "/sessions")
    with CaptureQueriesContext(connection) as few:
        api(people.reviewer_a, "/sessions")
    for _ in range(10):
        session = SessionFactory(venue=venues.school_a, created_by=people.volunteer_a2)
        session.materials_handed_out.create(description="Tờ rơi", quantity=3)
    with CaptureQueriesContext(connection) as many:
        assert api(people.reviewer_a, "/sessions").json()["count"] == 11
    assert len(many) == len(few) <= 9


def test_a_page_number_below_one_is_refused_by_field(api, people, sessions):
    response = api(people.reviewer_a, "/sessions", page=0)
    assert response.status_code == 422
    assert response.json()["errors"] == {"page": ["Phải lớn hơn hoặc bằng 1."]}


def test_a_page_size_above_the_cap_is_refused_naming_it(api, people, venues, sessions):
    response = api(people.reviewer_a, "/sessions", page_size=100000)
    assert response.status_code == 422
    assert response.json()["errors"] == {"page_size": ["Phải nhỏ hơn hoặc bằng 200."]}
