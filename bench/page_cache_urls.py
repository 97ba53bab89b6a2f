"""The site's URLs plus the baseline of bench_page_cache.py: a view returning a constant."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as site_urlpatterns

CONSTANT = b"Chung tay phong, chong mai dam"


def constant(request):
    return HttpResponse(CONSTANT, content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/constant", constant), *site_urlpatterns]
