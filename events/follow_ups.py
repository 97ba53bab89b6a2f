"""A transactional outbox for the work that follows a change to a session.

``schedule_*`` writes a FollowUp row inside the caller's transaction, then,
once it commits, tries to hand it to Celery. If the broker is down the row
simply waits: the beat task ``events.dispatch_follow_ups`` sends every pending
row once Redis is back. Each row has a unique key, so the same work is never
scheduled twice, and the task marks its row done under a row lock, so a
re-sent message does nothing.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from common.queue import task_named
from events.models import FollowUp

logger = logging.getLogger(__name__)

THUMBNAIL = "thumbnail"
REVIEW_NOTICE = "review_notice"
INDICATOR_REFRESH = "indicator_refresh"
# A row sent this long ago and still not done was lost with its worker: send it again.
REDISPATCH_AFTER = timedelta(minutes=15)
# A row sent this many times without being done is given up and listed for an administrator.
MAX_TRIES = 5
DISPATCH_BATCH = 500

# kind -> function(payload). Apps register what they do; events never imports them.
HANDLERS = {}


def register(kind, handler):
    HANDLERS[kind] = handler


def run(kind, payload):
    """Do one follow-up; a kind nobody handles (an app not installed) is simply done."""
    handler = HANDLERS.get(kind)
    if handler is not None:
        handler(payload)


def schedule(kind, key, **payload):
    follow_up, created = FollowUp.objects.get_or_create(
        key=key, defaults={"kind": kind, "payload": payload}
    )
    if created:
        transaction.on_commit(lambda: dispatch([follow_up.pk]))
    return follow_up


def schedule_thumbnail(photo):
    return schedule(THUMBNAIL, f"thumbnail:{photo.pk}", photo_id=photo.pk)


def schedule_review_notice(session, action):
    change_id = session.changes.order_by("-pk").values_list("pk", flat=True).first()
    return schedule(REVIEW_NOTICE, f"notice:{change_id}", session_id=session.pk, action=action)


def schedule_indicator_refresh(session):
    return schedule_indicator_refresh_for(session.org_unit_id, session.date)


def schedule_indicator_refresh_for(org_unit_id, day):
    """Results for the unit's month went stale. Repeats within a minute fold into one."""
    stamp = timezone.now().strftime("%Y%m%d%H%M")
    return schedule(
        INDICATOR_REFRESH,
        f"indicators:{org_unit_id}:{day:%Y-%m}:{stamp}",
        org_unit_id=org_unit_id,
        month=f"{day:%Y-%m}",
        at=timezone.now().isoformat(),
    )


def dispatch(ids=None):
    """Hand pending follow-ups to Celery; stop quietly at the first broker failure.

    Returns how many were sent. Rows that could not be sent stay pending; rows
    sent ``MAX_TRIES`` times and still not done are given up (``given_up_at``).
    """
    run_follow_up = task_named("events.run_follow_up")
    now = timezone.now()
    pending = FollowUp.objects.filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - REDISPATCH_AFTER),
        done_at__isnull=True,
        given_up_at__isnull=True,
    )
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    given_up = pending.filter(attempts__gte=MAX_TRIES).update(given_up_at=now)
    if given_up:
        logger.error("%s follow-ups given up after %s tries (see the admin)", given_up, MAX_TRIES)
    pending = pending.filter(attempts__lt=MAX_TRIES)
    sent = 0
    for follow_up_id in pending.order_by("pk").values_list("pk", flat=True)[:DISPATCH_BATCH]:
        # Counted before sending: a worker (or eager mode) may finish or fail it at once.
        FollowUp.objects.filter(pk=follow_up_id, done_at__isnull=True).update(
            dispatched_at=now, attempts=F("attempts") + 1
        )
        try:
            run_follow_up.apply_async(args=[follow_up_id], retry=False)
        except Exception as exc:  # the broker is down: leave the rest for the next round
            logger.warning("Follow-ups wait for the broker: %s", exc)
            FollowUp.objects.filter(pk=follow_up_id, done_at__isnull=True).update(
                dispatched_at=None, attempts=F("attempts") - 1
            )
            break
        sent += 1
    return sent


def failed(follow_up_id, error):
    """A try failed: keep the error, and let the next dispatch send the row again."""
    FollowUp.objects.filter(pk=follow_up_id, done_at__isnull=True).update(
        dispatched_at=None, last_error=str(error)[:2000]
    )


def retry(follow_up_ids):
    """An administrator sends given-up rows again, with a fresh count of tries."""
    FollowUp.objects.filter(pk__in=follow_up_ids, done_at__isnull=True).update(
        given_up_at=None, attempts=0, dispatched_at=None
    )
    return dispatch(follow_up_ids)
