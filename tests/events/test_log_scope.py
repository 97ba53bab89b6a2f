"""Who may see and change what on /log/: the author, in their commune, while the record is open."""

import uuid

import pytest
from django.urls import reverse

from events import photos
from events.models import Session, Status
from places.models import Role
from tests.events.factories import SessionFactory
from tests.events.test_log_submit import JSON, jpeg_with_gps, session_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def record_a(people, venues):
    """A returned record volunteer A logged at the school in their commune, with a photo."""
    session = SessionFactory(
        venue=venues.school_a,
        created_by=people.volunteer_a,
        status=Status.RETURNED,
        return_reason="Thiếu ảnh",
    )
    photos.add_photo(session, jpeg_with_gps())
    return session


def login(client, user):
    client.force_login(user)
    return client


# --- Commune A against commune B: every view -------------------------------------------


def test_a_volunteer_of_another_commune_does_not_see_the_record_in_their_list(
    client, people, record_a
):
    response = login(client, people.volunteer_b).get(reverse("log:list"))
    assert response.status_code == 200
    assert reverse("log:detail", args=[record_a.pk]) not in response.content.decode()
    assert "Trường THPT Lâm Bình" not in response.content.decode()


def test_a_volunteer_of_another_commune_cannot_read_the_record(client, people, record_a):
    response = login(client, people.volunteer_b).get(reverse("log:detail", args=[record_a.pk]))
    assert response.status_code == 404


def test_a_volunteer_of_another_commune_cannot_open_the_edit_page(client, people, record_a):
    response = login(client, people.volunteer_b).get(reverse("log:edit", args=[record_a.pk]))
    assert response.status_code == 404


def test_a_volunteer_of_another_commune_cannot_change_the_record(client, people, venues, record_a):
    login(client, people.volunteer_b)
    data = session_post(venues.school_a, participants="12", under_18="12")
    response = client.post(reverse("log:edit", args=[record_a.pk]), data, **JSON)
    assert response.status_code == 404
    record_a.refresh_from_db()
    assert record_a.participants == 40


def test_a_volunteer_of_another_commune_cannot_send_the_record_for_review(client, people, record_a):
    response = login(client, people.volunteer_b).post(reverse("log:send", args=[record_a.pk]))
    assert response.status_code == 404
    record_a.refresh_from_db()
    assert record_a.status == Status.RETURNED


def test_a_volunteer_of_another_commune_cannot_see_the_photos(client, people, record_a):
    photo = record_a.photos.get()
    login(client, people.volunteer_b)
    assert client.get(reverse("log:photo", args=[photo.pk])).status_code == 404
    assert client.get(reverse("log:thumbnail", args=[photo.pk])).status_code == 404


