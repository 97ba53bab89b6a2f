import re

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.middleware.locale import LocaleMiddleware
from django.utils.module_loading import import_string


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


class LeanApiMiddleware:
    """First in MIDDLEWARE: the contest's public JSON calls go through LEAN_MIDDLEWARE only.

    Under an evening rush nearly every request is a start or a submission: an
    anonymous JSON POST with no cookie, answered by a view that reads no
    session, user or message and renders no HTML. Sessions, authentication,
    messages, CSRF (the API reads no cookie), the page cache, axes, Wagtail's
    redirects, X-Frame-Options and the CSP (headers for HTML) cost CPU on every
    such request and do nothing for it. The requests ``LEAN_API_PATHS`` matches
    are served by a chain of ``LEAN_MIDDLEWARE`` (HTTPS redirect, HSTS and
    nosniff; the language of the answer) ending in Django's own view handling;
    every other request goes through the whole ``MIDDLEWARE``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = re.compile(settings.LEAN_API_PATHS)
        self.lean = self._chain(settings.LEAN_MIDDLEWARE)

    @staticmethod
    def _chain(paths):
        # What BaseHandler.load_middleware builds, for a list of sync middleware of our choosing.
        handler = BaseHandler()
        handler._view_middleware = []
        handler._template_response_middleware = []
        handler._exception_middleware = []
        chain = convert_exception_to_response(handler._get_response)
        for path in reversed(paths):
            chain = convert_exception_to_response(import_string(path)(chain))
        return chain

    def __call__(self, request):
        if request.method == "POST" and self.paths.fullmatch(request.path_info):
            request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware checks it (400 otherwise)
            return self.lean(request)
        return self.get_response(request)
