"""Issue 11, item 3: an entrant is never stuck (server side; tests/e2e plays it in Chromium)."""

import json

from django.urls import reverse

from contests.models import Attempt, Choice
from tests.contests.test_pages import entry_data, start


def test_an_unfinished_attempt_resumes_on_the_same_device_without_costing_a_try(
    client, contest_page
):
    first = start(client, contest_page)
    again = start(client, contest_page, code="")  # the device's token is the proof now
    assert first["Location"] == again["Location"]
    assert Attempt.objects.count() == 1
    page = client.get(contest_page.url).content.decode()
    assert "Làm tiếp" in page
    assert "Bạn còn 0 lượt thi trong tuần thi này." in page


def test_tries_left_are_shown_on_the_page_the_quiz_and_the_result(client, contest_page):
    contest = contest_page.contest
    contest.attempts_per_round = 3
    contest.save()
    start(client, contest_page)
    attempt = Attempt.objects.get()
    quiz = client.get(reverse("contests:quiz", args=[attempt.pk])).content.decode()
    assert "Lượt thi thứ 1/3" in quiz
    client.post(reverse("contests:quiz", args=[attempt.pk]), {"confirm_unanswered": "1"})
    result = client.get(reverse("contests:result", args=[attempt.pk])).content.decode()
    assert "Bạn còn 2 lượt thi trong tuần thi này." in result
    assert "Bạn còn 2 lượt thi" in client.get(contest_page.url).content.decode()


def test_unanswered_questions_are_named_before_submitting_without_javascript(client, contest_page):
    start(client, contest_page)
    attempt = Attempt.objects.get()
    first = attempt.question_ids[0]
    choice = Choice.objects.filter(question_id=first).first()
    url = reverse("contests:quiz", args=[attempt.pk])

    response = client.post(url, {f"q{first}": str(choice.pk), "prediction": "12"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Bạn chưa trả lời: câu 2, 3, 4, 5." in body
    assert f'value="{choice.pk}" checked' in body  # what was chosen stays chosen
    assert 'value="12"' in body
    assert Attempt.objects.get().submitted_at is None
    sent = client.post(url, {f"q{first}": str(choice.pk), "confirm_unanswered": "1"})
    assert sent.status_code == 302
    assert Attempt.objects.get().submitted_at is not None


def test_the_result_links_to_the_leaderboard_and_says_when_the_ranking_is_published(
    client, contest_page, open_round
):
    start(client, contest_page)
    attempt = Attempt.objects.get()
    client.post(reverse("contests:quiz", args=[attempt.pk]), {"confirm_unanswered": "1"})
    body = client.get(reverse("contests:result", args=[attempt.pk])).content.decode()
    assert reverse("contests:leaderboard", args=[contest_page.contest_id]) in body
    closes = open_round.closes_at.astimezone().strftime("%d/%m/%Y")
    assert "Bảng xếp hạng tuần thi 2 được công bố sau khi tuần thi kết thúc" in body
    assert closes in body


def test_a_form_sent_back_after_the_stamp_expired_keeps_what_was_typed(client, contest_page):
    response = client.post(contest_page.url, entry_data(form_stamp="expired"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Giàng Thị Mai" in body  # nothing to type again
    assert "bấm gửi lại" in body


def test_an_oversized_prediction_is_refused_with_its_bounds(client, contest_page):
    start(client, contest_page)
    attempt = Attempt.objects.get()
    url = reverse("contests:quiz", args=[attempt.pk])
    response = client.post(url, {"prediction": "9" * 30, "confirm_unanswered": "1"})
    assert response.status_code == 400
    assert "Dự đoán phải là một số nguyên từ 0 đến 10.000.000" in response.content.decode()
    assert Attempt.objects.get().submitted_at is None


def test_the_api_refuses_a_prediction_past_its_bound_naming_the_field(client, contest_page):
    start(client, contest_page)
    attempt = Attempt.objects.get()
    response = client.post(
        f"/api/v1/attempts/{attempt.pk}/submit",
        json.dumps({"answers": {}, "prediction": 2**70}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "prediction" in response.json()["errors"]


def test_a_huge_contest_id_is_not_found(client, db):
    response = client.post(
        f"/api/v1/contests/{2**70}/attempts",
        json.dumps({}),
        content_type="application/json",
    )
    assert response.status_code in (404, 422)
