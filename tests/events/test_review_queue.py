"""The review queue and a session's review page in the Wagtail admin: scope, filters, queries."""

import dataclasses
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from PIL import Image

from events import photos, services
from events.checks import SessionInput
from events.models import Form, Status
from places.models import VenueKind
from tests.events.factories import SessionFactory, VenueFactory
from tests.places.factories import UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/review/"


def detail(session):
    return f"/admin/review/{session.pk}/"


def refused(response):
    """Wagtail sends users without admin access to the login page, others to the dashboard."""
    return response.status_code in {403, 404} or (
        response.status_code == 302
        and (response.url.startswith(reverse("wagtailadmin_login")) or response.url == "/admin/")
    )


@pytest.fixture
def sessions(people, venues):
    return {
        "a": SessionFactory(venue=venues.school_a, created_by=people.volunteer_a, cohort="10A1"),
        "b": SessionFactory(venue=venues.school_b, created_by=people.volunteer_b, cohort="11B2"),
    }


@pytest.fixture
def reviewer_a(client, people):
    client.force_login(people.reviewer_a)
    return people.reviewer_a


def listed(response):
    return response.context["object_list"]


def test_the_queue_is_in_the_menu_of_a_reviewer(client, reviewer_a):
    assert '"url": "/admin/review/"' in client.get("/admin/").text


def test_the_queue_is_not_in_the_menu_of_an_admin_user_who_does_not_review(client, tree, member):
    editor = member(tree.tuyen_quang, username="bien_tap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert '"url": "/admin/review/"' not in client.get("/admin/").text
    assert refused(client.get(QUEUE))


def test_a_volunteer_cannot_reach_the_queue_or_a_session(client, people, sessions):
    client.force_login(people.volunteer_a)
    assert refused(client.get(QUEUE))
    assert refused(client.get(detail(sessions["a"])))


def test_the_queue_lists_the_reviewers_province_only(client, reviewer_a, sessions):
    assert list(listed(client.get(QUEUE))) == [sessions["a"]]


def test_the_other_provinces_reviewer_sees_only_theirs(client, people, sessions):
    client.force_login(people.reviewer_b)
    assert list(listed(client.get(QUEUE))) == [sessions["b"]]


def test_the_queue_shows_records_waiting_for_review_by_default(
    client, reviewer_a, people, venues, sessions
):
    SessionFactory(venue=venues.school_a, created_by=people.volunteer_a, status=Status.APPROVED)
    assert list(listed(client.get(QUEUE))) == [sessions["a"]]
    everything = client.get(QUEUE, {"status": ""})
    assert len(listed(everything)) == 2
    approved = client.get(QUEUE, {"status": "approved"})
    assert [s.status for s in listed(approved)] == [Status.APPROVED]


def test_the_commune_filter_offers_the_reviewers_communes_only(client, reviewer_a, sessions):
    html = client.get(QUEUE).text
    assert "Xã Lâm Bình" in html
    assert "Phường Sa Pa" not in html


def test_filtering_on_another_provinces_commune_shows_nothing(client, reviewer_a, tree, sessions):
    response = client.get(QUEUE, {"org_unit": tree.sa_pa.pk})
    assert list(listed(response)) == []


def test_the_queue_filters_by_commune_form_audience_dates_and_venue_kind(
    client, reviewer_a, people, tree, sessions
):
    zone = VenueFactory(kind=VenueKind.INDUSTRIAL_ZONE, org_unit=tree.lam_binh)
    other = SessionFactory(
        venue=zone,
        created_by=people.volunteer_a,
        form=Form.GROUP_DISCUSSION,
        audience="iz_workers",
        date=datetime.date(2025, 6, 1),
    )
    for query in (
        {"org_unit": tree.lam_binh.pk},
        {"form": "group_discussion"},
        {"audience": "iz_workers"},
        {"date_from": "2025-05-01", "date_to": "2025-06-30"},
        {"venue_kind": "industrial_zone"},
    ):
        assert list(listed(client.get(QUEUE, query))) == [other], query


def test_the_queue_finds_a_venue_typed_without_diacritics(client, reviewer_a, sessions):
    assert list(listed(client.get(QUEUE, {"q": "lam binh"}))) == [sessions["a"]]
    assert list(listed(client.get(QUEUE, {"q": "sa pa"}))) == []


def test_participants_above_the_venue_baseline_are_highlighted(client, reviewer_a, people, venues):
    SessionFactory(
        venue=venues.school_a,
        created_by=people.volunteer_a,
        participants=650,
        female=0,
        ethnic_minority=0,
        under_18=0,
    )
    html = client.get(QUEUE).text
    assert "650" in html
    assert "/ 600" in html
    assert "review-participants--above" in html


def test_the_queue_makes_as_many_queries_for_many_sessions_as_for_few(
    client, reviewer_a, people, venues, tree, sessions, django_assert_max_num_queries
):
    client.get(QUEUE)  # per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    for n in range(15):
        venue = VenueFactory(org_unit=tree.lam_binh if n % 2 else tree.thuong_lam)
        SessionFactory(venue=venue, created_by=UserFactory())
    with CaptureQueriesContext(connection) as many, django_assert_max_num_queries(15):
        assert len(listed(client.get(QUEUE))) == 16
    assert len(many) == len(few)


def test_nobody_can_add_or_edit_sessions_in_the_admin(client, people):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    for name in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"events_review:{name}", args=() if name == "add" else (1,))
    assert client.get("/admin/review/new/", follow=True).status_code == 404
    assert "review/new" not in client.get(QUEUE).text


