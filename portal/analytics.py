"""Plausible events (downloads, QR scans, contest completions), sent by a task.

A view calls ``send_event(request, name, props=...)``: it reads what Plausible
needs from the request (the real page URL, the visitor's User-Agent and IP) and
queues the delivery, so a page never waits on the analytics server. Nothing is
sent when Plausible is not configured.
"""

from django.conf import settings


def is_configured():
    return bool(settings.PLAUSIBLE_HOST and settings.PLAUSIBLE_DOMAIN)


def client_ip(request):
    """The visitor's IP: behind TRUSTED_PROXY_COUNT proxies, taken from X-Forwarded-For only."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        # Each trusted proxy appends the address it received from; the client is
        # the one the outermost trusted proxy saw, counted from the right.
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def send_event(request, name, *, props=None, url=None):
    """Queue one event; ``url`` defaults to the address the visitor asked for."""
    if not is_configured():
        return
    from portal.tasks import deliver_plausible_event

    event = {
        "name": name,
        "domain": settings.PLAUSIBLE_DOMAIN,
        "url": url or request.build_absolute_uri(),
        "referrer": request.META.get("HTTP_REFERER", ""),
        "props": {key: str(value) for key, value in (props or {}).items()},
    }
    deliver_plausible_event.delay(
        event, request.META.get("HTTP_USER_AGENT", ""), client_ip(request)
    )
