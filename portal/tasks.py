"""Tasks of the portal itself: the bridge that runs Django-framework tasks on Celery, and
scheduled publishing."""

import io

from celery import shared_task
from django.core.cache import cache
from django.core.management import call_command
from django.utils.module_loading import import_string

PUBLISH_SCHEDULED_LOCK = "lock:publish-scheduled"
PUBLISH_SCHEDULED_LOCK_SECONDS = 300


@shared_task(
    name="portal.ping",
    acks_late=True,
    reject_on_worker_lost=True,
)
def ping(payload):
    """Echo the payload: health checks and the worker round-trip test use it."""
    return {"pong": payload}


@shared_task(
    name="portal.run_django_task",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def run_django_task(module_path, args, kwargs):
    """Run a task of Django's task framework (Wagtail enqueues these) inside a worker."""
    task = import_string(module_path)
    return task.call(*args, **kwargs)


@shared_task(name="portal.publish_scheduled", ignore_result=True)
def publish_scheduled():
    """Publish what is due and unpublish what expired (Wagtail's ``publish_scheduled``).

    Publishing saves the pages, which purges the page cache. A lock keeps a slow
    run and the next minute's from publishing the same revision twice.
    """
    if not cache.add(PUBLISH_SCHEDULED_LOCK, True, timeout=PUBLISH_SCHEDULED_LOCK_SECONDS):
        return
    try:
        call_command("publish_scheduled", stdout=io.StringIO())
    finally:
        cache.delete(PUBLISH_SCHEDULED_LOCK)
