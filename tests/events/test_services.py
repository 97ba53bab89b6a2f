import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from events import services
from events.checks import SessionInput
from events.models import Action, Session, Status
from tests.events.factories import SessionFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 14)


def talk(venue=None, **changes):
    values = {
        "date": DAY,
        "venue": venue,
        "form": "talk",
        "audience": "students",
        "cohort": "10A1",
        "participants": 40,
        "female": 22,
        "ethnic_minority": 5,
        "under_18": 40,
        "languages": ["vi", "hmn"],
        "organizer": "youth_union",
        "materials": [("Tờ rơi phòng, chống mua bán người", 40)],
    }
    return SessionInput(**{**values, **changes})


def test_recording_a_session_submits_it_and_writes_the_audit_trail(people, venues):
    session, created = services.record_session(people.volunteer_a, talk(venues.school_a))
    assert created
    assert session.status == Status.SUBMITTED
    assert session.org_unit == venues.school_a.org_unit
    assert list(session.changes.values_list("action", flat=True)) == ["created", "submitted"]
    assert session.materials_handed_out.get().quantity == 40


def test_a_resend_with_the_same_client_id_returns_the_first_record(people, venues):
    client_id = uuid.uuid4()
    first, _ = services.record_session(
        people.volunteer_a, talk(venues.school_a), client_id=client_id
    )
    again, created = services.record_session(
        people.volunteer_a, talk(venues.school_a), client_id=client_id
    )
    assert (again.pk, created) == (first.pk, False)
    assert Session.objects.count() == 1


def test_a_resend_with_other_content_is_a_conflict(people, venues):
    client_id = uuid.uuid4()
    services.record_session(people.volunteer_a, talk(venues.school_a), client_id=client_id)
    with pytest.raises(services.ConflictingResubmission):
        services.record_session(
            people.volunteer_a, talk(venues.school_a, participants=41), client_id=client_id
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"participants": -1}, "participants"),
        ({"participants": 2.5}, "participants"),
        ({"female": 41}, "female"),
        ({"ethnic_minority": 41}, "ethnic_minority"),
        ({"under_18": 41}, "under_18"),
        ({"date": datetime.date.today() + datetime.timedelta(days=1)}, "date"),
        ({"venue": None}, "venue"),
        ({"form": "picnic"}, "form"),
        ({"languages": ["xx"]}, "languages"),
    ],
)
def test_impossible_records_are_refused_on_the_right_field(people, venues, changes, field):
    data = talk(**{"venue": venues.school_a, **changes})
    with pytest.raises(services.SessionRefused) as refused:
        services.record_session(people.volunteer_a, data)
    assert field in refused.value.check.errors
    assert Session.objects.count() == 0


def test_a_venue_outside_the_volunteers_scope_is_refused(people, venues):
    with pytest.raises(services.SessionRefused) as refused:
        services.record_session(people.volunteer_a, talk(venues.school_b))
    assert refused.value.check.errors["venue"] == ["Địa điểm này ngoài địa bàn bạn phụ trách."]


def test_participants_above_the_venue_baseline_need_confirmation(people, venues):
    above = talk(venues.school_a, participants=700, under_18=0, female=0)
    with pytest.raises(services.SessionRefused) as refused:
        services.record_session(people.volunteer_a, above)
    assert "above_baseline" in refused.value.check.warnings
    session, _ = services.record_session(people.volunteer_a, above, confirm_above_baseline=True)
    assert session.above_baseline_confirmed


def test_a_loudspeaker_broadcast_can_name_a_commune_without_a_venue(people, tree):
    data = talk(None, org_unit=tree.thuong_lam, form="loudspeaker", audience="community")
    session, _ = services.record_session(people.volunteer_a, data)
    assert session.venue is None and session.org_unit == tree.thuong_lam


def test_a_talk_needs_a_venue(people, tree):
    data = talk(None, org_unit=tree.thuong_lam)
    with pytest.raises(services.SessionRefused) as refused:
        services.record_session(people.volunteer_a, data)
    assert "venue" in refused.value.check.errors


