"""Whole-response cache of Wagtail pages for anonymous visitors.

A hit is answered here, before sessions, authentication or anything that could
touch the database, so it costs one cache read for the generation and one for
the page. What is stored: a 200 HTML answer of Wagtail's page view to a GET that
carried no session, set no cookie and was not marked private or ``never_cache``;
anything else passes through untouched.

Purging: every key includes a site-wide generation number that any publish,
unpublish, move or delete bumps (see ``portal.signals``). A change to one page
also changes its parents' listings, the campaign that lists it, the menus and
the language switcher of its translations, which per-page keys would have to
track; publishes are a handful a day against thousands of reads, so emptying
the whole cache is both simpler and always right. The generation is read before
the page is rendered, so a response rendered while a publish happens is stored
under the old generation, which nobody reads any more.

Public pages carry no inline script and so no CSP nonce: a stored page is the
same bytes for everyone. Each stored answer gets ``Cache-Control: public`` with
``s-maxage`` (a reverse proxy such as nginx may keep it, purged on publish
through ``wagtail.contrib.frontend_cache``: see ``portal.frontend_cache``) and
an ``ETag``, so ``ConditionalGetMiddleware`` answers a revalidation with 304.

Besides Wagtail pages: the site search, and the public API lists
``/api/v1/materials`` and ``/api/v1/contests``, under the same key rules and purge.
(A stored entry that still has a nonce, from before, gets a fresh one per hit.)
"""

import hashlib
import re
import time
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_cache_control
from django.utils.csp import generate_nonce
from django.utils.http import quote_etag

from common.cache import Unavailable, available
from events import follow_ups

GENERATION_KEY = "page-cache:generation"
# The outbox kind of a purge that found the cache down.
PURGE_FOLLOW_UP = "page_cache_purge"
# Query parameters that select what a page lists (pagination, filters): part of the key.
KEY_PARAMETERS = frozenset(
    {"page", "type", "audience", "language", "campaign", "tag", "channel", "q", "page_size"}
)
# Searches (the library's and the site's): any short text; such variants live 60 seconds.
SEARCH_TEXT = re.compile(r"[^\x00-\x1f]{1,100}")
# The public API answers stored like pages (JSON, the same for every anonymous caller).
CACHED_API_PATHS = frozenset({"/api/v1/materials", "/api/v1/contests"})
# Views that are not Wagtail pages but whose answer is the same for every anonymous visitor.
CACHED_VIEWS = frozenset({"wagtail_serve", "search"})
# Tracking parameters that pages never read: dropped from the key so shared links hit.
IGNORED_PARAMETERS = frozenset({"fbclid", "gclid", "zarsrc", "utm_source", "utm_medium"})
IGNORED_PREFIXES = ("utm_",)
# Values worth a key of their own: a page number, or a slug such as a filter's code.
# Anything else (and more than a few parameters) goes to Django: an attacker must
# not be able to fill the cache with endless variants of one page.
KEY_VALUE = re.compile(r"[\w-]{1,40}")
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,2}")
MAX_KEY_PARAMETERS = 3
# Variants with a query string live shorter than the plain page.
QUERY_VARIANT_SECONDS = 60
# Response headers that may vary with nothing the key does not already hold.
HARMLESS_VARY = frozenset({"accept-language", "cookie", "accept-encoding"})
UNCACHEABLE_CONTROL = frozenset({"private", "no-cache", "no-store", "max-age=0"})


def generation():
    """The current generation; recreated, with a never-used value, if the cache lost it."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


FRAGMENT_SECONDS = 600


def remember(name, build):
    """A value that changes only when pages change (menus, language versions), kept
    until the next purge, so even an uncached page does not query for it again."""
    key = f"page-fragment:{generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value


def purge():
    """Make every stored page stale at once.

    With the cache down, nothing can be served from it now, but the pages it
    held would be served again when it returns: the purge waits in the outbox
    (a follow-up the dispatcher runs once Redis is back).
    """
    try:
        bump_generation()
    except Unavailable:
        follow_ups.schedule(PURGE_FOLLOW_UP, f"page-cache-purge:{uuid.uuid4().hex}")


def bump_generation():
    """The purge itself; raises ``Unavailable`` when the cache is down."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or evicted): start a fresh one
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
        if not available(cache):
            raise Unavailable("cache down") from None


def run_purge_follow_up(payload):
    bump_generation()


