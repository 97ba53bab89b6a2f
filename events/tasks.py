"""Thin Celery wrappers: the work itself is in events.follow_ups and its registered handlers."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from events import follow_ups
from events.models import FollowUp

logger = logging.getLogger(__name__)


@shared_task(name="events.run_follow_up", acks_late=True, reject_on_worker_lost=True)
def run_follow_up(follow_up_id):
    """Do one follow-up exactly once: the row lock and ``done_at`` make a resend a no-op.

    A failure is kept on the row and the dispatcher sends it again a minute later,
    up to ``follow_ups.MAX_TRIES`` times in all: the retry is bounded there.
    """
    try:
        with transaction.atomic():
            follow_up = FollowUp.objects.select_for_update().filter(pk=follow_up_id).first()
            if follow_up is None or follow_up.done_at is not None:
                return "already done"
            follow_ups.run(follow_up.kind, follow_up.payload)
            follow_up.done_at = timezone.now()
            follow_up.save(update_fields=["done_at"])
    except Exception as exc:
        logger.exception("Follow-up %s failed", follow_up_id)
        follow_ups.failed(follow_up_id, exc)
        return "failed"
    return "done"


@shared_task(name="events.dispatch_follow_ups", acks_late=True, reject_on_worker_lost=True)
def dispatch_follow_ups():
    """Beat runs this every minute: it sends whatever waited for the broker."""
    return follow_ups.dispatch()


@shared_task(
    name="events.import_sessions_file",
    acks_late=True,
    reject_on_worker_lost=True,
    # A 100,000-row file takes about a minute; stay well inside the broker's visibility timeout.
    soft_time_limit=1800,
    time_limit=1900,
)
def import_sessions_file(job_id):
    """Run an import the admin queued (sessions, or a venue registry): see events.import_tasks."""
    from events import import_tasks

    return import_tasks.run(job_id)