def test_a_reviewer_of_the_province_approves_and_the_record_locks(people, venues):
    session = SessionFactory(venue=venues.school_a, created_by=people.volunteer_a)
    assert services.approve(people.reviewer_a, [session]) == 1
    session.refresh_from_db()
    assert session.status == Status.APPROVED and session.is_locked
    with pytest.raises(PermissionDenied):
        services.update_session(people.volunteer_a, session, talk(venues.school_a), submit=True)


def test_nobody_approves_their_own_record(people, venues):
    session = SessionFactory(venue=venues.school_a, created_by=people.reviewer_a)
    with pytest.raises(PermissionDenied):
        services.approve(people.reviewer_a, [session])


def test_a_reviewer_of_another_province_cannot_approve(people, venues):
    session = SessionFactory(venue=venues.school_a, created_by=people.volunteer_a)
    with pytest.raises(PermissionDenied):
        services.approve(people.reviewer_b, [session])
    session.refresh_from_db()
    assert session.status == Status.SUBMITTED


def test_a_volunteer_cannot_approve(people, venues):
    session = SessionFactory(venue=venues.school_a, created_by=people.volunteer_a)
    with pytest.raises(PermissionDenied):
        services.approve(people.volunteer_a2, [session])


def test_returning_needs_a_reason_and_tells_the_volunteer(
    people, venues, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(venue=venues.school_a, created_by=people.volunteer_a)
    with pytest.raises(ValidationError):
        services.return_to_author(people.reviewer_a, [session], reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_to_author(people.reviewer_a, [session], reason="Thiếu số nữ")
    session.refresh_from_db()
    assert session.status == Status.RETURNED and session.return_reason == "Thiếu số nữ"
    assert mailoutbox[0].to == [people.volunteer_a.email]
    assert "Thiếu số nữ" in mailoutbox[0].body


def test_the_author_fixes_a_returned_record_and_the_change_is_audited(people, venues):
    session, _ = services.record_session(people.volunteer_a, talk(venues.school_a))
    services.return_to_author(people.reviewer_a, [session], reason="Sai số người")
    services.update_session(
        people.volunteer_a, session, talk(venues.school_a, participants=45), submit=True
    )
    edit = session.changes.get(action=Action.EDITED)
    assert edit.changes == {"participants": [40, 45]}
    session.refresh_from_db()
    assert session.status == Status.SUBMITTED and session.return_reason == ""


def test_only_the_author_edits(people, venues):
    session, _ = services.record_session(people.volunteer_a, talk(venues.school_a), submit=False)
    with pytest.raises(PermissionDenied):
        services.update_session(people.volunteer_a2, session, talk(venues.school_a), submit=False)


def test_unlocking_takes_a_reviewer_and_a_reason(people, venues):
    session = SessionFactory(venue=venues.school_a, created_by=people.volunteer_a)
    services.approve(people.reviewer_a, [session])
    with pytest.raises(ValidationError):
        services.unlock(people.reviewer_a, session, reason="")
    services.unlock(people.reviewer_a, session, reason="Trùng với bản ghi khác")
    session.refresh_from_db()
    assert session.status == Status.RETURNED
    assert session.changes.filter(action=Action.UNLOCKED).exists()


def test_only_approved_sessions_feed_indicators(people, venues):
    SessionFactory(venue=venues.school_a, created_by=people.volunteer_a)
    approved = SessionFactory(venue=venues.school_a, created_by=people.volunteer_a, cohort="10A2")
    services.approve(people.reviewer_a, [approved])
    assert list(Session.objects.approved()) == [approved]


def test_likely_duplicates_are_found_by_venue_date_form_and_cohort(people, venues):
    services.record_session(people.volunteer_a, talk(venues.school_a))
    duplicates = services.likely_duplicates(
        people.volunteer_a2, talk(venues.school_a, cohort="10a1")
    )
    assert duplicates.count() == 1
    assert not services.likely_duplicates(people.volunteer_b, talk(venues.school_a)).exists()


def test_earlier_cohorts_are_offered_most_recent_first(people, venues):
    SessionFactory(venue=venues.school_a, cohort="10A1", date=datetime.date(2025, 1, 5))
    SessionFactory(venue=venues.school_a, cohort="11B2", date=datetime.date(2025, 2, 5))
    SessionFactory(venue=venues.school_a, cohort="10A1", date=datetime.date(2024, 12, 5))
    assert services.earlier_cohorts(venues.school_a) == ["11B2", "10A1"]
