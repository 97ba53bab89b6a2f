import posixpath

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.static import serve
from wagtail.models import Locale, Page

from portal import health

SEARCH_RESULTS_LIMIT = 20


@never_cache
def healthz(request):
    results = health.check_all()
    healthy = all(value == "ok" for value in results.values())
    failing = sorted(name for name, value in results.items() if value != "ok")
    body = {"status": "ok" if healthy else "unavailable", "checks": results}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=200 if healthy else 503)


def search(request):
    """Search the live pages of the current language only."""
    query = request.GET.get("q", "").strip()[:200]
    results = []
    if query:
        locale = Locale.get_active()
        pages = Page.objects.live().public().filter(locale=locale).specific()
        results = pages.search(query)[:SEARCH_RESULTS_LIMIT]
    return render(
        request,
        "pages/search.html",
        {"query": query, "results": results, "language": get_language()},
    )


def page_not_found(request, exception=None):
    return render(request, "pages/404.html", status=404)


def server_error(request):
    return render(request, "pages/500.html", status=500)


# Uploads that only the app serves, to the people whose scope covers them (see README, "What
# the proxy must do"): session photos show people, often minors.
PRIVATE_MEDIA = ("sessions", "reports", "unit-plans")


def development_media(request, path):
    """``make run``'s /media/ (DEBUG only): the public uploads, never the private folders."""
    normal = posixpath.normpath(path).lstrip("/")
    if normal.split("/", 1)[0] in PRIVATE_MEDIA or normal.startswith(".."):
        raise Http404
    return serve(request, normal, document_root=settings.MEDIA_ROOT)
