"""Issue 9, item 7: the answer key cannot be learnt while it still matters."""

import datetime
import json
import re

from django.test import RequestFactory
from django.utils import timezone

from contests import abuse, sms, state
from contests.attempts import answer_review, submit_attempt
from contests.models import Attempt, Choice, Question
from tests.contests.factories import RoundFactory, start_proven
from tests.contests.test_identity import entry


def post(client, url, body):
    return client.post(
        url, json.dumps(body), content_type="application/json", REMOTE_ADDR="203.0.113.9"
    )


def play_as(client, contest, phone):
    """One throwaway number's attempt, guessing the first choice everywhere; its result."""
    post(client, f"/api/v1/contests/{contest.pk}/codes", {"phone": phone})
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1]["text"]).group(1)
    started = post(
        client,
        f"/api/v1/contests/{contest.pk}/attempts",
        {
            "full_name": "Người Thử",
            "phone": phone,
            "birth_year": timezone.now().year - 20,
            "consent": True,
            "code": code,
        },
    ).json()
    guess = {str(q["id"]): [q["choices"][0]["id"]] for q in started["questions"]}
    return post(client, f"/api/v1/attempts/{started['id']}/submit", {"answers": guess}).json()


def test_a_ranked_round_shows_no_score_before_it_closes(client, contest_page):
    result = play_as(client, contest_page.contest, "0912 000 001")
    assert result["score"] is None and result["all_correct"] is None
    assert result["score_published_at"] is not None


def test_32_throwaway_numbers_from_one_address_cannot_learn_the_key(client, contest_page):
    contest = contest_page.contest
    contest.score_at_once = True
    contest.save()
    state.forget()
    needed = state.contest_state(contest.pk).oracle_attempts()

    results = [play_as(client, contest, f"0912 000 {n:03d}") for n in range(32)]

    scored = [r for r in results if r["score"] is not None]
    assert len(results) == 32 and all("id" in r for r in results)
    assert 0 < len(scored) < needed, "one address sees fewer scores than the key needs"
    assert Attempt.objects.filter(submitted_at__isnull=False).count() == 32  # nothing lost


def test_addresses_of_one_ipv6_64_share_one_allowance(contest, open_round):
    factory = RequestFactory()
    first = factory.post("/", REMOTE_ADDR="2001:db8:1:2::1")
    neighbour = factory.post("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    elsewhere = factory.post("/", REMOTE_ADDR="2001:db8:1:3::1")
    closes = open_round.closes_at
    assert abuse.may_score_at_once(first, open_round.pk, closes, 1)
    assert not abuse.may_score_at_once(neighbour, open_round.pk, closes, 1)
    assert abuse.may_score_at_once(elsewhere, open_round.pk, closes, 1)


def test_one_device_has_one_allowance_across_addresses(contest, open_round):
    factory = RequestFactory()
    closes = open_round.closes_at
    home = factory.post("/", REMOTE_ADDR="198.51.100.1")
    school = factory.post("/", REMOTE_ADDR="198.51.100.2")
    assert abuse.may_score_at_once(home, open_round.pk, closes, 1, device="may-cua-an")
    assert not abuse.may_score_at_once(school, open_round.pk, closes, 1, device="may-cua-an")


def closed_with_later_round(contest, open_round):
    """Move the open round into the past and open another one after it."""
    open_round.opens_at = timezone.now() - datetime.timedelta(days=2)
    open_round.closes_at = timezone.now() - datetime.timedelta(days=1)
    open_round.save()
    RoundFactory(contest=contest, number=3)
    state.forget()


def test_answers_of_questions_a_later_round_still_draws_stay_hidden(contest, open_round):
    attempt = start_proven(contest, entry())
    correct = Choice.objects.filter(question_id__in=attempt.question_ids, is_correct=True)
    submit_attempt(attempt.pk, {str(c.question_id): [c.pk] for c in correct})
    retired = attempt.question_ids[0]
    Question.objects.filter(pk=retired).update(active=False)
    closed_with_later_round(contest, open_round)

    review = answer_review(Attempt.objects.get(pk=attempt.pk))

    assert [item["id"] for item in review] == [retired]


def test_after_the_last_round_every_answer_is_revealed(contest, open_round):
    attempt = start_proven(contest, entry())
    submit_attempt(attempt.pk, {})
    after = open_round.closes_at + datetime.timedelta(minutes=1)
    review = answer_review(Attempt.objects.get(pk=attempt.pk), now=after)
    assert len(review) == len(attempt.question_ids)


def test_the_result_page_says_answers_wait_for_the_last_round(client, contest_page, open_round):
    contest = contest_page.contest
    attempt = start_proven(contest, entry())
    submit_attempt(attempt.pk, {})
    closed_with_later_round(contest, open_round)
    body = client.get(f"/vi/thi/lan-thi/{attempt.pk}/ket-qua/").content.decode()
    assert "tuần thi cuối cùng" in body
    assert "đáp án đúng" not in body
