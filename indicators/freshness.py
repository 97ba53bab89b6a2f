"""Keeping stored figures as fresh as their inputs.

``places.freshness`` is told when an input changes (an approval, through the
session's follow-up; a venue or baseline import or edit; a media item; a
unit's yearly facts; a plan or target). ``note_inputs_changed`` marks the
stored results those inputs touch stale, in the caller's transaction, and once
it commits queues ``indicators.refresh_stale`` ``INDICATOR_REFRESH_DELAY``
seconds later: the first change of a burst queues the task, the changes that
follow within the delay ride along with it (the debounce).

A change marked while a refresh computes could be overwritten by that
refresh's store (it writes its rows as fresh); so each change is also logged
under a counter once it commits, and the refresh, when a pass ends, re-marks
the changes logged while the pass ran and runs another pass at once, in the
same task, until a pass ends with nothing new. While a refresh runs
(``RUNNING_KEY``), a change queues nothing: the running refresh takes it in
its next pass. Only a refresh that has not started yet is shared by later
changes (``QUEUED_KEY``, cleared when it starts). So an approval reaches the
stored figures within about the delay and one pass when no refresh runs, and
within the rest of the running pass and one more pass when one does, never
behind a countdown or the tasks queued meanwhile.

The order that makes this safe: a change logs itself after its transaction
commits, then looks for a running refresh; a refresh clears its running flag,
then compares the counter with the one it started its pass with. A change that
found the flag set was therefore logged before that comparison; one that did
not finds the queued refresh or queues its own.
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
RUNNING_KEY = "indicators:refresh-running"
# A refresh killed with its worker leaves the flag; its message is delivered again
# (acks_late), and the flag expires by the task's own time limit.
RUNNING_SECONDS = 1800
# A refresh that keeps finding new changes (a steady stream of imports) hands over to a
# fresh task after this many passes, so other queued work gets its turn.
MAX_PASSES = 10
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
        marked += engine.flag_stale(
            IndicatorResult.objects.filter(
                org_unit__path__startswith=path, period__in=period_codes, stale=False
            )
        )
    return marked


def note_inputs_changed(unit_ids, start, end, below):
    """The handler ``places.freshness`` calls: mark, log, and queue the debounced refresh."""
    ids, paths = stale_units(unit_ids, below)
    codes = periods_overlapping(start, end)
    if not codes:
        return 0
    marked = mark(ids, codes, paths)
    schedule_refresh(sorted(ids), codes, paths)
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
    """Mark again the changes logged after ``number`` (while a refresh pass ran); returns the
    latest number covered (``number`` when nothing was logged)."""
    latest = changes_logged()
    for n in range(number + 1, latest + 1):
        try:
            entry = cache.get(CHANGE_KEY.format(n))
        except Exception:
            entry = None
        if entry:
            unit_ids, codes, paths = entry
            mark(unit_ids, codes, paths)
    return latest


def schedule_refresh(unit_ids=None, period_codes=(), paths=()):
    """Once the caller's transaction commits: log the change (the units and periods it marked)
    and, unless a refresh is running or queued, queue one ``INDICATOR_REFRESH_DELAY`` seconds
    later (the first change of a burst)."""

    def committed():
        if unit_ids is not None:
            log_change(unit_ids, period_codes, paths)
        _queue_refresh()

    transaction.on_commit(committed)


def refresh_running():
    try:
        return bool(cache.get(RUNNING_KEY))
    except Exception:
        return False


def _queue_refresh(delay=None):
    delay = settings.INDICATOR_REFRESH_DELAY if delay is None else delay
    if refresh_running():
        return  # the running refresh takes this change in its next pass
    try:
        if not cache.add(QUEUED_KEY, 1, delay + 60):
            return  # a refresh is queued and not started: this change rides along with it
    except Exception as exc:
        logger.warning("Indicator refresh not debounced: %s", exc)
    try:
        task_named("indicators.refresh_stale").apply_async(countdown=delay, retry=False)
    except Exception as exc:  # the broker is down: beat's round picks the stale figures up
        logger.warning("Indicator refresh waits for the broker: %s", exc)
        cache.delete(QUEUED_KEY)


def refresh_started():
    """Called by the refresh task as it starts: it is running, no longer queued (later changes
    wait for its next pass). Returns the change counter its first pass starts from."""
    try:
        cache.set(RUNNING_KEY, 1, RUNNING_SECONDS)
        cache.delete(QUEUED_KEY)
    except Exception as exc:
        logger.warning("Indicator refresh flags not set: %s", exc)
    return changes_logged()


def refresh_finished():
    """The refresh stops running: changes from now on queue a refresh of their own."""
    try:
        cache.delete(RUNNING_KEY)
    except Exception as exc:
        logger.warning("Indicator refresh flag not cleared: %s", exc)


def _bump_generation():
    try:
        cache.add(GENERATION_KEY, 0, None)
        cache.incr(GENERATION_KEY)
    except Exception as exc:
        logger.warning("Indicator generation not bumped: %s", exc)


def run_passes(one_pass, max_passes=MAX_PASSES):
    """Run ``one_pass()`` (recompute what is stale) until a pass ends with no change logged
    while it ran, then stop running; see the module docstring for why the order of these
    steps keeps every change. Returns the number of passes run."""
    number = refresh_started()
    passes = 0
    try:
        while True:
            one_pass()
            passes += 1
            _bump_generation()
            latest = remark_since(number)
            if latest == number:
                refresh_finished()
                # A change logged before the flag went found it set and queued nothing.
                latest = remark_since(number)
                if latest == number:
                    return passes
                if passes >= max_passes:
                    _queue_refresh(delay=0)
                    return passes
                refresh_started()
            elif passes >= max_passes:
                refresh_finished()
                _queue_refresh(delay=0)
                return passes
            number = latest
    except BaseException:
        refresh_finished()
        raise


def generation():
    """Bumped after every refresh: cached public figures carry it in their key."""
    try:
        return cache.get(GENERATION_KEY, 0) or 0
    except Exception:
        return 0
