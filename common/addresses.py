"""The public address of a page: BASE_URL, never the host a request happened to use."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def public_url(url):
    """``url`` (absolute or a path) at ``BASE_URL``.

    Wagtail builds absolute URLs from its Site record (``localhost`` on a first run) or
    from the request's host (``127.0.0.1`` behind a proxy); search engines and shared
    links must get the address the public uses instead.
    """
    parts = urlsplit(url)
    return settings.BASE_URL + urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
