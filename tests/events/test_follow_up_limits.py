"""Issue 12, item 2: a follow-up that keeps failing stops after a bounded number of tries
and is listed for an administrator, who may send it again."""

import pytest
from django.contrib.auth import get_user_model

from events import follow_ups
from events.models import FollowUp

pytestmark = pytest.mark.django_db

FAILING = "test_always_fails"


@pytest.fixture
def failing_kind():
    calls = []

    def handler(payload):
        calls.append(payload)
        raise RuntimeError("máy chủ ảnh không trả lời")

    follow_ups.register(FAILING, handler)
    yield calls
    follow_ups.HANDLERS.pop(FAILING, None)


def test_a_follow_up_that_keeps_failing_stops_after_the_bounded_number_of_tries(failing_kind):
    row = follow_ups.schedule(FAILING, "test:fails", n=1)
    for _minute in range(follow_ups.MAX_TRIES + 3):  # beat's dispatcher, once a minute
        follow_ups.dispatch()
    row.refresh_from_db()
    assert len(failing_kind) == follow_ups.MAX_TRIES
    assert row.attempts == follow_ups.MAX_TRIES
    assert row.given_up_at is not None and row.done_at is None
    assert "máy chủ ảnh không trả lời" in row.last_error


def test_a_follow_up_that_fails_once_is_done_at_the_next_dispatch(failing_kind):
    row = follow_ups.schedule(FAILING, "test:once", n=1)
    follow_ups.dispatch()
    follow_ups.HANDLERS[FAILING] = failing_kind.append  # the cause is fixed
    follow_ups.dispatch()
    row.refresh_from_db()
    assert row.done_at is not None and row.attempts == 2 and row.given_up_at is None


def test_given_up_work_is_listed_for_an_administrator_who_can_send_it_again(client, failing_kind):
    row = follow_ups.schedule(FAILING, "test:listed", n=1)
    for _minute in range(follow_ups.MAX_TRIES + 1):
        follow_ups.dispatch()
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.org", "matkhau-dai")
    client.force_login(admin)

    listing = client.get("/admin/follow-ups/given-up/")
    assert listing.status_code == 200
    assert "test:listed" in listing.content.decode()
    assert "máy chủ ảnh không trả lời" in listing.content.decode()

    follow_ups.HANDLERS[FAILING] = failing_kind.append  # the cause is fixed
    sent = client.post("/admin/follow-ups/given-up/", {"follow_up": [row.pk]})
    assert sent.status_code == 302
    row.refresh_from_db()
    assert row.done_at is not None and row.given_up_at is None
    assert "test:listed" not in client.get("/admin/follow-ups/given-up/").content.decode()


def test_only_a_superuser_sees_the_given_up_work(client, roles):
    editor = get_user_model().objects.create_user("bientap", password="matkhau-dai")
    editor.groups.add(*roles.values())
    client.force_login(editor)
    assert client.get("/admin/follow-ups/given-up/").status_code in (302, 403)
    assert FollowUp.objects.count() == 0
