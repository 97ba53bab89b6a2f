import time

import pytest
from django.test import RequestFactory
from django.utils import timezone

from contests import abuse
from contests.models import Participant
from tests.contests.factories import sms_code


def test_a_counter_refuses_beyond_its_limit_until_the_next_window():
    start = 1_000_000.0
    assert [abuse.count("t", "a", 2, 60, now=start + i) for i in range(2)] == [1, 2]
    with pytest.raises(abuse.Limited) as limited:
        abuse.count("t", "a", 2, 60, now=start + 5)
    assert 0 < limited.value.retry_after <= 60
    assert abuse.count("t", "b", 2, 60, now=start + 5) == 1  # another subject, its own count
    assert abuse.count("t", "a", 2, 60, now=start + 60) == 1  # a new window


def test_the_limited_message_is_in_vietnamese_and_rounds_up_to_minutes():
    assert abuse.Limited(retry_after=61).message == (
        "Bạn đã gửi quá nhiều lần. Vui lòng thử lại sau 2 phút."
    )


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **headers)


def test_behind_a_trusted_proxy_a_forged_forwarded_header_does_not_escape_the_limit(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CONTEST_START_LIMIT_PER_IP = (2, 600)
    abuse.limit_start(request_from("10.0.0.1", "1.1.1.1, 203.0.113.7"))
    abuse.limit_start(request_from("10.0.0.1", "2.2.2.2, 203.0.113.7"))
    with pytest.raises(abuse.Limited):
        abuse.limit_start(request_from("10.0.0.1", "3.3.3.3, 203.0.113.7"))
    abuse.limit_start(request_from("10.0.0.1", "203.0.113.8"))  # another client


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.CONTEST_START_LIMIT_PER_IP = (1, 600)
    abuse.limit_start(request_from("198.51.100.4", "1.1.1.1"))
    with pytest.raises(abuse.Limited):
        abuse.limit_start(request_from("198.51.100.4", "2.2.2.2"))


def test_the_phone_limit_counts_the_normalised_number(settings):
    settings.CONTEST_START_LIMIT_PER_PHONE = (1, 600)
    abuse.limit_start(request_from("198.51.100.5"), "+84912345678")
    with pytest.raises(abuse.Limited):
        abuse.limit_start(request_from("198.51.100.6"), "+84912345678")


def test_a_form_with_the_honeypot_filled_is_refused():
    data = {"website": "x", "form_stamp": abuse.form_stamp(now=time.time() - 60)}
    with pytest.raises(abuse.FormRefused):
        abuse.check_form(data)


def test_a_form_without_a_valid_stamp_is_refused():
    with pytest.raises(abuse.FormRefused):
        abuse.check_form({"form_stamp": "forged"})


def test_a_form_filled_at_a_human_pace_passes():
    abuse.check_form({"website": "", "form_stamp": abuse.form_stamp(now=time.time() - 30)})


def test_the_page_answers_429_with_retry_after_when_the_ip_is_limited(
    client, contest_page, settings
):
    settings.CONTEST_START_LIMIT_PER_IP = (1, 600)
    data = {
        "full_name": "Lò Văn Hùng",
        "phone": "0987 111 222",
        "birth_year": str(timezone.now().year - 25),
        "consent": "on",
        "form_stamp": abuse.form_stamp(now=time.time() - 60),
    }
    code = sms_code(contest_page.contest, data["phone"])
    assert client.post(contest_page.url, data | {"code": code}).status_code == 302
    limited = client.post(contest_page.url, data | {"phone": "0987 111 333"})
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "Vui lòng thử lại sau" in limited.content.decode()
    assert Participant.objects.count() == 1
