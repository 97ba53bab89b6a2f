"""Thin Celery wrappers: the work itself is in contests.ranking."""

from celery import shared_task

from contests import ranking


@shared_task(
    name="contests.rank_closed_rounds",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=1500,
    time_limit=1800,
)
def rank_closed_rounds():
    """Beat runs this every 30 seconds: rank each round that has closed and settled, once."""
    return {str(round_id): count for round_id, count in ranking.rank_closed_rounds().items()}
