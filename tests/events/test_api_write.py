"""Recording sessions through the API: idempotent on client_id, checked, scoped."""

import datetime
import json
import uuid

import pytest

from events.models import Session, Status
from places import tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(client):
    """post(user, path, body): a JSON POST with the user's bearer token."""
    plaintexts = {}

    def send(user, path, body):
        if user.pk not in plaintexts:
            plaintexts[user.pk] = tokens.create_token(user, "test")[1]
        return client.post(
            f"/api/v1{path}",
            json.dumps(body) if not isinstance(body, str) else body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {plaintexts[user.pk]}"},
        )

    return send


def talk(**changes):
    body = {
        "client_id": str(uuid.uuid4()),
        "date": "2025-03-14",
        "venue_code": "THPT-LB",
        "form": "talk",
        "audience": "students",
        "cohort": "10A1",
        "participants": 40,
        "female": 22,
        "ethnic_minority": 5,
        "under_18": 40,
        "languages": ["vi", "hmn"],
        "organizer": "youth_union",
        "note": "",
        "materials": [{"description": "Tờ rơi", "quantity": 40}],
    }
    return {**body, **changes}


def test_a_new_session_is_recorded_and_submitted_with_201(post, people, venues):
    body = talk()
    response = post(people.volunteer_a, "/sessions", body)
    assert response.status_code == 201
    assert response.json()["status"] == "submitted"
    assert response.json()["client_id"] == body["client_id"]
    session = Session.objects.get()
    assert session.created_by == people.volunteer_a
    assert session.materials_handed_out.get().quantity == 40


def test_a_session_can_be_kept_as_a_draft(post, people, venues):
    response = post(people.volunteer_a, "/sessions", talk(submit=False))
    assert response.json()["status"] == "draft"


def test_the_same_record_sent_again_returns_the_first_with_200(post, people, venues):
    body = talk()
    first = post(people.volunteer_a, "/sessions", body)
    again = post(people.volunteer_a, "/sessions", body)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Session.objects.count() == 1


def test_other_content_under_the_same_client_id_is_a_conflict(post, people, venues):
    body = talk()
    post(people.volunteer_a, "/sessions", body)
    response = post(people.volunteer_a, "/sessions", {**body, "participants": 41})
    assert response.status_code == 409
    assert "client_id" in response.json()["errors"]
    assert Session.objects.get().participants == 40


def test_a_client_id_used_in_another_province_is_a_conflict_without_details(post, people, venues):
    body = talk(venue_code="THPT-SP")
    post(people.volunteer_b, "/sessions", body)
    response = post(people.volunteer_a, "/sessions", {**body, "venue_code": "THPT-LB"})
    assert response.status_code == 409
    assert "Sa Pa" not in response.text
    assert "THPT-SP" not in response.text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"participants": -3}, "participants", "Nhập một số nguyên không âm."),
        ({"female": 41}, "female", "Không được lớn hơn số người tham dự."),
        ({"under_18": 2.5}, "under_18", "Nhập một số nguyên không âm."),
        ({"participants": "40"}, "participants", "Nhập một số nguyên không âm."),
        ({"date": "2999-01-01"}, "date", "Ngày tổ chức không được sau hôm nay."),
        ({"date": "14/03/2025"}, "date", "Nhập ngày theo dạng YYYY-MM-DD."),
        ({"form": "party"}, "form", "Hình thức không hợp lệ."),
        ({"languages": ["xx"]}, "languages", "Ngôn ngữ không rõ: xx."),
        ({"client_id": "abc"}, "client_id", "Nhập một UUID (mã do thiết bị tạo)."),
        ({"cohort": "x" * 121}, "cohort", "Dài quá 120 ký tự."),
    ],
)
def test_a_record_that_fails_its_checks_is_refused_by_field(
    post, people, venues, changes, field, message
):
    response = post(people.volunteer_a, "/sessions", talk(**changes))
    assert response.status_code == 422
    assert message in response.json()["errors"][field]
    assert not Session.objects.exists()


def test_a_missing_field_is_named(post, people, venues):
    body = talk()
    del body["participants"]
    response = post(people.volunteer_a, "/sessions", body)
    assert response.status_code == 422
    assert response.json()["errors"] == {"participants": ["Thiếu trường này."]}


def test_a_body_that_is_not_json_is_refused(post, people, venues):
    response = post(people.volunteer_a, "/sessions", "{not json")
    assert response.status_code in {400, 422}
    assert not Session.objects.exists()


def test_participants_above_the_baseline_need_confirmation(post, people, venues):
    body = talk(participants=700, under_18=0, female=0, ethnic_minority=0)
    refused = post(people.volunteer_a, "/sessions", body)
    assert refused.status_code == 422
    assert "600" in refused.json()["errors"]["participants"][0]
    assert "above_baseline" in refused.json()["warnings"]
    confirmed = post(people.volunteer_a, "/sessions", {**body, "confirm_above_baseline": True})
    assert confirmed.status_code == 201
    assert confirmed.json()["above_baseline_confirmed"] is True


def test_a_venue_of_another_province_is_answered_like_an_unknown_one(post, people, venues):
    outside = post(people.volunteer_a, "/sessions", talk(venue_code="THPT-SP"))
    unknown = post(people.volunteer_a, "/sessions", talk(venue_code="NO-SUCH"))
    assert outside.status_code == unknown.status_code == 422
    assert outside.json() == unknown.json()
    assert "venue_code" in outside.json()["errors"]
    assert not Session.objects.exists()


def test_a_loudspeaker_broadcast_names_its_commune(post, people, tree):
    body = talk(venue_code=None, commune_code="02269", form="loudspeaker", audience="community")
    response = post(people.volunteer_a, "/sessions", body)
    assert response.status_code == 201
    assert response.json()["commune"] == {"code": "02269", "name": "Xã Thượng Lâm"}
    assert response.json()["venue_code"] is None


def test_a_commune_of_another_province_is_refused(post, people, tree):
    body = talk(venue_code=None, commune_code="03199", form="loudspeaker", audience="community")
    response = post(people.volunteer_a, "/sessions", body)
    assert response.status_code == 422
    assert "commune_code" in response.json()["errors"]


def test_a_session_without_a_place_is_refused(post, people, venues):
    response = post(people.volunteer_a, "/sessions", talk(venue_code=None))
    assert response.status_code == 422
    assert "venue_code" in response.json()["errors"]


def test_a_venue_and_a_commune_that_disagree_are_refused(post, people, venues):
    response = post(people.volunteer_a, "/sessions", talk(commune_code="02266"))
    assert response.status_code == 422
    assert "commune_code" in response.json()["errors"]


def test_a_user_without_the_logging_permission_cannot_post(post, tree, member, venues):
    nobody = member(tree.thuong_lam, username="khong_vai_tro")
    response = post(nobody, "/sessions", talk())
    assert response.status_code == 403
    assert not Session.objects.exists()


def test_the_date_is_checked_against_today(post, people, venues):
    today = datetime.date.today().isoformat()
    assert post(people.volunteer_a, "/sessions", talk(date=today)).status_code == 201
    assert Session.objects.get().status == Status.SUBMITTED
