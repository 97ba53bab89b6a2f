"""Celery beat's schedule, run by a thread of the web process in the embedded default.

With Redis (``REDIS_URL``) a deployment runs ``celery beat`` and workers, and this
module does nothing. Without it (``make run``), tasks run in-process, and so must
their schedule: ``runserver`` starts one thread that walks
``CELERY_BEAT_SCHEDULE`` (ranking closed rounds, refreshing stale figures,
scheduled publishing, reminders, follow-ups) and runs each task when it is due,
in that thread. Only the process that serves starts it: under the autoreloader,
the child (``RUN_MAIN=true``), not the parent that watches files.
"""

import copy
import logging
import os
import sys
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

from common.queue import task_named

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_running = None


class Scheduler(threading.Thread):
    """Runs the tasks of ``entries`` (beat's format: name -> {"task", "schedule"}) when due.

    As beat does, an entry first runs one interval after the start (a crontab at
    its next time), then every interval.
    """

    def __init__(self, entries=None, tick=1.0, clock=None):
        super().__init__(name="embedded-beat", daemon=True)
        from celery.schedules import schedule as every

        from portal.celery import app

        self.app = app
        # What time it is (an aware datetime): Celery's clock, or a test's.
        self.now = clock or app.now
        self.tick = tick
        self.stopping = threading.Event()
        self.entries = []
        started = self.now()
        for name, entry in (settings.CELERY_BEAT_SCHEDULE if entries is None else entries).items():
            when = entry["schedule"]
            if isinstance(when, int | float):
                when = timedelta(seconds=when)
            if isinstance(when, timedelta):
                when = every(run_every=when, app=app, nowfun=clock)
            else:
                when = copy.copy(when)  # the settings' own stays as it is
                when.app, when.nowfun = app, clock
            self.entries.append(
                {"name": name, "task": entry["task"], "when": when, "last": started}
            )

    def run(self):
        try:
            while not self.stopping.wait(self.tick):
                self.run_pending()
        finally:
            connections.close_all()  # this thread's own connections

    def run_pending(self):
        """Run every entry that is due now; returns the names of those run."""
        ran = []
        for entry in self.entries:
            due, _next_check = entry["when"].is_due(entry["last"])
            if not due:
                continue
            entry["last"] = self.now()
            ran.append(entry["name"])
            try:
                task_named(entry["task"]).apply(throw=True)
            except Exception:
                logger.exception("Scheduled task %s failed", entry["task"])
            finally:
                close_old_connections()
        return ran

    def stop(self, timeout=30):
        self.stopping.set()
        if self.is_alive():
            self.join(timeout)


def should_run(argv=None, environ=None):
    """True in the process that serves ``runserver`` without Redis, and only there."""
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    if not getattr(settings, "EMBEDDED_BEAT", False):
        return False
    if len(argv) < 2 or argv[1] != "runserver":
        return False
    return environ.get(DJANGO_AUTORELOAD_ENV) == "true" or "--noreload" in argv


def start_if_serving():
    """Called from PortalConfig.ready: start the schedule once, in the serving process."""
    global _running
    if not should_run():
        return None
    with _lock:
        if _running is None:
            _running = Scheduler()
            _running.start()
            logger.info("Periodic tasks run in this process (no REDIS_URL, no celery beat)")
    return _running
