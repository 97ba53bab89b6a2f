"""Keeping stored figures as fresh as their inputs.

``places.freshness`` is told when an input changes (an approval, through the
session's follow-up; a venue or baseline import or edit; a media item; a
unit's yearly facts; a plan or target). ``note_inputs_changed`` marks the
stored results those inputs touch stale, in the caller's transaction, and once
it commits queues ``indicators.refresh_stale`` ``INDICATOR_REFRESH_DELAY``
seconds later: the first change of a burst queues the task, the changes that
follow within the delay ride along with it (the debounce).

A change marked while a refresh computes could be overwritten by that
refresh's store (it writes its rows as fresh); so each mark is also logged
under a counter, and the refresh re-marks the changes logged while it ran and
queues the next one.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from common.queue import task_named
from indicators import engine
from indicators.models import IndicatorResult
from indicators.periods import parse_period
from places.models import PATH_SEPARATOR, OrgUnit

logger = logging.getLogger(__name__)

QUEUED_KEY = "indicators:refresh-queued"
COUNTER_KEY = "indicators:changes"
CHANGE_KEY = "indicators:change:{}"
CHANGE_LOG_SECONDS = 3600
# The stored figures of the public pages are cached under this generation: a refresh bumps it.
GENERATION_KEY = "indicators:generation"


def stale_units(unit_ids, below=False):
    """The stored units a change touches: the units, their ancestors, with ``below`` their
    subtrees."""
    paths = list(OrgUnit.objects.filter(pk__in=unit_ids).values_list("path", flat=True))
    prefixes = set()
    for path in paths:
        segments = path.split(PATH_SEPARATOR)[:-1]
        prefixes.update(
            PATH_SEPARATOR.join(segments[: i + 1]) + PATH_SEPARATOR for i in range(len(segments))
        )
    ids = set(unit_ids) | set(
        OrgUnit.objects.filter(path__in=prefixes).values_list("pk", flat=True)
    )
    if not below:
        return ids, []
    return ids, paths


def periods_overlapping(start, end):
    """The stored period codes that overlap [start, end]; every stored period when open."""
    codes = IndicatorResult.objects.order_by().values_list("period", flat=True).distinct()
    if start is None and end is None:
        return list(codes)
    out = []
    for code in codes:
        try:
            period = parse_period(code)
        except ValueError:
            continue
        if (end is None or period.start <= end) and (start is None or period.end >= start):
            out.append(code)
    return out


def mark(unit_ids, period_codes, subtree_paths=()):
    """Mark the stored results stale; returns how many were fresh."""
    marked = engine.mark_stale(unit_ids, period_codes)
    for path in subtree_paths:
        marked += IndicatorResult.objects.filter(
            org_unit__path__startswith=path, period__in=period_codes, stale=False
        ).update(stale=True)
    return marked


def note_inputs_changed(unit_ids, start, end, below):
    """The handler ``places.freshness`` calls: mark, log, and queue the debounced refresh."""
    ids, paths = stale_units(unit_ids, below)
    codes = periods_overlapping(start, end)
    if not codes:
        return 0
    marked = mark(ids, codes, paths)
    log_change(sorted(ids), codes, paths)
    schedule_refresh()
    return marked


def log_change(unit_ids, period_codes, paths=()):
    try:
        cache.add(COUNTER_KEY, 0, None)
        number = cache.incr(COUNTER_KEY)
        cache.set(
            CHANGE_KEY.format(number), [unit_ids, period_codes, list(paths)], CHANGE_LOG_SECONDS
        )
    except Exception as exc:  # the cache is down: the nightly run and beat's round catch up
        logger.warning("Indicator change not logged: %s", exc)


def changes_logged():
    try:
        return cache.get(COUNTER_KEY, 0) or 0
    except Exception:
        return 0


def remark_since(number):
    """Mark again the changes logged after ``number`` (while a refresh ran); how many there were."""
    latest = changes_logged()
    for n in range(number + 1, latest + 1):
        entry = cache.get(CHANGE_KEY.format(n))
        if entry:
            unit_ids, codes, paths = entry
            mark(unit_ids, codes, paths)
    return latest - number


def schedule_refresh():
    """Queue one refresh ``INDICATOR_REFRESH_DELAY`` seconds after the first change of a burst,
    once the caller's transaction commits."""
    transaction.on_commit(_queue_refresh)


def _queue_refresh():
    delay = settings.INDICATOR_REFRESH_DELAY
    try:
        if not cache.add(QUEUED_KEY, 1, delay + 60):
            return  # a refresh is already queued: this change rides along with it
    except Exception as exc:
        logger.warning("Indicator refresh not debounced: %s", exc)
    try:
        task_named("indicators.refresh_stale").apply_async(countdown=delay, retry=False)
    except Exception as exc:  # the broker is down: beat's round picks the stale figures up
        logger.warning("Indicator refresh waits for the broker: %s", exc)
        cache.delete(QUEUED_KEY)


def refresh_started():
    """Called by the refresh task as it starts: later changes queue the next refresh."""
    try:
        cache.delete(QUEUED_KEY)
    except Exception as exc:
        logger.warning("Indicator refresh flag not cleared: %s", exc)
    return changes_logged()


def refresh_finished(number):
    """Re-mark what changed during the refresh and, if anything did, queue the next one."""
    try:
        cache.add(GENERATION_KEY, 0, None)
        cache.incr(GENERATION_KEY)
    except Exception as exc:
        logger.warning("Indicator generation not bumped: %s", exc)
    if remark_since(number):
        schedule_refresh()


def generation():
    """Bumped after every refresh: cached public figures carry it in their key."""
    try:
        return cache.get(GENERATION_KEY, 0) or 0
    except Exception:
        return 0
