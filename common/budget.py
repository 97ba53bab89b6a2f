"""A time budget for reading: once it is spent, the request's next query refuses to run.

The API's reads (GET, HEAD) run inside ``time_budget(seconds)``. A query that would
start after the deadline raises ``OutOfTime`` instead, and the API answers 503 in its
one error shape; what the read was computing is not stored (its transaction rolls
back). The check sits before each query, which is where a runaway read spends its time,
and costs no query of its own; a single query already running is not interrupted.

Writes always finish: their work is bounded by the limits on their inputs, and a client
must never be told that a record failed once it has been stored.
"""

import functools
from contextlib import ExitStack, contextmanager
from time import monotonic

from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _

READS = {"GET", "HEAD"}


class OutOfTime(Exception):
    """The request's time budget ran out before its work was done."""

    retry_after = 60

    def __str__(self):
        return _(
            "Yêu cầu này cần quá nhiều thời gian để xử lý. "
            "Hãy chọn kỳ ngắn hơn hoặc đơn vị nhỏ hơn, hoặc thử lại sau ít phút."
        )


@contextmanager
def time_budget(seconds):
    """Within the block, a query that would start more than ``seconds`` after entry refuses."""
    deadline = monotonic() + seconds

    def refuse_when_spent(execute, sql, params, many, context):
        if monotonic() > deadline:
            raise OutOfTime
        return execute(sql, params, many, context)

    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(refuse_when_spent))
        yield


def budgeted(view):
    """``view``, whose reads run within the budget of setting ``API_TIME_BUDGET`` (seconds)."""

    @functools.wraps(view)
    def within_budget(request, *args, **kwargs):
        if request.method not in READS:
            return view(request, *args, **kwargs)
        with time_budget(settings.API_TIME_BUDGET):
            return view(request, *args, **kwargs)

    return within_budget
