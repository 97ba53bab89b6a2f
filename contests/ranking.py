"""Ranking a closed round, once, in a few SQL statements.

The rule (issue 6, item 4): each participant counts with their best submitted
attempt; participants are ordered by

1. score, highest first;
2. distance between their prediction and the round's actual number of
   all-correct entrants, smallest first (an attempt without a prediction comes
   after every attempt with one);
3. duration (server-measured), shortest first;
4. submission time, earliest first;

and, only to make the order total and repeatable, by the attempt's id. The best
attempt of a participant is chosen by the same order.

The actual number of all-correct entrants (``Round.all_correct_count``) is the
number of participants with at least one all-correct submitted attempt in the
round, which is the number whose best attempt is all correct, since an
all-correct attempt has the highest score there is.

A participant who asked for their data to be deleted before the ranking
(``Participant.purged_at``) still counts in that number but takes no place: no
prize can reach them.

Ranking writes every ``RankedEntry`` of the round with ``bulk_create`` in one
transaction, under a lock on the round, and marks the round ranked; a round
already ranked is left alone, so running it again changes nothing.
"""

import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from contests.masking import mask_name
from contests.models import Attempt, Participant, RankedEntry, Round

logger = logging.getLogger(__name__)

# No submission is accepted after its attempt's deadline (never later than the round's
# close) plus CONTEST_SUBMIT_GRACE_SECONDS; one accepted at that last moment may still be
# writing its row for a few seconds (a web worker is killed after 30). Ranking waits for
# both after the close and after every unsubmitted attempt's deadline, and no longer.
IN_FLIGHT = datetime.timedelta(seconds=30)
BATCH_SIZE = 5000
# A missing duration (should not happen) ranks after any measured one.
NO_DURATION = 2**31 - 1

RANKING_SQL = """
WITH candidates AS (
    SELECT a.id AS attempt_id, a.participant_id AS participant_id, a.score AS score,
           CASE WHEN a.prediction IS NULL THEN NULL
                ELSE ABS(a.prediction - %(all_correct)s) END AS distance,
           COALESCE(a.duration_ms, %(no_duration)s) AS duration_ms,
           a.submitted_at AS submitted_at
    FROM {attempt} a
    JOIN {participant} p ON p.id = a.participant_id
    WHERE a.round_id = %(round)s AND a.submitted_at IS NOT NULL AND a.score IS NOT NULL
      AND p.purged_at IS NULL
),
ordered AS (
    SELECT c.*, ROW_NUMBER() OVER (
        PARTITION BY c.participant_id
        ORDER BY c.score DESC, CASE WHEN c.distance IS NULL THEN 1 ELSE 0 END, c.distance,
                 c.duration_ms, c.submitted_at, c.attempt_id
    ) AS nth
    FROM candidates c
)
SELECT o.participant_id, o.attempt_id, o.score, o.distance, o.duration_ms, o.submitted_at,
       p.full_name,
       ROW_NUMBER() OVER (
           ORDER BY o.score DESC, CASE WHEN o.distance IS NULL THEN 1 ELSE 0 END, o.distance,
                    o.duration_ms, o.submitted_at, o.attempt_id
       ) AS place
FROM ordered o
JOIN {participant} p ON p.id = o.participant_id
WHERE o.nth = 1
ORDER BY place
"""


def settle_time() -> datetime.timedelta:
    """How long after a round's close (and its last attempt's deadline) ranking waits."""
    return datetime.timedelta(seconds=settings.CONTEST_SUBMIT_GRACE_SECONDS) + IN_FLIGHT


def rankable_rounds(now=None):
    """Rounds not ranked yet in which no attempt can still be submitted, nor be writing."""
    now = now or timezone.now()
    settled = now - settle_time()
    still_open = Attempt.objects.filter(
        round=OuterRef("pk"), submitted_at__isnull=True, deadline_at__gt=settled
    )
    return (
        Round.objects.filter(ranked_at__isnull=True, closes_at__lte=settled)
        .filter(~Exists(still_open))
        .order_by("closes_at", "pk")
    )


def all_correct_count(round_id) -> int:
    """Participants with at least one all-correct submitted attempt in the round."""
    return (
        Attempt.objects.filter(round_id=round_id, submitted_at__isnull=False, all_correct=True)
        .values("participant")
        .distinct()
        .count()
    )


def rank_round(round_id, *, now=None, force=False) -> int | None:
    """Write the round's ranking; the number of ranked participants, or None if already ranked.

    ``force`` recomputes a ranked round (e.g. after a correction to the answer
    key): the old entries are replaced within the same transaction.
    """
    now = now or timezone.now()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_id)
        if round_.ranked_at is not None and not force:
            return None
        RankedEntry.objects.filter(round_id=round_id).delete()
        count = all_correct_count(round_id)
        sql = RANKING_SQL.format(
            attempt=Attempt._meta.db_table, participant=Participant._meta.db_table
        )
        params = {"round": round_id, "all_correct": count, "no_duration": NO_DURATION}
        ranked = 0
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(BATCH_SIZE):
                RankedEntry.objects.bulk_create(_entries(round_id, rows), batch_size=BATCH_SIZE)
                ranked += len(rows)
        Round.objects.filter(pk=round_id).update(ranked_at=now, all_correct_count=count)
    logger.info("Ranked round %s: %s participants, %s all correct", round_id, ranked, count)
    return ranked


def _aware(value):
    """A raw cursor on SQLite returns text in UTC; PostgreSQL returns aware datetimes."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def _entries(round_id, rows):
    return [
        RankedEntry(
            round_id=round_id,
            participant_id=participant_id,
            attempt_id=attempt_id,
            rank=place,
            score=score,
            prediction_distance=distance,
            duration_ms=duration_ms,
            submitted_at=_aware(submitted_at),
            display_name=mask_name(full_name),
        )
        for (
            participant_id,
            attempt_id,
            score,
            distance,
            duration_ms,
            submitted_at,
            full_name,
            place,
        ) in rows
    ]


def rank_closed_rounds(now=None) -> dict[int, int]:
    """Rank every round that is ready; {round id: participants ranked}."""
    done = {}
    for round_id in rankable_rounds(now).values_list("pk", flat=True):
        ranked = rank_round(round_id, now=now)
        if ranked is not None:
            done[round_id] = ranked
    return done


def published_winners(round_):
    """The public part of a published round's ranking: its first ``winners_count`` places."""
    if not (round_.results_published and round_.ranked_at):
        return RankedEntry.objects.none()
    return (
        RankedEntry.objects.filter(round=round_, rank__lte=round_.winners_count)
        .order_by("rank")
        .only("rank", "display_name", "score", "duration_ms", "submitted_at", "round_id")
    )
