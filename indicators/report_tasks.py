"""Thin Celery wrappers for periodic reports (registered by an import in indicators.tasks)."""

from celery import shared_task
from django.utils import translation

from indicators.reports import reminders, services


@shared_task(
    name="indicators.generate_report",
    acks_late=True,
    reject_on_worker_lost=True,
    # A province's year of sessions is written in well under a minute.
    soft_time_limit=1500,
    time_limit=1800,
)
def generate_report(report_id, user_id=None, finalise=False, language=None):
    """Build a report's figures and files (and freeze and submit it when finalising)."""
    with translation.override(language or "vi"):
        return services.generate(report_id, user_id=user_id, finalise=finalise)


@shared_task(name="indicators.send_report_reminders", acks_late=True, reject_on_worker_lost=True)
def send_report_reminders():
    """Daily: e-mail the officers of units whose report falls due soon and is not submitted."""
    return reminders.send_due()
