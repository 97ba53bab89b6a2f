"""Loaded by the worker of the kill -9 tests (``celery worker --include``): the first run of
a job stops half-way and waits, after writing the pid of the process doing the work, so
the test can kill that process at that point. Later runs go straight through.

Half-way means: for an indicator refresh, half of the results written inside the
refresh's open transaction; for a report, the figures and the workbook built, the PDF
not yet. Nothing here changes what the job does, only when it may be killed.
"""

import os
import time
from pathlib import Path

MARKERS = os.environ.get("PAUSE_MARKERS")
# The one job whose first run pauses: "refresh" or "report" (a report also refreshes).
PAUSE_AT = os.environ.get("PAUSE_AT", "")
PAUSE_SECONDS = 300


def pause_once(name):
    marker = Path(MARKERS) / name
    if name != PAUSE_AT or marker.exists():
        return
    marker.write_text(str(os.getpid()))
    time.sleep(PAUSE_SECONDS)


if MARKERS:
    from django.db import transaction

    from indicators import engine
    from indicators.reports import pdf

    store, write_pdf = engine._store, pdf.write

    def _store(rows, period, now):
        with transaction.atomic():
            half = len(rows) // 2
            store(rows[:half], period, now)
            pause_once("refresh")
            store(rows[half:], period, now)

    def write(*args, **kwargs):
        pause_once("report")
        return write_pdf(*args, **kwargs)

    engine._store, pdf.write = _store, write
