"""Issue 9, items 5 and 8: a phone number is not an identity by itself, and is never a key."""

import json
import re

import pytest
from django.utils import timezone

from contests import abuse, identity, sms
from contests.attempts import AttemptRefused, Entry, Proof, start_attempt, submit_attempt
from contests.models import Attempt, Participant, PhoneCode
from tests.contests.factories import sms_code
from tests.contests.sms_gateway import RecordingGateway

VICTIM = "0912 345 678"


def entry(**fields):
    values = {
        "full_name": "Giàng Thị Mai",
        "phone": VICTIM,
        "birth_year": timezone.now().year - 20,
        "consent": True,
        "consent_text": "Tôi đồng ý.",
    }
    return Entry(**(values | fields))


def post(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def api_entry(**fields):
    return {
        "full_name": "Kẻ Mạo Danh",
        "phone": VICTIM,
        "birth_year": timezone.now().year - 30,
        "consent": True,
    } | fields


def test_a_start_without_proof_answers_the_same_for_a_number_that_played_and_a_new_one(
    client, contest_page
):
    contest = contest_page.contest
    start_attempt(contest, entry(), Proof(code=sms_code(contest, VICTIM)))
    url = f"/api/v1/contests/{contest.pk}/attempts"

    played = post(client, url, api_entry())
    new = post(client, url, api_entry(phone="0912 999 888"))

    assert played.status_code == new.status_code == 422
    assert played.json() == new.json()
    assert set(played.json()["errors"]) == {"code"}


def test_knowing_a_number_does_not_let_anyone_change_the_entrants_details(client, contest_page):
    contest = contest_page.contest
    start_attempt(contest, entry(), Proof(code=sms_code(contest, VICTIM)))
    url = f"/api/v1/contests/{contest.pk}/attempts"

    post(client, url, api_entry(code="123456"))
    post(client, url, api_entry(device_token="forged"))

    participant = Participant.objects.get()
    assert participant.full_name == "Giàng Thị Mai"
    assert Attempt.objects.count() == 1


def test_the_code_answer_is_the_same_for_a_known_and_a_new_number(client, contest_page):
    contest = contest_page.contest
    start_attempt(contest, entry(), Proof(code=sms_code(contest, VICTIM)))
    url = f"/api/v1/contests/{contest.pk}/codes"
    known = post(client, url, {"phone": VICTIM})
    new = post(client, url, {"phone": "0912 999 888"})
    assert known.status_code == new.status_code == 202
    assert known.json() == new.json()


def test_the_device_token_of_an_earlier_attempt_proves_the_entrant(contest, open_round):
    contest.attempts_per_round = 2
    contest.save()
    first = start_attempt(contest, entry(), Proof(code=sms_code(contest, VICTIM)))
    submit_attempt(first.pk, {})
    token = identity.device_token(contest.pk, first.participant_id, "+84912345678")

    second = start_attempt(contest, entry(full_name="Giàng Thị Mai Anh"), Proof(device_token=token))

    assert second.number == 2
    assert Participant.objects.get().full_name == "Giàng Thị Mai Anh"


def test_a_device_token_of_another_number_is_no_proof(contest, open_round):
    other = start_attempt(
        contest, entry(phone="0912 999 888"), Proof(code=sms_code(contest, "0912 999 888"))
    )
    token = identity.device_token(contest.pk, other.participant_id, "+84912999888")
    with pytest.raises(Exception) as refused:
        start_attempt(contest, entry(), Proof(device_token=token))
    assert "code" in refused.value.message_dict


def test_five_wrong_guesses_use_a_code_up(contest, open_round):
    code = sms_code(contest, VICTIM)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _guess in range(5):
        assert not identity.check_code(contest.pk, "+84912345678", wrong)
    assert not identity.check_code(contest.pk, "+84912345678", code)


def test_a_code_is_used_once(contest, open_round):
    code = sms_code(contest, VICTIM)
    assert identity.check_code(contest.pk, "+84912345678", code)
    assert not identity.check_code(contest.pk, "+84912345678", code)


def test_codes_are_stored_as_keyed_hashes_only(contest, open_round):
    code = sms_code(contest, VICTIM)
    stored = PhoneCode.objects.get()
    assert "912345678" not in stored.phone_key and code not in stored.code_hash
    assert stored.phone_key == identity.phone_key("+84912345678")


def test_without_codes_a_known_number_needs_its_device_token(contest, open_round):
    contest.phone_codes = False
    contest.attempts_per_round = 2
    contest.save()
    first = start_attempt(contest, entry())
    with pytest.raises(AttemptRefused) as refused:
        start_attempt(contest, entry(full_name="Kẻ Mạo Danh"))
    assert refused.value.code == "proof_needed"
    assert Participant.objects.get().full_name == "Giàng Thị Mai"
    token = identity.device_token(contest.pk, first.participant_id, "+84912345678")
    assert start_attempt(contest, entry(), Proof(device_token=token)).pk == first.pk


def test_the_http_gateway_posts_the_message_with_the_key(client, contest_page, settings):
    with RecordingGateway() as gateway:
        settings.SMS_BACKEND = "http"
        settings.SMS_GATEWAY_URL = gateway.url
        settings.SMS_GATEWAY_KEY = "khoa-bi-mat"
        response = post(
            client, f"/api/v1/contests/{contest_page.contest_id}/codes", {"phone": VICTIM}
        )
    assert response.status_code == 202
    [message] = gateway.messages
    assert message["authorization"] == "Bearer khoa-bi-mat"
    assert message["body"]["to"] == "+84912345678"
    code = re.search(r"\b(\d{6})\b", message["body"]["text"]).group(1)
    assert identity.check_code(contest_page.contest_id, "+84912345678", code)


def test_a_failing_gateway_answers_503_and_keeps_no_code(client, contest_page, settings):
    with RecordingGateway(status=500) as gateway:
        settings.SMS_BACKEND = "http"
        settings.SMS_GATEWAY_URL = gateway.url
        response = post(
            client, f"/api/v1/contests/{contest_page.contest_id}/codes", {"phone": VICTIM}
        )
    assert response.status_code == 503
    assert "Chưa gửi được mã" in response.json()["detail"]
    assert not PhoneCode.objects.exists()


def test_rate_limit_keys_hold_a_keyed_hash_of_the_phone_never_the_phone(
    client, contest_page, settings
):
    contest = contest_page.contest
    code = sms_code(contest, VICTIM)
    post(client, f"/api/v1/contests/{contest.pk}/codes", {"phone": VICTIM})
    post(client, f"/api/v1/contests/{contest.pk}/attempts", api_entry(code=code))
    if settings.REDIS_URL:
        keys = [key.decode() for key in abuse._redis_client().keys("*contests:rate*")]
    else:
        keys = list(abuse._memory._counts)
    assert any(identity.phone_key("+84912345678") in key for key in keys)
    assert not any("912345678" in key for key in keys)


def test_the_console_backend_prints_the_message(settings, capsys):
    settings.SMS_BACKEND = "console"
    sms.send("+84912345678", "Mã xác minh dự thi của bạn là 123456")
    assert "123456" in capsys.readouterr().out


def test_a_code_for_a_wrong_number_names_the_phone_field(client, contest_page):
    response = post(client, f"/api/v1/contests/{contest_page.contest_id}/codes", {"phone": "123"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"phone"}
    assert not sms.outbox
