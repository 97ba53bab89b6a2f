import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from contests.attempts import (
    AttemptRefused,
    Entry,
    answer_review,
    submit_attempt,
)
from contests.models import Attempt, Choice
from tests.contests.factories import ContestFactory, QuestionFactory, RoundFactory, start_proven


def start(contest, **fields):
    values = {
        "full_name": "Giàng Thị Mai",
        "phone": "0912 345 678",
        "birth_year": timezone.now().year - 20,
        "consent": True,
        "consent_text": "Tôi đồng ý.",
    }
    return start_proven(contest, Entry(**(values | fields)))


def correct_answers(attempt):
    correct = Choice.objects.filter(question_id__in=attempt.question_ids, is_correct=True)
    return {str(c.question_id): [c.pk] for c in correct}


def wrong_answers(attempt):
    wrong = Choice.objects.filter(question_id__in=attempt.question_ids, position=1)
    return {str(c.question_id): [c.pk] for c in wrong}


def test_all_correct_answers_score_full_marks(contest, open_round):
    attempt = start(contest)
    result = submit_attempt(attempt.pk, correct_answers(attempt), prediction=12)

    assert (result.score, result.max_score, result.all_correct) == (5, 5, True)
    assert result.first_submission
    stored = Attempt.objects.get(pk=attempt.pk)
    assert (stored.score, stored.prediction, stored.all_correct) == (5, 12, True)
    assert stored.submitted_at is not None
    assert stored.duration_ms >= 0


def test_score_counts_questions_answered_exactly(contest, open_round):
    attempt = start(contest)
    answers = correct_answers(attempt)
    first, second = attempt.question_ids[:2]
    answers[str(first)] = wrong_answers(attempt)[str(first)]
    answers[str(second)] = answers[str(second)] + wrong_answers(attempt)[str(second)]

    result = submit_attempt(attempt.pk, answers)

    assert (result.score, result.all_correct) == (3, False)


def test_a_choice_of_another_question_earns_nothing(contest, open_round, bank):
    attempt = start(contest)
    outside = next(q for q in bank.questions if q.pk not in attempt.question_ids)
    stolen = outside.choices.get(is_correct=True).pk
    answers = {str(q): [stolen] for q in attempt.question_ids}
    assert submit_attempt(attempt.pk, answers).score == 0


def test_a_multiple_choice_question_needs_every_correct_choice(bank, open_round):
    contest = open_round.contest
    contest.questions_per_attempt = 1
    contest.bank = QuestionFactory(choices=[("A", True), ("B", True), ("C", False)]).bank
    contest.save()
    attempt = start(contest)
    a, b, _c = Choice.objects.filter(question_id=attempt.question_ids[0])
    qid = str(attempt.question_ids[0])
    assert submit_attempt(attempt.pk, {qid: [a.pk]}).score == 0
    second = start(contest, phone="0912 000 111")
    assert submit_attempt(second.pk, {qid: [b.pk, a.pk]}).score == 1


def test_late_submission_is_refused(contest, open_round):
    attempt = start(contest)
    late = attempt.deadline_at + datetime.timedelta(seconds=6)

    with pytest.raises(AttemptRefused) as refused:
        submit_attempt(attempt.pk, correct_answers(attempt), now=late)

    assert refused.value.code == "late"
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None


def test_a_submission_within_the_grace_seconds_counts(contest, open_round):
    attempt = start(contest)
    just_late = attempt.deadline_at + datetime.timedelta(seconds=4)
    assert submit_attempt(attempt.pk, correct_answers(attempt), now=just_late).score == 5


def test_double_submission_returns_the_first_result(contest, open_round):
    attempt = start(contest)
    first = submit_attempt(attempt.pk, correct_answers(attempt), prediction=3)
    again = submit_attempt(attempt.pk, wrong_answers(attempt), prediction=99)

    assert not again.first_submission
    assert (again.score, again.all_correct, again.duration_ms) == (
        first.score,
        first.all_correct,
        first.duration_ms,
    )
    stored = Attempt.objects.get(pk=attempt.pk)
    assert (stored.score, stored.prediction) == (5, 3)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_store_one_result(bank):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL; SQLite serialises them with locks.")
    contest = ContestFactory(bank=bank.bank)
    RoundFactory(contest=contest)
    attempt = start(contest)
    variants = [correct_answers(attempt), wrong_answers(attempt)] * 2
    barrier = threading.Barrier(len(variants))
    results = []

    def submit(answers):
        try:
            barrier.wait()
            results.append(submit_attempt(attempt.pk, answers))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(a,)) for a in variants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(r.first_submission for r in results) == 1
    stored = Attempt.objects.get(pk=attempt.pk)
    assert {r.score for r in results} == {stored.score}


def test_submit_takes_few_queries(contest, open_round, django_assert_max_num_queries):
    contest.questions_per_attempt = 12  # both attempts draw the same questions
    contest.save()
    attempt = start(contest)
    answers = correct_answers(attempt)
    with django_assert_max_num_queries(3):
        submit_attempt(attempt.pk, answers)
    second = start(contest, phone="0912 000 222")
    answers = correct_answers(second)
    with django_assert_max_num_queries(2):  # the answer key now comes from the cache
        submit_attempt(second.pk, answers)


def test_no_review_while_the_round_is_open(contest, open_round):
    attempt = start(contest)
    submit_attempt(attempt.pk, correct_answers(attempt))
    assert answer_review(attempt) is None


def test_review_after_the_round_closes(contest, open_round):
    attempt = start(contest)
    submit_attempt(attempt.pk, wrong_answers(attempt))
    attempt.refresh_from_db()
    after = open_round.closes_at + datetime.timedelta(seconds=1)

    review = answer_review(attempt, "hmn", now=after)

    assert len(review) == 5
    assert all(not item["right"] for item in review)
    assert review[0]["explanation"].startswith("GIAI-THICH-KIN lus piav")
    attempt.round.contest.show_answers_after_close = False
    assert answer_review(attempt, now=after) is None