# --- One session --------------------------------------------------------------


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buffer, format="JPEG")
    return SimpleUploadedFile("anh.jpg", buffer.getvalue(), "image/jpeg")


def test_the_session_page_shows_fields_materials_photos_and_the_audit_trail(
    client, reviewer_a, people, venues
):
    data = SessionInput(
        date=datetime.date(2025, 3, 14),
        venue=venues.school_a,
        form="talk",
        audience="students",
        cohort="10A1",
        participants=40,
        female=20,
        languages=["vi", "hmn"],
        organizer="youth_union",
        materials=[("Tờ rơi phòng, chống mại dâm", 40)],
    )
    session, _created = services.record_session(people.volunteer_a, data, submit=False)
    services.update_session(
        people.volunteer_a, session, dataclasses.replace(data, participants=42), submit=True
    )
    photo = photos.add_photo(session, jpeg())
    html = client.get(detail(session)).text
    assert "Trường THPT Lâm Bình" in html
    assert "Tờ rơi phòng, chống mại dâm" in html
    assert "tiếng H&#x27;Mông" in html or "tiếng H'Mông" in html
    assert reverse("events_review:photo_thumbnail", args=[session.pk, photo.pk]) in html
    assert photo.image.url not in html  # photos of people are never a public media URL
    assert "<del>40</del>" in html and "<ins>42</ins>" in html
    assert people.volunteer_a.username in html
    assert f'action="/admin/review/{session.pk}/approve/"' in html


def test_a_session_of_another_province_is_not_found(client, reviewer_a, sessions):
    # LocaleMiddleware first redirects an admin 404 to /vi/…, which is a 404 too.
    assert client.get(detail(sessions["b"]), follow=True).status_code == 404


def test_the_page_of_a_reviewers_own_record_says_they_cannot_approve_it(client, reviewer_a, venues):
    own = SessionFactory(venue=venues.school_a, created_by=reviewer_a)
    html = client.get(detail(own)).text
    assert "Không ai được tự duyệt bản ghi của mình" in html
    assert f"/admin/review/{own.pk}/approve/" not in html


def test_an_approved_record_offers_unlocking_not_approving(client, reviewer_a, people, venues):
    approved = SessionFactory(
        venue=venues.school_a, created_by=people.volunteer_a, status=Status.APPROVED
    )
    html = client.get(detail(approved)).text
    assert f"/admin/review/{approved.pk}/unlock/" in html
    assert f"/admin/review/{approved.pk}/approve/" not in html


def test_the_session_page_makes_as_many_queries_for_a_long_history_as_for_a_short_one(
    client, reviewer_a, people, venues, sessions, django_assert_max_num_queries
):
    session = sessions["a"]
    client.get(detail(session))
    with CaptureQueriesContext(connection) as short:
        client.get(detail(session))
    for n in range(8):
        session.materials_handed_out.create(description=f"Tài liệu {n}", quantity=n + 1)
        session.changes.create(
            user=people.volunteer_a, action="edited", changes={"participants": [n, n + 1]}
        )
    session.changes.create(
        user=people.volunteer_a, action="edited", changes={"venue_id": [venues.school_a.pk, None]}
    )
    for _ in range(3):
        photos.add_photo(session, jpeg())
    with CaptureQueriesContext(connection) as long, django_assert_max_num_queries(16):
        client.get(detail(session))
    assert len(long) <= len(short) + 1  # the venue names of the diffs: one query
