from django.conf import settings
from django.middleware.locale import LocaleMiddleware


class AdminContentSecurityPolicyMiddleware:
    """Give the Wagtail and Django admin their own CSP; the public site keeps the strict one."""

    ADMIN_PREFIXES = ("/admin/", "/django-admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.ADMIN_PREFIXES):
            response._csp_config = settings.ADMIN_CSP
        return response


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, minus its redirect of unprefixed 404s on non-site paths.

    Wagtail's catch-all page route accepts any path, so a 404 under /admin/ or /api/
    would otherwise turn into a redirect to /vi/admin/… instead of staying a 404.
    """

    UNPREFIXED = ("/admin/", "/api/", "/documents/", "/healthz", "/q/", "/sitemap.xml", "/static/")

    def process_response(self, request, response):
        if request.path_info.startswith(self.UNPREFIXED):
            return response
        return super().process_response(request, response)
