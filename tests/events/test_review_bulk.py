"""Bulk approve and bulk return from the review queue: each record checked like a single review."""

import pytest

from events.models import Status
from tests.events.factories import SessionFactory

pytestmark = pytest.mark.django_db

APPROVE = "/admin/bulk/events/session/approve/"
RETURN = "/admin/bulk/events/session/return/"


def ids(*sessions):
    return "&".join(f"id={s.pk}" for s in sessions)


@pytest.fixture
def reviewer_a(client, people):
    client.force_login(people.reviewer_a)
    return people.reviewer_a


@pytest.fixture
def batch(people, venues):
    return {
        "a1": SessionFactory(venue=venues.school_a, created_by=people.volunteer_a),
        "a2": SessionFactory(venue=venues.school_a, created_by=people.volunteer_a2),
        "b": SessionFactory(venue=venues.school_b, created_by=people.volunteer_b),
    }


def statuses(batch):
    for session in batch.values():
        session.refresh_from_db()
    return {name: session.status for name, session in batch.items()}


def test_the_queue_offers_bulk_approve_and_return(client, reviewer_a, batch):
    html = client.get("/admin/review/").text
    assert APPROVE in html and RETURN in html
    assert "data-bulk-action-checkbox" in html


def test_the_confirmation_lists_only_records_of_the_reviewers_province(client, reviewer_a, batch):
    html = client.get(f"{APPROVE}?{ids(*batch.values())}").text
    assert str(batch["a1"].venue) in html
    assert "Sa Pa" not in html


def test_bulk_approve_approves_the_reviewers_records_and_never_another_provinces(
    client, reviewer_a, batch
):
    client.post(f"{APPROVE}?{ids(*batch.values())}&next=/admin/review/")
    assert statuses(batch) == {
        "a1": Status.APPROVED,
        "a2": Status.APPROVED,
        "b": Status.SUBMITTED,
    }


def test_bulk_approve_by_the_other_provinces_reviewer_touches_nothing_of_ours(
    client, people, batch
):
    client.force_login(people.reviewer_b)
    client.post(f"{APPROVE}?{ids(batch['a1'], batch['a2'])}")
    assert statuses(batch)["a1"] == statuses(batch)["a2"] == Status.SUBMITTED


def test_bulk_approve_skips_the_reviewers_own_records_and_says_why(
    client, reviewer_a, venues, batch
):
    own = SessionFactory(venue=venues.school_a, created_by=reviewer_a)
    html = client.get(f"{APPROVE}?{ids(own, batch['a1'])}").text
    assert "Không ai được tự duyệt bản ghi của mình" in html
    client.post(f"{APPROVE}?{ids(own, batch['a1'])}")
    own.refresh_from_db()
    assert own.status == Status.SUBMITTED
    assert statuses(batch)["a1"] == Status.APPROVED


def test_bulk_approve_leaves_approved_records_locked(client, reviewer_a, people, venues):
    returned = SessionFactory(
        venue=venues.school_a, created_by=people.volunteer_a, status=Status.RETURNED
    )
    client.post(f"{APPROVE}?{ids(returned)}")
    returned.refresh_from_db()
    assert returned.status == Status.RETURNED


def test_bulk_return_needs_a_reason(client, reviewer_a, batch, mailoutbox):
    response = client.post(f"{RETURN}?{ids(batch['a1'])}", {"reason": ""})
    assert response.status_code == 200  # the form again, with its error
    assert statuses(batch)["a1"] == Status.SUBMITTED
    assert mailoutbox == []


def test_bulk_return_sends_each_author_the_reason(
    client, reviewer_a, people, batch, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{RETURN}?{ids(*batch.values())}", {"reason": "Thiếu ảnh buổi nói chuyện"})
    assert statuses(batch) == {
        "a1": Status.RETURNED,
        "a2": Status.RETURNED,
        "b": Status.SUBMITTED,
    }
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [people.volunteer_a.email, people.volunteer_a2.email]
    )
    assert all("Thiếu ảnh buổi nói chuyện" in m.body for m in mailoutbox)


def test_select_all_in_listing_takes_the_listings_filters_within_scope(
    client, reviewer_a, people, venues, batch
):
    other_form = SessionFactory(
        venue=venues.school_a, created_by=people.volunteer_a, form="group_discussion"
    )
    client.post(f"{APPROVE}?id=all&form=talk")
    assert statuses(batch) == {
        "a1": Status.APPROVED,
        "a2": Status.APPROVED,
        "b": Status.SUBMITTED,
    }
    other_form.refresh_from_db()
    assert other_form.status == Status.SUBMITTED


def test_a_volunteer_cannot_use_the_bulk_actions(client, people, batch):
    client.force_login(people.volunteer_a2)
    client.post(f"{APPROVE}?{ids(batch['a1'])}")
    client.post(f"{RETURN}?{ids(batch['a1'])}", {"reason": "x"})
    assert statuses(batch)["a1"] == Status.SUBMITTED


def test_a_reviewer_without_the_review_permission_cannot_use_them(client, people, batch, roles):
    from places.models import Role

    people.officer_a.groups.remove(roles[Role.COMMUNICATION_OFFICER])
    people.officer_a.groups.add(roles[Role.VOLUNTEER])
    client.force_login(people.officer_a)
    client.post(f"{APPROVE}?{ids(batch['a1'])}")
    assert statuses(batch)["a1"] == Status.SUBMITTED


def test_malformed_ids_are_ignored(client, reviewer_a, batch):
    response = client.get(f"{APPROVE}?id=abc&id={batch['a1'].pk}")
    assert response.status_code == 200
