"""Thin Celery wrappers around the engine."""

from collections import defaultdict

from celery import shared_task
from django.utils import timezone

from indicators import engine, freshness
from indicators.periods import parse_period
from places.models import OrgUnit


@shared_task(
    name="indicators.refresh_stale",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=1500,
    time_limit=1800,
)
def refresh_stale():
    """Recompute what changes made stale: queued a few seconds after the first change of a burst
    (``indicators.freshness``); beat also runs it every few minutes, in case a queueing failed.
    A change made while it runs is taken by another pass at once (``freshness.run_passes``)."""
    refreshed = 0

    def one_pass():
        nonlocal refreshed
        stale_by_period = defaultdict(set)
        for unit_id, period_code in engine.stale_keys():
            stale_by_period[period_code].add(unit_id)
        for period_code, unit_ids in sorted(stale_by_period.items()):
            roots = []  # the topmost stale units: refreshing one covers everything below it
            units = OrgUnit.objects.filter(pk__in=unit_ids)
            for unit in sorted(units, key=lambda u: len(u.path)):
                if not any(unit.is_within(root) for root in roots):
                    roots.append(unit)
            for root in roots:
                refreshed += engine.refresh(root, parse_period(period_code))

    freshness.run_passes(one_pass)
    return refreshed


@shared_task(
    name="indicators.refresh_all",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=1500,
    time_limit=1800,
)
def refresh_all(period_codes=None):
    """Nightly: every indicator for every unit, for this year and its halves and quarters.

    One task per period (``indicators.refresh_period``): each period's national
    recompute is independent of the others, so two workers do two at once. Eager
    (no broker), they run here in turn; the sum of stored rows is returned then,
    the number of periods queued otherwise.
    """
    today = timezone.localdate()
    codes = period_codes or [
        str(today.year),
        f"{today.year}-H{1 if today.month <= 6 else 2}",
        f"{today.year}-Q{(today.month - 1) // 3 + 1}",
    ]
    queued = [refresh_period.delay(code) for code in codes]
    if refresh_period.app.conf.task_always_eager:
        return sum(result.get() for result in queued)
    return len(queued)


@shared_task(
    name="indicators.refresh_period",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=1500,
    time_limit=1800,
)
def refresh_period(period_code):
    """Every indicator for every unit for one period (stored in one transaction)."""
    country = OrgUnit.objects.filter(level="country").first()
    if country is None:
        return 0
    return engine.refresh(country, parse_period(period_code))


# Periodic reports: generation and deadline reminders (see indicators.report_tasks).
from indicators.report_tasks import generate_report, send_report_reminders  # noqa: E402,F401
