"""Tasks of the portal itself: the bridge that runs Django-framework tasks on Celery."""

from celery import shared_task
from django.utils.module_loading import import_string


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
