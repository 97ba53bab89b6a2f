"""The ranking of a closed round: best attempt, then the four tie-breakers in order."""

import datetime
import random

import pytest
from django.utils import timezone

from contests import ranking
from contests.models import RankedEntry, Round
from contests.tasks import rank_closed_rounds
from tests.contests.factories import AttemptFactory, ClosedRoundFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

CLOSED = timezone.now() - datetime.timedelta(days=7)


def enter(round_, name, *, score, prediction, seconds, submitted_offset=0, all_correct=None, **kw):
    """One participant with one submitted attempt of ``seconds`` duration."""
    participant = kw.pop("participant", None) or ParticipantFactory(
        contest=round_.contest, full_name=name
    )
    started = round_.closes_at - datetime.timedelta(hours=1)
    submitted = started + datetime.timedelta(seconds=seconds + submitted_offset)
    return AttemptFactory(
        round=round_,
        participant=participant,
        number=kw.pop("number", 1),
        started_at=started,
        submitted_at=submitted,
        duration_ms=seconds * 1000,
        score=score,
        max_score=5,
        all_correct=score == 5 if all_correct is None else all_correct,
        prediction=prediction,
        **kw,
    )


def order_of(round_):
    return list(
        RankedEntry.objects.filter(round=round_)
        .order_by("rank")
        .values_list("participant__full_name", flat=True)
    )


# Five participants answer everything right, so the round's actual number is 5.
# Each neighbour pair differs by exactly one rule, the earlier rule deciding.
EXPECTED = [
    # name, score, prediction, seconds, extra seconds before submitting
    ("Exact Prediction", 5, 5, 100, 0),  # distance 0 beats any speed
    ("Fast Over By One", 5, 6, 50, 0),  # distance 1, fastest of those
    ("Under By One", 5, 4, 60, 0),  # distance 1 (|4 − 5|), slower
    ("Same But Later", 5, 6, 60, 30),  # same distance and duration, submitted later
    ("No Prediction", 5, None, 10, 0),  # no prediction: after every prediction
    ("Four Exact", 4, 5, 10, 0),  # a lower score: after every 5, whatever else
    ("Four Predicts Zero", 4, 0, 10, 0),  # 0 is a prediction: distance 5
    ("Four Without", 4, None, 5, 0),
]


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_ranking_applies_score_prediction_duration_and_submission_time_in_order(seed):
    round_ = ClosedRoundFactory()
    shuffled = EXPECTED[:]
    random.Random(seed).shuffle(shuffled)  # the order of entry must not matter
    for name, score, prediction, seconds, later in shuffled:
        enter(
            round_,
            name,
            score=score,
            prediction=prediction,
            seconds=seconds,
            submitted_offset=later,
        )

    assert ranking.rank_round(round_.pk) == len(EXPECTED)

    assert order_of(round_) == [row[0] for row in EXPECTED]
    round_.refresh_from_db()
    assert round_.all_correct_count == 5
    assert round_.ranked_at is not None


def test_the_prediction_distance_is_stored_and_missing_without_a_prediction():
    round_ = ClosedRoundFactory()
    enter(round_, "Giàng Thị Mai", score=5, prediction=3, seconds=60)
    enter(round_, "Vàng A Dính", score=5, prediction=None, seconds=60)
    ranking.rank_round(round_.pk)
    distances = dict(
        RankedEntry.objects.filter(round=round_).values_list("display_name", "prediction_distance")
    )
    assert distances == {"Giàng T. M.": 1, "Vàng A. D.": None}


def test_equal_in_everything_the_order_is_still_total_and_repeatable():
    round_ = ClosedRoundFactory()
    for n in range(4):
        enter(round_, f"Twin {n}", score=5, prediction=4, seconds=60)
    ranking.rank_round(round_.pk)
    first = list(RankedEntry.objects.filter(round=round_).values_list("rank", "attempt_id"))
    assert [rank for rank, _a in first] == [1, 2, 3, 4]
    ranking.rank_round(round_.pk, force=True)
    assert list(RankedEntry.objects.filter(round=round_).values_list("rank", "attempt_id")) == first


def test_a_participant_counts_once_with_their_best_attempt():
    round_ = ClosedRoundFactory()
    round_.contest.attempts_per_round = 3
    round_.contest.save()
    lan = ParticipantFactory(contest=round_.contest, full_name="Lò Thị Lan")
    enter(round_, "", participant=lan, number=1, score=3, prediction=1, seconds=20)
    best = enter(round_, "", participant=lan, number=2, score=5, prediction=9, seconds=90)
    enter(round_, "", participant=lan, number=3, score=5, prediction=9, seconds=95)
    enter(round_, "Hà Văn Nam", score=4, prediction=1, seconds=10)

    ranking.rank_round(round_.pk)

    entries = list(RankedEntry.objects.filter(round=round_).order_by("rank"))
    assert [e.participant_id for e in entries] == [lan.pk, entries[1].participant_id]
    assert entries[0].attempt_id == best.pk
    assert entries[0].duration_ms == 90_000
    assert entries[0].prediction_distance == 8  # one participant all correct: |9 − 1|


