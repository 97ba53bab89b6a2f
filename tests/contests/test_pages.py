import datetime
import json
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from contests import abuse, state
from contests.models import Attempt, Choice, Participant
from tests.contests.factories import EXPLANATION_MARKER, sms_code
from tests.events.factories import VenueFactory


def entry_data(**fields):
    values = {
        "full_name": "Giàng Thị Mai",
        "phone": "0912 345 678",
        "birth_year": str(timezone.now().year - 20),
        "school_or_workplace": "",
        "commune_name": "",
        "consent": "on",
        "guardian_name": "",
        "website": "",
        "form_stamp": abuse.form_stamp(now=time.time() - 60),
    }
    return values | fields


def assert_no_answer_key(response):
    body = response.content.decode()
    assert EXPLANATION_MARKER not in body
    assert "is_correct" not in body
    assert "đáp án đúng" not in body


def start(client, contest_page, **fields):
    data = entry_data(**fields)
    data.setdefault("code", sms_code(contest_page.contest, data["phone"]))
    return client.post(contest_page.url, data)


def test_contest_page_shows_rules_rounds_and_the_entry_form(
    client, contest_page, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = client.get(contest_page.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Mỗi tuần một lượt thi." in body
    assert "Mười giải mỗi tuần." in body
    assert "Tuần thi 1" in body and "Tuần thi 2" in body
    assert contest_page.consent_text in body
    assert contest_page.guardian_consent_text in body
    assert 'name="form_stamp"' in body
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_entry_starts_an_attempt_and_shows_the_quiz(client, contest_page, open_round):
    response = start(client, contest_page)
    attempt = Attempt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contests:quiz", args=[attempt.pk])
    assert attempt.participant.consent_text == contest_page.consent_text

    quiz = client.get(response["Location"])
    body = quiz.content.decode()
    assert quiz.status_code == 200
    assert body.count('<fieldset class="question"') == 5
    assert 'data-seconds-left="' in body
    assert "no-store" in quiz["Cache-Control"]
    assert_no_answer_key(quiz)


def test_an_incomplete_entry_names_the_fields(client, contest_page):
    response = start(client, contest_page, full_name="", phone="123", consent="")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Nhập họ và tên." in body
    assert "Số điện thoại chưa đúng" in body
    assert "Cần đồng ý với việc xử lý dữ liệu cá nhân để dự thi." in body
    assert not Participant.objects.exists()


def test_under_16_without_guardian_is_refused_on_the_page(client, contest_page):
    response = start(client, contest_page, birth_year=str(timezone.now().year - 13))
    assert response.status_code == 400
    assert "cần cha mẹ hoặc người giám hộ đồng ý" in response.content.decode()
    assert not Attempt.objects.exists()


def test_a_school_is_found_by_name_without_diacritics(client, contest_page, tree):
    VenueFactory(name="Trường THPT Lâm Bình", org_unit=tree.lam_binh)
    response = client.post(
        contest_page.url, entry_data(school_or_workplace="lam binh", find_places="1")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Trường THPT Lâm Bình" in body
    assert 'name="venue"' in body
    assert "field-errors" not in body
    assert not Participant.objects.exists()


def test_chosen_venue_is_recorded_with_its_commune(client, contest_page, tree):
    venue = VenueFactory(name="Trường THPT Lâm Bình", org_unit=tree.lam_binh)
    start(client, contest_page, venue=str(venue.pk))
    participant = Participant.objects.get()
    assert participant.venue == venue
    assert participant.commune == tree.lam_binh
    assert participant.school_or_workplace == "Trường THPT Lâm Bình"


def submit_all_correct(client, attempt):
    data = {
        f"q{c.question_id}": str(c.pk)
        for c in Choice.objects.filter(question_id__in=attempt.question_ids, is_correct=True)
    }
    return client.post(reverse("contests:quiz", args=[attempt.pk]), data | {"prediction": "7"})


def test_the_whole_flow_never_shows_the_answer_key_while_the_round_is_open(client, contest_page):
    responses = [client.get(contest_page.url), start(client, contest_page)]
    attempt = Attempt.objects.get()
    responses.append(client.get(reverse("contests:quiz", args=[attempt.pk])))
    responses.append(submit_all_correct(client, attempt))
    responses.append(submit_all_correct(client, attempt))
    result = client.get(reverse("contests:result", args=[attempt.pk]))
    responses.append(result)

    for response in responses:
        assert_no_answer_key(response)
    # Nor the score: it would tell which answers were right.
    assert "5/5" not in result.content.decode()
    assert "Điểm của bạn được công bố khi tuần thi kết thúc" in result.content.decode()
    assert "no-store" in result["Cache-Control"]


def test_after_the_round_closes_the_result_shows_answers_and_explanations(
    client, contest_page, open_round
):
    start(client, contest_page)
    attempt = Attempt.objects.get()
    submit_all_correct(client, attempt)
    open_round.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    open_round.opens_at = open_round.closes_at - datetime.timedelta(days=1)
    open_round.save()
    state.forget()  # as CONTEST_STATE_SECONDS after the change

    body = client.get(reverse("contests:result", args=[attempt.pk])).content.decode()

    assert EXPLANATION_MARKER in body
    assert "đáp án đúng" in body


def test_a_late_submission_is_refused_on_the_page(client, contest_page):
    start(client, contest_page)
    attempt = Attempt.objects.get()
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(seconds=30)
    )
    response = submit_all_correct(client, attempt)
    assert response.status_code == 409
    assert "Đã hết thời gian làm bài" in response.content.decode()
    assert Attempt.objects.get().submitted_at is None


def test_the_quiz_in_hmong_shows_hmong_questions(client, contest_page):
    start(client, contest_page)
    attempt = Attempt.objects.get()
    body = client.get(f"/hmn/thi/lan-thi/{attempt.pk}/").content.decode()
    assert "Lus nug" in body
    assert re.search(r'lang="hmn"', body)


@pytest.mark.parametrize("honeypot", ["http://spam.example"])
def test_a_filled_honeypot_is_refused(client, contest_page, honeypot):
    response = start(client, contest_page, website=honeypot)
    assert response.status_code == 400
    assert not Participant.objects.exists()


def test_a_form_sent_back_at_once_after_a_reload_is_accepted(client, contest_page):
    response = start(client, contest_page, form_stamp=abuse.form_stamp())
    assert response.status_code == 302
    assert Participant.objects.count() == 1


def test_completing_the_quiz_sends_one_plausible_event(client, contest_page, plausible):
    start(client, contest_page)
    attempt = Attempt.objects.get()
    submit_all_correct(client, attempt)
    submit_all_correct(client, attempt)

    events = plausible.wait_for(1)
    assert [e["path"] for e in events] == ["/api/event"]
    event = events[0]["body"]
    assert event["name"] == "Contest completed"
    assert event["domain"] == "outreach.example.org"
    assert event["props"] == {"contest": contest_page.contest.name, "language": "vi"}


def test_the_analytics_event_never_carries_the_attempt_id(client, contest_page, plausible):
    start(client, contest_page)
    attempt = Attempt.objects.get()
    quiz = reverse("contests:quiz", args=[attempt.pk])
    data = {"confirm_unanswered": "1"}
    client.post(quiz, data, HTTP_REFERER=f"http://testserver{quiz}")

    [event] = plausible.wait_for(1)
    assert str(attempt.pk) not in json.dumps(event)
    assert event["body"]["url"].endswith(contest_page.url)
    assert event["body"]["referrer"] == ""
