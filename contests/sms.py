"""Sending a text message through a pluggable gateway, chosen by ``SMS_BACKEND``.

- ``console`` (``make run``): the message is printed to the server's console;
- ``memory``: kept in ``outbox`` in this process (tests, like Django's locmem mail);
- ``http``: POSTed as JSON ``{"to": "+849…", "text": "…"}`` to ``SMS_GATEWAY_URL``
  with ``Authorization: Bearer SMS_GATEWAY_KEY``; any answer but 2xx, or no
  answer within ``SMS_GATEWAY_TIMEOUT`` seconds, is a failure.

A failure raises ``NotSent``; the caller tells the entrant to try again.
"""

import json
import logging
import sys
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

outbox: list[dict] = []


class NotSent(Exception):
    pass


def send(to: str, text: str):
    backend = settings.SMS_BACKEND
    if backend == "console":
        sys.stdout.write(f"SMS → {to}: {text}\n")
        sys.stdout.flush()
    elif backend == "memory":
        outbox.append({"to": to, "text": text})
    elif backend == "http":
        _post(to, text)
    else:
        raise NotSent(f"unknown SMS_BACKEND {backend!r}")


def _post(to, text):
    body = json.dumps({"to": to, "text": text}, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 (the operator's configured gateway)
        settings.SMS_GATEWAY_URL,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {settings.SMS_GATEWAY_KEY}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.SMS_GATEWAY_TIMEOUT) as answer:  # noqa: S310
            if not 200 <= answer.status < 300:
                raise NotSent(f"gateway answered {answer.status}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        logger.warning("SMS gateway failed: %s", error)
        raise NotSent(str(error)) from error