def test_the_best_attempt_is_chosen_by_the_tie_breakers_too():
    round_ = ClosedRoundFactory()
    lan = ParticipantFactory(contest=round_.contest, full_name="Lò Thị Lan")
    enter(round_, "", participant=lan, number=1, score=5, prediction=7, seconds=30)
    closer = enter(round_, "", participant=lan, number=2, score=5, prediction=1, seconds=200)
    ranking.rank_round(round_.pk)
    assert RankedEntry.objects.get(round=round_).attempt_id == closer.pk


def test_the_all_correct_count_counts_people_not_attempts():
    round_ = ClosedRoundFactory()
    lan = ParticipantFactory(contest=round_.contest, full_name="Lò Thị Lan")
    enter(round_, "", participant=lan, number=1, score=5, prediction=2, seconds=30)
    enter(round_, "", participant=lan, number=2, score=5, prediction=2, seconds=40)
    enter(round_, "Hà Văn Nam", score=5, prediction=2, seconds=50)
    enter(round_, "Lý Seo Chứ", score=4, prediction=2, seconds=50)
    ranking.rank_round(round_.pk)
    round_.refresh_from_db()
    assert round_.all_correct_count == 2
    assert set(
        RankedEntry.objects.filter(round=round_).values_list("prediction_distance", flat=True)
    ) == {0}


def test_attempts_not_submitted_take_no_place():
    round_ = ClosedRoundFactory()
    enter(round_, "Hà Văn Nam", score=5, prediction=1, seconds=50)
    AttemptFactory(
        round=round_,
        participant=ParticipantFactory(contest=round_.contest, full_name="Bỏ Dở"),
        started_at=round_.closes_at - datetime.timedelta(days=1),
        submitted_at=None,
        score=None,
        all_correct=False,
    )
    assert ranking.rank_round(round_.pk) == 1


def test_a_participant_whose_data_was_deleted_counts_but_takes_no_place():
    round_ = ClosedRoundFactory()
    gone = enter(round_, "Xoá Dữ Liệu", score=5, prediction=2, seconds=10).participant
    gone.purged_at = timezone.now()
    gone.save()
    enter(round_, "Hà Văn Nam", score=5, prediction=2, seconds=50)
    ranking.rank_round(round_.pk)
    round_.refresh_from_db()
    assert round_.all_correct_count == 2
    assert order_of(round_) == ["Hà Văn Nam"]


def test_ranking_again_changes_nothing():
    round_ = ClosedRoundFactory()
    for name, score, prediction, seconds, later in EXPECTED:
        enter(
            round_,
            name,
            score=score,
            prediction=prediction,
            seconds=seconds,
            submitted_offset=later,
        )
    ranking.rank_round(round_.pk)
    round_.refresh_from_db()
    before = list(RankedEntry.objects.filter(round=round_).values())
    assert ranking.rank_round(round_.pk) is None
    assert ranking.rank_closed_rounds() == {}
    assert list(RankedEntry.objects.filter(round=round_).values()) == before
    assert Round.objects.get(pk=round_.pk).ranked_at == round_.ranked_at


def test_the_task_ranks_only_rounds_closed_and_settled():
    closed = ClosedRoundFactory()
    just_closed = ClosedRoundFactory(
        contest=closed.contest,
        opens_at=timezone.now() - datetime.timedelta(days=1),
        closes_at=timezone.now() - datetime.timedelta(seconds=30),
    )
    waiting = ClosedRoundFactory(contest=closed.contest)
    # Started just before the close: its deadline is not past yet, so the round waits for it.
    AttemptFactory(
        round=waiting,
        started_at=timezone.now() - datetime.timedelta(minutes=1),
        deadline_at=timezone.now() + datetime.timedelta(minutes=9),
        submitted_at=None,
        score=None,
    )
    enter(closed, "Hà Văn Nam", score=5, prediction=1, seconds=50)

    result = rank_closed_rounds.delay().get()

    assert result == {str(closed.pk): 1}
    assert Round.objects.get(pk=just_closed.pk).ranked_at is None
    assert Round.objects.get(pk=waiting.pk).ranked_at is None


def test_ranking_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    round_ = ClosedRoundFactory()
    for n in range(60):
        enter(round_, f"Người Thứ {n}", score=n % 6, prediction=n % 7, seconds=30 + n)
    with django_assert_max_num_queries(12):
        assert ranking.rank_round(round_.pk) == 60
