import datetime
import random
import threading
from collections import Counter

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from contests import state
from contests.attempts import (
    AttemptRefused,
    Entry,
    draw_questions,
    questions_for,
    start_attempt,
    submit_attempt,
)
from contests.models import Attempt, Participant, Question
from tests.contests.factories import (
    AttemptFactory,
    ContestFactory,
    QuestionFactory,
    RoundFactory,
    start_proven,
)

CONSENT = "Tôi đồng ý cho Ban tổ chức xử lý dữ liệu cá nhân của tôi."


def entry(**fields):
    values = {
        "full_name": "  Giàng   Thị Mai ",
        "phone": "0912 345 678",
        "birth_year": timezone.now().year - 20,
        "consent": True,
        "consent_text": CONSENT,
    }
    return Entry(**(values | fields))


def test_start_records_the_normalised_phone_and_the_drawn_questions(contest, open_round):
    attempt = start_proven(contest, entry(language="hmn"))

    participant = attempt.participant
    assert participant.phone == "+84912345678"
    assert participant.full_name == "Giàng Thị Mai"
    assert attempt.round == open_round
    assert attempt.number == 1
    assert attempt.language == "hmn"
    assert len(attempt.question_ids) == 5 == len(set(attempt.question_ids))
    assert attempt.deadline_at == attempt.started_at + datetime.timedelta(seconds=600)
    assert attempt.submitted_at is None


def test_the_same_phone_written_differently_is_one_participant(contest, open_round):
    contest.attempts_per_round = 3
    contest.save()
    for phone in ("0912345678", "+84 912 345 678", "84912345678"):
        submit_attempt(start_proven(contest, entry(phone=phone)).pk, {})

    assert Participant.objects.filter(contest=contest).count() == 1
    numbers = Attempt.objects.filter(round=open_round).values_list("number", flat=True)
    assert sorted(numbers) == [1, 2, 3]


def test_an_invalid_phone_is_refused_naming_the_field(contest, open_round):
    with pytest.raises(Exception) as refused:
        start_proven(contest, entry(phone="12345"))
    assert "phone" in refused.value.message_dict
    assert not Participant.objects.exists()


def test_a_second_attempt_is_refused_when_one_is_allowed(contest, open_round):
    submit_attempt(start_proven(contest, entry()).pk, {})
    with pytest.raises(AttemptRefused) as refused:
        start_proven(contest, entry())
    assert refused.value.code == "no_attempts_left"
    assert Attempt.objects.count() == 1


def test_a_refused_start_leaves_the_participant_as_it_was(contest, open_round):
    submit_attempt(start_proven(contest, entry(full_name="Giàng Thị Mai")).pk, {})
    with pytest.raises(AttemptRefused):
        start_proven(contest, entry(full_name="Người Khác"))
    assert Participant.objects.get().full_name == "Giàng Thị Mai"


def test_no_attempt_starts_when_no_round_is_open(contest, closed_round):
    with pytest.raises(AttemptRefused) as refused:
        start_proven(contest, entry())
    assert refused.value.code == "closed"


def test_the_deadline_never_passes_the_round_closing(contest):
    closing = timezone.now() + datetime.timedelta(minutes=2)
    RoundFactory(contest=contest, closes_at=closing)
    attempt = start_proven(contest, entry())
    assert attempt.deadline_at == closing


def test_the_database_refuses_two_attempts_with_the_same_number(contest, open_round):
    attempt = AttemptFactory(round=open_round)
    with pytest.raises(IntegrityError), transaction.atomic():
        AttemptFactory(round=open_round, participant=attempt.participant, number=1)


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_starts_for_one_new_phone_make_one_attempt_and_no_error(bank):
    if connection.vendor != "postgresql":
        pytest.skip("The in-memory SQLite test database takes one writer at a time.")
    # Without SMS codes (a school-room contest) nothing but the database stops the race.
    contest = ContestFactory(bank=bank.bank, attempts_per_round=1, phone_codes=False)
    RoundFactory(contest=contest)
    barrier = threading.Barrier(20)
    outcomes = []

    def start():
        try:
            barrier.wait()
            outcomes.append(start_attempt(contest, entry()).number)
        except AttemptRefused as refused:
            outcomes.append(refused.code)
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Counter(outcomes) == {1: 1, "proof_needed": 19}
    assert Attempt.objects.filter(round__contest=contest).count() == 1
    assert Participant.objects.filter(contest=contest).count() == 1


def test_questions_are_drawn_at_random_from_the_active_ones(contest, bank):
    Question.objects.filter(pk=bank.questions[0].pk).update(active=False)
    draws = {tuple(sorted(draw_questions(contest, random.Random(seed)))) for seed in range(20)}
    assert len(draws) > 1
    assert all(bank.questions[0].pk not in draw for draw in draws)


def test_a_balanced_draw_takes_every_tag_evenly(contest, bank):
    contest.balance_by_tag = True
    contest.questions_per_attempt = 6
    for extra in range(6):
        QuestionFactory(bank=bank.bank, code=f"X{extra}", tag_names=["luat"])
    tag_of = {q.pk: q.tags.names()[0] for q in Question.objects.prefetch_related("tags")}
    for seed in range(10):
        drawn = draw_questions(contest, random.Random(seed))
        assert Counter(tag_of[q] for q in drawn) == {"luat": 3, "tro-giup": 3}


def test_questions_show_in_the_entrants_language_with_vietnamese_fallback(contest, open_round):
    attempt = start_proven(contest, entry(language="hmn"))
    first = Question.objects.get(pk=attempt.question_ids[0])
    first.texts.pop("hmn")
    first.save()
    state.forget()  # as CONTEST_STATE_SECONDS after the edit

    shown = questions_for(attempt)

    assert shown[0]["text"] == first.texts["vi"]["text"]
    assert shown[1]["text"].startswith("Lus nug")
    assert shown[1]["choices"][0]["text"] == "Phương án A (Hmoob)"
    assert (shown[0]["lang"], shown[1]["lang"]) == ("vi", "hmn")
    assert all(set(choice) == {"id", "text", "lang"} for q in shown for choice in q["choices"])
    assert all("explanation" not in q for q in shown)