def _allowed_cookies():
    # The CSRF cookie alone changes nothing on a page that is stored: a page that
    # uses the token sets the cookie, and a response setting a cookie is not stored.
    return {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


def _key_query(request):
    """The query parameters that belong in the key, or None if one makes the page uncacheable."""
    kept = []
    for name, values in request.GET.lists():
        if name in KEY_PARAMETERS:
            pattern = {"page": PAGE_NUMBER, "page_size": PAGE_NUMBER, "q": SEARCH_TEXT}.get(
                name, KEY_VALUE
            )
            if not all(pattern.fullmatch(value) for value in values):
                return None
            kept.extend((name, value) for value in values)
        elif not _is_tracking(name):
            return None
    if len(kept) > MAX_KEY_PARAMETERS:
        return None
    return urlencode(sorted(kept))


def _is_tracking(name):
    return name in IGNORED_PARAMETERS or name.startswith(IGNORED_PREFIXES)


def drop_tracking_parameters(request):
    """Take ``utm_*``, ``fbclid`` and the like off the request before the page is made, so no
    link on a page that every visitor shares carries the first visitor's campaign tags."""
    if not any(_is_tracking(name) for name in request.GET):
        return
    kept = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if not _is_tracking(name):
            kept.setlist(name, values)
    request.META["QUERY_STRING"] = kept.urlencode()
    kept._mutable = False
    request.GET = kept


def _language_prefixed(path):
    first = path.lstrip("/").split("/", 1)[0]
    return first in {code for code, _name in settings.LANGUAGES}


def cache_key(request):
    """The key of this request's page, or None when it must not be served from cache."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return None
    if set(request.COOKIES) - _allowed_cookies():
        return None  # a session (logged in, messages, a passed password form) or anything unknown
    # Every page lives under a language prefix, which fixes its language:
    # Accept-Language and the language cookie only matter elsewhere.
    if not _language_prefixed(request.path) and request.path not in CACHED_API_PATHS:
        return None
    query = _key_query(request)
    if query is None:
        return None
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: let Django answer it
        return None
    address = f"{request.scheme}://{host}{request.path}?{query}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page-cache:{generation()}:{digest}"


def storable(request, response):
    """Whether a page response may be served to every anonymous visitor."""
    match = getattr(request, "resolver_match", None)
    if request.method != "GET" or match is None:
        return False
    api = request.path in CACHED_API_PATHS
    if not api and match.url_name not in CACHED_VIEWS:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("application/json" if api else "text/html"):
        return False
    control = {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}
    if control & UNCACHEABLE_CONTROL:
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
    return vary - {""} <= HARMLESS_VARY


def _nonce_of(request):
    nonce = getattr(request, "_csp_nonce", None)
    return str(nonce) if nonce else ""  # a LazyNonce is false until the page used it


def entry_for(request, response):
    return {
        "body": response.content,
        "headers": list(response.items()),
        "nonce": _nonce_of(request),
    }


def response_from(entry, request):
    body, headers, old_nonce = entry["body"], entry["headers"], entry["nonce"]
    if old_nonce:
        nonce = generate_nonce()
        body = body.replace(old_nonce.encode(), nonce.encode())
        headers = [(name, value.replace(old_nonce, nonce)) for name, value in headers]
    response = HttpResponse(b"" if request.method == "HEAD" else body)
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(body))
    response["X-Page-Cache"] = "hit"
    return response


def shareable(response, seconds):
    """Headers that let a reverse proxy keep the answer and a browser revalidate it.

    A browser asks again every time (``max-age=0``) and gets 304 while the ETag
    matches; a proxy keeps the answer ``seconds`` (``s-maxage``) or until a purge.
    """
    patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    if not response.has_header("ETag"):
        response["ETag"] = quote_etag(
            hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        )


class AnonymousPageCacheMiddleware:
    """Serve anonymous page views from the cache; store the ones that may be shared."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        key = cache_key(request) if seconds else None
        if key is None:
            return self.get_response(request)
        entry = cache.get(key)
        if entry is not None:
            return response_from(entry, request)
        drop_tracking_parameters(request)
        response = self.get_response(request)
        if storable(request, response):
            if request.GET:
                seconds = min(seconds, QUERY_VARIANT_SECONDS)
            shareable(response, seconds)
            cache.set(key, entry_for(request, response), seconds)
            response["X-Page-Cache"] = "miss"
        return response
