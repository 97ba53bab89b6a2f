import datetime
import json
import re

import pytest
from django.utils import timezone

from contests import sms, state
from contests.models import Attempt, Choice, Participant
from tests.contests.factories import EXPLANATION_MARKER


def entry(**fields):
    values = {
        "full_name": "Giàng Thị Mai",
        "phone": "0912 345 678",
        "birth_year": timezone.now().year - 20,
        "language": "hmn",
        "consent": True,
    }
    return values | fields


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def start(client, contest, **fields):
    body = entry(**fields)
    if "code" not in body and "device_token" not in body:
        post(client, f"/api/v1/contests/{contest.pk}/codes", {"phone": body["phone"]})
        found = re.search(r"\b(\d{6})\b", sms.outbox[-1]["text"]) if sms.outbox else None
        body["code"] = found.group(1) if found else "000000"
    return post(client, f"/api/v1/contests/{contest.pk}/attempts", body)


def correct(attempt_id):
    attempt = Attempt.objects.get(pk=attempt_id)
    chosen = Choice.objects.filter(question_id__in=attempt.question_ids, is_correct=True)
    return {str(c.question_id): [c.pk] for c in chosen}


def score_at_once(contest):
    contest.score_at_once = True
    contest.save()
    state.forget()


def assert_no_answer_key(response):
    body = response.content.decode()
    assert "is_correct" not in body
    assert "correct" not in body.replace("all_correct", "")
    assert EXPLANATION_MARKER not in body
    assert "explanation" not in body


def test_open_contests_list_their_current_round_without_a_token(
    client, contest_page, open_round, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/contests")
    assert response.status_code == 200
    [listed] = response.json()
    assert listed["id"] == contest_page.contest_id
    assert listed["title"] == contest_page.title
    assert listed["current_round"]["number"] == open_round.number
    assert listed["consent_text"] == contest_page.consent_text


def test_a_contest_without_an_open_round_is_not_listed(client, contest_page, open_round):
    open_round.delete()
    assert client.get("/api/v1/contests").json() == []


def test_start_returns_questions_and_deadline_but_no_answer_key(client, contest_page):
    response = start(client, contest_page.contest)
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["questions"]) == 5
    assert body["questions"][0]["text"].startswith("Lus nug")
    assert set(body["questions"][0]["choices"][0]) == {"id", "text", "lang"}
    assert body["seconds_left"] > 500
    assert_no_answer_key(response)
    participant = Participant.objects.get()
    assert participant.phone == "+84912345678"
    assert participant.consent_text == contest_page.consent_text
    assert participant.language == "hmn"


def test_start_refuses_under_16_without_guardian_consent(client, contest_page):
    response = start(client, contest_page.contest, birth_year=timezone.now().year - 12)
    assert response.status_code == 422
    assert set(response.json()["errors"]) >= {"guardian_consent", "guardian_name"}
    assert not Participant.objects.exists()


def test_start_names_every_wrong_field(client, contest_page):
    response = start(client, contest_page.contest, phone="abc", consent=False)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"phone", "consent"}


def test_a_second_start_in_the_round_is_refused(client, contest_page):
    attempt_id = start(client, contest_page.contest).json()["id"]
    post(client, f"/api/v1/attempts/{attempt_id}/submit", {"answers": {}})
    response = start(client, contest_page.contest, phone="+84912345678")
    assert response.status_code == 409
    assert "hết số lượt thi" in response.json()["detail"]


def test_submit_scores_on_the_server_and_repeats_return_the_first_result(
    client, contest_page, django_assert_max_num_queries
):
    score_at_once(contest_page.contest)
    attempt_id = start(client, contest_page.contest).json()["id"]
    answers = correct(attempt_id)
    url = f"/api/v1/attempts/{attempt_id}/submit"

    with django_assert_max_num_queries(3):
        first = post(client, url, {"answers": answers, "prediction": 40})
    again = post(client, url, {"answers": {}, "prediction": 1})

    assert first.status_code == 200 == again.status_code
    assert first.json()["score"] == 5 and first.json()["all_correct"] is True
    assert first.json()["first_submission"] is True
    assert again.json()["first_submission"] is False
    assert {k: v for k, v in again.json().items() if k != "first_submission"} == {
        k: v for k, v in first.json().items() if k != "first_submission"
    }
    assert Attempt.objects.get(pk=attempt_id).prediction == 40
    assert_no_answer_key(first)


def test_late_submit_is_refused(client, contest_page):
    attempt_id = start(client, contest_page.contest).json()["id"]
    Attempt.objects.filter(pk=attempt_id).update(
        deadline_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = post(client, f"/api/v1/attempts/{attempt_id}/submit", {"answers": {}})
    assert response.status_code == 409
    assert "hết thời gian" in response.json()["detail"]


def test_submit_to_an_unknown_attempt_is_404(client, db):
    response = post(
        client, "/api/v1/attempts/6f1d2c1e-0000-4000-8000-000000000000/submit", {"answers": {}}
    )
    assert response.status_code == 404


def test_start_is_rate_limited_per_phone(client, contest_page, settings):
    settings.CONTEST_START_LIMIT_PER_PHONE = (2, 600)
    contest_page.contest.attempts_per_round = 5
    contest_page.contest.save()
    codes = [start(client, contest_page.contest).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    limited = start(client, contest_page.contest)
    assert int(limited["Retry-After"]) > 0
    assert "thử lại sau" in limited.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/contests",
        "/contests/{contest_id}/codes",
        "/contests/{contest_id}/attempts",
        "/attempts/{attempt_id}/submit",
    ],
)
def test_the_endpoints_are_in_the_openapi_document_without_security(client, db, path):
    document = client.get("/api/v1/openapi.json").json()
    operations = document["paths"][f"/api/v1{path}"]
    for operation in operations.values():
        assert not operation.get("security")


def test_an_api_completion_sends_one_plausible_event(client, contest_page, plausible):
    attempt_id = start(client, contest_page.contest).json()["id"]
    url = f"/api/v1/attempts/{attempt_id}/submit"
    post(client, url, {"answers": correct(attempt_id)})
    post(client, url, {"answers": correct(attempt_id)})

    [event] = plausible.wait_for(1)
    assert event["body"]["props"]["language"] == "hmn"