def test_the_author_sees_their_photo_as_a_private_jpeg(client, people, record_a):
    photo = record_a.photos.get()
    response = login(client, people.volunteer_a).get(reverse("log:photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]


def test_the_venue_search_finds_nothing_in_another_commune(client, people, venues):
    response = login(client, people.volunteer_b).get(reverse("log:venues"), {"q": "lam binh"})
    assert response.status_code == 200
    assert response.json()["venues"] == []


def test_the_venue_search_lists_only_venues_in_scope_without_a_query(client, people, venues):
    response = login(client, people.volunteer_a).get(reverse("log:venues"), {"q": ""})
    assert [v["name"] for v in response.json()["venues"]] == ["Trường THPT Lâm Bình"]


def test_the_submit_endpoint_refuses_a_venue_of_another_commune(client, people, venues):
    login(client, people.volunteer_b)
    response = client.post(reverse("log:submit"), session_post(venues.school_a), **JSON)
    assert response.status_code == 400
    assert response.json()["errors"] == {"venue": ["Địa điểm này ngoài địa bàn bạn phụ trách."]}
    assert Session.objects.count() == 0


def test_the_submit_endpoint_says_nothing_about_another_communes_client_id(
    client, people, venues, tree
):
    client_id = str(uuid.uuid4())
    login(client, people.volunteer_a)
    client.post(reverse("log:submit"), session_post(venues.school_a, client_id=client_id), **JSON)
    login(client, people.volunteer_b)
    data = session_post(venues.school_b, client_id=client_id)
    response = client.post(reverse("log:submit"), data, **JSON)
    assert response.status_code == 409
    assert "url" not in response.json()
    assert Session.objects.count() == 1


def test_the_plain_venue_list_offers_only_venues_in_scope(client, people, venues):
    html = login(client, people.volunteer_b).get(reverse("log:new")).content.decode()
    assert "Trường THPT Sa Pa" in html
    assert "Trường THPT Lâm Bình" not in html


def test_the_commune_list_offers_only_the_volunteers_commune_preselected(client, people, tree):
    html = login(client, people.volunteer_a).get(reverse("log:new")).content.decode()
    assert f'<option value="{tree.thuong_lam.pk}" selected>Xã Thượng Lâm</option>' in html
    assert "Phường Sa Pa" not in html
    assert "Xã Lâm Bình" not in html


# --- Only the author edits, only while open ------------------------------------------------


def test_another_volunteer_of_the_same_commune_cannot_read_or_edit_the_record(
    client, people, record_a
):
    login(client, people.volunteer_a2)
    assert client.get(reverse("log:detail", args=[record_a.pk])).status_code == 404
    assert client.get(reverse("log:edit", args=[record_a.pk])).status_code == 404


def test_the_author_edits_a_returned_record_and_sends_it_again(client, people, venues, record_a):
    login(client, people.volunteer_a)
    data = session_post(venues.school_a, participants="45", under_18="45", female="20")
    response = client.post(reverse("log:edit", args=[record_a.pk]), data, **JSON)
    assert response.status_code == 200
    record_a.refresh_from_db()
    assert (record_a.participants, record_a.status) == (45, Status.SUBMITTED)
    assert record_a.changes.filter(action="edited").exists()


def test_the_author_adds_a_photo_while_editing_a_draft(client, people, venues):
    draft = SessionFactory(venue=venues.school_a, created_by=people.volunteer_a, status="draft")
    login(client, people.volunteer_a)
    data = {**session_post(venues.school_a, intent="draft"), "photos": [jpeg_with_gps()]}
    response = client.post(reverse("log:edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.photos.count() == 1


def test_an_approved_record_cannot_be_edited(client, people, venues):
    approved = SessionFactory(
        venue=venues.school_a, created_by=people.volunteer_a, status="approved"
    )
    login(client, people.volunteer_a)
    page = client.get(reverse("log:edit", args=[approved.pk]))
    assert page.status_code == 403
    assert "Bản ghi đã duyệt được khoá." in page.content.decode()
    data = session_post(venues.school_a, participants="12", under_18="12")
    response = client.post(reverse("log:edit", args=[approved.pk]), data, **JSON)
    assert response.status_code == 403
    approved.refresh_from_db()
    assert approved.participants == 40


def test_a_record_waiting_for_review_cannot_be_edited(client, people, venues):
    waiting = SessionFactory(venue=venues.school_a, created_by=people.volunteer_a)
    login(client, people.volunteer_a)
    assert client.get(reverse("log:edit", args=[waiting.pk])).status_code == 403


def test_an_approved_record_cannot_be_sent_again(client, people, venues):
    approved = SessionFactory(
        venue=venues.school_a, created_by=people.volunteer_a, status="approved"
    )
    response = login(client, people.volunteer_a).post(reverse("log:send", args=[approved.pk]))
    assert response.status_code == 403
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


def test_the_author_sends_a_draft_for_review_from_its_page(client, people, venues):
    draft = SessionFactory(venue=venues.school_a, created_by=people.volunteer_a, status="draft")
    response = login(client, people.volunteer_a).post(reverse("log:send", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


# --- Who may use /log/ at all -------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "new"])
def test_an_anonymous_visitor_is_sent_to_the_log_login_with_next(client, name):
    response = client.get(reverse(f"log:{name}"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('log:login')}?next={reverse(f'log:{name}')}"


def test_an_anonymous_post_to_the_submit_endpoint_answers_401_in_json(client, venues):
    response = client.post(reverse("log:submit"), session_post(venues.school_a), **JSON)
    assert response.status_code == 401
    assert response.json()["error"]


def test_a_user_without_the_logging_permission_is_refused(client, member, tree):
    reader = member(tree.thuong_lam, role=None, username="chi_doc")
    response = login(client, reader).get(reverse("log:list"))
    assert response.status_code == 403
    assert "chưa được phép ghi hoạt động" in response.content.decode()


def test_a_volunteer_without_a_home_commune_is_refused(client, roles):
    from tests.places.factories import UserFactory

    loose = UserFactory(username="chua_gan_xa")
    loose.groups.add(roles[Role.VOLUNTEER])
    assert login(client, loose).get(reverse("log:new")).status_code == 403


def test_the_submit_endpoint_is_not_csrf_exempt(people, venues):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people.volunteer_a)
    response = strict.post(reverse("log:submit"), session_post(venues.school_a), **JSON)
    assert response.status_code == 403
    assert Session.objects.count() == 0


def test_the_submit_endpoint_accepts_the_token_in_the_header(people, venues):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people.volunteer_a)
    strict.get(reverse("log:new"))
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        reverse("log:submit"), session_post(venues.school_a), HTTP_X_CSRFTOKEN=token, **JSON
    )
    assert response.status_code == 201
