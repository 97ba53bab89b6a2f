"""Plausible events (downloads, QR scans, contest completions), sent by a task.

A view calls ``send_event(request, name, props=...)``: it reads what Plausible
needs from the request (the real page URL, the visitor's User-Agent and IP) and
hands the event to a short-lived thread, so a page never waits on the analytics
server or the broker. With a broker the thread queues a Celery task, which
retries; without one (tasks run in-process) the thread makes the attempts
itself and ends after the last. Nothing is sent when
Plausible is not configured.
"""

import ipaddress
import logging
import threading

from django.conf import settings

from common.plausible import deliver

logger = logging.getLogger(__name__)


def is_configured():
    return bool(settings.PLAUSIBLE_HOST and settings.PLAUSIBLE_DOMAIN)


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_ip(request):
    """The visitor's IP.

    With no trusted proxy, the address of the connection (X-Forwarded-For is
    ignored: anyone can send it). Behind TRUSTED_PROXY_COUNT proxies, taken only
    from X-Forwarded-For: each proxy appends the address it received from, so the
    client is the entry the outermost trusted proxy wrote, counted from the right.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if hops:
            # Fewer entries than proxies means a proxy in the chain was skipped:
            # the leftmost is the furthest address known.
            return _valid_ip(hops[-proxies] if len(hops) >= proxies else hops[0])
        return ""
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def send_event(request, name, *, props=None, url=None, referrer=None):
    """Hand one event off for delivery; ``url`` defaults to the address the visitor asked for,
    ``referrer`` to the page they came from."""
    if not is_configured():
        return
    event = {
        "name": name,
        "domain": settings.PLAUSIBLE_DOMAIN,
        "url": url or request.build_absolute_uri(),
        "referrer": request.META.get("HTTP_REFERER", "") if referrer is None else referrer,
        "props": {key: str(value) for key, value in (props or {}).items()},
    }
    _dispatch(event, request.META.get("HTTP_USER_AGENT", ""), client_ip(request))


def _dispatch(event, user_agent, ip):
    # A thread, so that neither a slow Plausible nor an unreachable broker holds the page.
    threading.Thread(
        target=_hand_off,
        args=(event, user_agent, ip, settings.PLAUSIBLE_HOST),
        name="plausible-event",
        daemon=True,
    ).start()


def _hand_off(event, user_agent, ip, host):
    from celery import current_app

    from common.tasks import deliver_plausible_event

    if current_app.conf.task_always_eager:
        # No broker: the attempts run here, in this thread, and then it ends.
        deliver(event, user_agent, ip, host=host)
        return
    try:
        deliver_plausible_event.apply_async((event, user_agent, ip), retry=False)
    except Exception:  # the broker is down; analytics never break a page
        logger.exception("Plausible event %s not queued", event["name"])
