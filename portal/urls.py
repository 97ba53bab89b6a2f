from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from materials import views as materials_views
from places.history import ScopedLogEntriesView
from portal import views
from portal.sitemaps import LanguageSitemap

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Wagtail's site history, scoped (places.history): before the admin's own route.
    path(
        "admin/reports/site-history/",
        require_admin_access(ScopedLogEntriesView.as_view()),
    ),
    path(
        "admin/reports/site-history/results/",
        require_admin_access(ScopedLogEntriesView.as_view(results_only=True)),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("api/v1/", include("portal.api")),
    path("documents/", include(wagtaildocs_urls)),
    path("q/", include("materials.short_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LanguageSitemap}}, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    path("log/", include("events.urls")),
    path("chi-tieu/", include("indicators.urls")),
    path("tai-lieu/", include("materials.urls")),
    # A broken short link lands here after LocaleMiddleware adds the language prefix.
    path("q/<str:code>/", materials_views.qr_scan),
    path("thi/", include("contests.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.urls import re_path

    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns = [
        re_path(rf"^{media_prefix}/(?P<path>.*)$", views.development_media),
        *urlpatterns,
    ]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
