"""End-to-end fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's own browser download does not work here, so the tests launch
/usr/bin/chromium (Debian's `chromium` package; `.ci/run` installs it). Without
it the tests skip on a developer's machine and fail in CI, where a skip would
hide that nothing was tested.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections

# Playwright's sync API keeps an event loop running in the test thread; Django
# would otherwise refuse every ORM call made from that thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps dialling Google's hosts, which this network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

# A low-end Android phone on a 360 px wide screen: the audience the site is built for.
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "screen": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 10; SM-A105F) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
    ),
}
TIMEOUT_MS = 15_000


def in_ci():
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


@pytest.fixture
def browser(transactional_db):
    """A fresh Chromium per test, started after the test database is ready.

    While Playwright's event loop runs, Django keeps its database connections in
    context-local storage instead of the thread's, so the connection the test
    database was prepared on (with its serialized contents for the rollback) is
    out of sight. Starting the browser after that preparation, and closing the
    connections opened meanwhile before it stops, keeps every test's setup and
    teardown on the ordinary connection.
    """
    if not CHROMIUM.exists():
        message = (
            f"Chromium is not installed at {CHROMIUM}: install Debian's packages "
            "`apt-get install chromium chromium-driver` (.ci/run does this in CI)."
        )
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


class PageProblems:
    """Collects what a reader would suffer from silently: failed requests, console errors."""

    def __init__(self, page):
        self.page = page
        self.failures = []
        self.cancelled = []
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.failures.append(f"JS error: {error}"))

    def _request_failed(self, request):
        # A fetch the page cancels itself (a newer search, or leaving the page
        # while a search is under way) is aborted by design, not a failure.
        if request.failure == "net::ERR_ABORTED" and request.resource_type in ("fetch", "xhr"):
            return
        # The browser also cancels an image or a font still loading when the
        # reader (the test) leaves the page. Whether it is really broken is
        # decided at the end, by asking for it again.
        if request.failure == "net::ERR_ABORTED":
            self.cancelled.append(request.url)
            return
        self.failures.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400:
            self.failures.append(f"HTTP {response.status}: {response.url}")

    def _console(self, message):
        # CSP violations and failed loads show up here as errors.
        if message.type == "error":
            where = (message.location or {}).get("url", "")
            self.failures.append(f"console error: {message.text} {where}".rstrip())

    def assert_none(self):
        for url in dict.fromkeys(self.cancelled):
            status = self.page.request.get(url).status
            if status != 200:
                self.failures.append(f"request failed: {url} (cancelled, then HTTP {status})")
        assert not self.failures, "\n".join(self.failures)


@pytest.fixture
def open_phone_page(browser):
    """Opens a tab on a fresh phone profile; `locale` sets the Accept-Language it sends."""
    contexts = []

    def open_page(locale="vi-VN"):
        context = browser.new_context(**PHONE, locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.problems = PageProblems(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def phone_page(open_phone_page):
    return open_phone_page()


@pytest.fixture
def screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def demo_content(transactional_db):
    """The demo home page in Vietnamese with its H'Mông and Khmer versions.

    The UI catalogs must be compiled first (`make test` runs compile_catalogs).
    """
    call_command("load_demo_content", verbosity=0)


@pytest.fixture
def hmong_versions(demo_content):
    """H'Mông versions of the demo contest and leaflet, standing in for a translator's work
    (the demo itself publishes Vietnamese only): flagged versions made with the sample
    helper, an H'Mông text for each question and an H'Mông file of the leaflet."""
    from wagtail.models import Locale

    from contests.models import ContestIndexPage, ContestPage, Question
    from locales.samples import create_sample_translation, sample_mark
    from materials.demo import make_pdf
    from materials.models import MaterialFile, MaterialIndexPage, MaterialPage
    from tests.materials.factories import make_document

    hmong = Locale.objects.get(language_code="hmn")
    mark = sample_mark("hmn")
    library = MaterialIndexPage.objects.get(locale__language_code="vi")
    leaflet = MaterialPage.objects.get(locale=library.locale, slug="canh-giac-loi-moi-viec-lam")
    leaflet.files.add(
        MaterialFile(
            language="hmn",
            document=make_document(
                f"{mark} {leaflet.title}",
                make_pdf(["Cảnh giác"], mark=mark),
                "canh-giac-loi-moi-viec-lam-hmn.pdf",
            ),
        )
    )
    leaflet.save_revision().publish()
    for page in (
        library,
        leaflet,
        ContestIndexPage.objects.get(locale__language_code="vi"),
        ContestPage.objects.get(locale__language_code="vi"),
    ):
        create_sample_translation(page, hmong)
    for question in Question.objects.all():
        vi = question.texts["vi"]
        question.texts = {**question.texts, "hmn": {**vi, "text": f"{mark} {vi['text']}"}}
        question.save(update_fields=["texts"])
