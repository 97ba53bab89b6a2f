"""The small Plausible client: one POST to /api/event with a short timeout.

Plausible attributes an event to a visitor by the User-Agent and the
X-Forwarded-For it receives, so both are the visitor's, never the server's.
"""

import json
import logging
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 2


def post_event(event, user_agent, ip):
    request = urllib.request.Request(  # noqa: S310 (the URL is the configured Plausible host)
        f"{settings.PLAUSIBLE_HOST}/api/event",
        data=json.dumps(event).encode(),
        headers={
            "Content-Type": "application/json",
            "User-Agent": user_agent or "unknown",
            "X-Forwarded-For": ip,
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status
    except OSError as error:
        logger.warning("Plausible event %s not delivered: %s", event.get("name"), error)
        raise
