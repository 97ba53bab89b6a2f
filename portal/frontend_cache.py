"""Purge a reverse proxy in front of the site (nginx, Varnish, Cloudflare) on publish.

The in-process page cache is emptied at once by a generation bump (see
``portal.page_cache``); a proxy has to be told. ``wagtail.contrib.frontend_cache``
purges a published page's own URLs at once. A change also alters listings,
menus, the language switcher and the public API lists, so every change also
queues (in the outbox, so a proxy or broker outage loses nothing) a purge of
every live public page and of the API lists: one ``PURGE`` per URL, as
Debian's nginx cache purge module (2.3) has no wildcard. A failed purge fails
the follow-up, which the dispatcher sends again (a bounded number of times). Search answers, whose
keys carry the query, are not purged: the proxy keeps them 60 seconds.

Nothing is sent when ``WAGTAILFRONTENDCACHE`` is empty (no proxy configured).
"""

import logging
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, Site

from events import follow_ups
from events.models import FollowUp
from portal.page_cache import CACHED_API_PATHS

logger = logging.getLogger(__name__)

PURGE_FOLLOW_UP = "proxy_purge"


def schedule_purge():
    """After a change: purge the proxy of everything a page may show (via the outbox).

    A publish saves several rows; one purge not yet sent covers them all.
    """
    if not settings.WAGTAILFRONTENDCACHE:
        return
    waiting = FollowUp.objects.filter(
        kind=PURGE_FOLLOW_UP, done_at__isnull=True, dispatched_at__isnull=True
    )
    if not waiting.exists():
        follow_ups.schedule(PURGE_FOLLOW_UP, f"proxy-purge:{uuid.uuid4().hex}")


def site_urls():
    """Every live public page's URL and the public API lists, on every site."""
    urls = set()
    for page in Page.objects.live().public().exclude(depth=1).iterator():
        url = page.get_full_url()
        if url:
            urls.add(url)
    for site in Site.objects.all():
        urls.update(f"{site.root_url}{path}" for path in CACHED_API_PATHS)
    return sorted(urls)


def purge_all(payload=None):
    """Purge every URL: an HTTP purge listener (nginx, Varnish) directly, where a 404
    only means "not in the cache"; any other backend (Cloudflare) through Wagtail."""
    backends = settings.WAGTAILFRONTENDCACHE
    if not backends:
        return
    urls = site_urls()
    others = []
    for name, backend in backends.items():
        if backend["BACKEND"].endswith(".HTTPBackend"):
            failed = [url for url in urls if not _http_purge(backend["LOCATION"], url)]
            if failed:
                raise ConnectionError(f"{len(failed)} URLs not purged, e.g. {failed[0]}")
        else:
            others.append(name)
    if others:
        purge_urls_from_cache(urls, backends=others)


def _http_purge(location, url):
    """PURGE ``url`` at the listener ``location`` (Host: the URL's host); False if it failed."""
    target = urlsplit(location)
    parts = urlsplit(url)
    request = urllib.request.Request(  # noqa: S310 (the configured purge listener)
        urlunsplit((target.scheme, target.netloc, parts.path, parts.query, "")),
        method="PURGE",
        headers={"Host": parts.netloc},
    )
    try:
        with urllib.request.urlopen(request, timeout=5):  # noqa: S310
            return True
    except urllib.error.HTTPError as error:
        return error.code == 404  # not in the cache: nothing to purge
    except OSError:
        return False
