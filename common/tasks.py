"""Plausible events, delivered by a worker (see common.analytics)."""

from celery import shared_task

from common.plausible import MAX_RETRIES, PlausibleUnavailable, post_event


@shared_task(
    name="common.deliver_plausible_event",
    autoretry_for=(PlausibleUnavailable,),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=MAX_RETRIES,
    ignore_result=True,
)
def deliver_plausible_event(event, user_agent, ip):
    """POST one event to Plausible (2-second timeout); retry a network error or a 5xx
    three times with backoff, never a 4xx."""
    return post_event(event, user_agent, ip)
