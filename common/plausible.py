"""The small Plausible client: one POST to /api/event with a short timeout.

Plausible attributes an event to a visitor by the User-Agent and the
X-Forwarded-For it receives, so both are the visitor's, never the server's.
A network error or a 5xx is worth retrying; a 4xx means Plausible refused the
event as it is, and sending it again would only be refused again.
"""

import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 2
# Retries after the first attempt, for the Celery task and the in-process fallback alike.
MAX_RETRIES = 3


class PlausibleUnavailable(Exception):
    """The event did not reach Plausible (network error, timeout or 5xx): retry later."""


def post_event(event, user_agent, ip, *, host=None):
    """Send one event; return the HTTP status, or raise PlausibleUnavailable."""
    headers = {"Content-Type": "application/json", "User-Agent": user_agent or "unknown"}
    if ip:
        headers["X-Forwarded-For"] = ip
    request = urllib.request.Request(  # noqa: S310 (the URL is the configured Plausible host)
        f"{host or settings.PLAUSIBLE_HOST}/api/event",
        data=json.dumps(event).encode(),
        headers=headers,
        method="POST",
    )
    name = event.get("name")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        if error.code >= 500:
            logger.warning("Plausible answered %s to event %s; will retry", error.code, name)
            raise PlausibleUnavailable(f"HTTP {error.code}") from error
        logger.error("Plausible refused event %s with %s; not retried", name, error.code)
        return error.code
    except (OSError, TimeoutError) as error:  # URLError, refused connection, timeout
        logger.warning("Plausible event %s not delivered: %s; will retry", name, error)
        raise PlausibleUnavailable(str(error)) from error


def deliver(event, user_agent, ip, *, host=None, backoff=1.0):
    """Send with up to MAX_RETRIES retries, waiting ``backoff`` seconds, doubled each time.

    The in-process delivery (no broker) runs this in its own thread; with a broker
    the Celery task retries instead, without holding a worker.
    """
    for attempt in range(MAX_RETRIES + 1):
        try:
            return post_event(event, user_agent, ip, host=host)
        except PlausibleUnavailable:
            if attempt == MAX_RETRIES:
                logger.error(
                    "Plausible event %s dropped after %s attempts", event.get("name"), attempt + 1
                )
                return None
            time.sleep(backoff * 2**attempt)
    return None
