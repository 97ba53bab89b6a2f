"""A backend for Django's task framework that hands each task to Celery.

Wagtail 8 enqueues its background work (search and reference indexing,
renditions) through Django's task framework. In production the work should run
in the same workers and queue as our own Celery tasks, not in the request.
With the broker down, a task waits in the outbox (``events.follow_ups``) and is
sent when Redis is back, so publishing goes on during an outage.
"""

import logging
import time

from django.utils.module_loading import import_string
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import DEFAULT_TASK_QUEUE_NAME, TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id, normalize_json

from events import follow_ups

logger = logging.getLogger(__name__)

# The outbox kind of a task enqueued while the broker was down (see events.follow_ups).
DJANGO_TASK_FOLLOW_UP = "django_task"
# After a failure, tasks go straight to the outbox for a few seconds: a publish that
# enqueues several tasks waits for a dead broker once, not once per task.
BROKER_RETRY_SECONDS = 5.0
_broker = {"down_until": 0.0}


def run_waiting_task(payload):
    """Run, in a worker, a task that waited in the outbox for the broker."""
    task = import_string(payload["module_path"])
    task.call(*payload["args"], **payload["kwargs"])


class CeleryTaskBackend(BaseTaskBackend):
    supports_defer = False
    supports_async_task = False
    supports_get_result = False
    supports_priority = False

    def enqueue(self, task, args, kwargs):
        from portal.tasks import run_django_task

        self.validate_task(task)
        args, kwargs = normalize_json(list(args)), normalize_json(dict(kwargs))
        result_id = get_random_id()
        # Django's "default" queue is Celery's default queue, which every worker consumes.
        queue = None if task.queue_name == DEFAULT_TASK_QUEUE_NAME else task.queue_name
        try:
            if time.monotonic() < _broker["down_until"]:
                raise ConnectionError("the broker failed a moment ago")
            run_django_task.apply_async(
                args=(task.module_path, args, kwargs), task_id=result_id, queue=queue, retry=False
            )
        except Exception as exc:  # the broker is down: the task waits in the outbox
            _broker["down_until"] = time.monotonic() + BROKER_RETRY_SECONDS
            logger.warning("Task %s waits for the broker: %s", task.module_path, exc)
            follow_ups.schedule(
                DJANGO_TASK_FOLLOW_UP,
                f"django-task:{result_id}",
                module_path=task.module_path,
                args=args,
                kwargs=kwargs,
            )
        return TaskResult(
            task=task,
            id=result_id,
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
