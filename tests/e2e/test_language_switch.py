"""A reader on a low-end phone reads the home page and switches language, in real Chromium."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.e2e,
    # serialized_rollback: the live server needs committed data, and the flush after a
    # transactional test would otherwise also remove Wagtail's root page for later tests.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def assert_stylesheets_loaded(page):
    sheets = page.evaluate(
        """() => Array.from(document.querySelectorAll('link[rel="stylesheet"]')).map(
            (link) => ({href: link.href, rules: link.sheet ? link.sheet.cssRules.length : -1}))"""
    )
    assert sheets, "the page links no stylesheet"
    for sheet in sheets:
        assert sheet["rules"] > 0, f"stylesheet did not load: {sheet['href']}"


def test_reader_on_a_phone_switches_the_home_page_from_vietnamese_to_hmong(
    live_server, demo_content, phone_page, screenshots_dir
):
    page = phone_page
    page.goto(f"{live_server.url}/vi/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    assert_stylesheets_loaded(page)
    page.screenshot(path=screenshots_dir / "home-vi-360.png", full_page=True)

    switcher = page.locator("nav.language-switcher")
    expect(switcher).to_have_attribute("aria-label", re.compile(r"\S"))
    for code, _name in settings.LANGUAGES:
        expect(switcher.locator(f'a[hreflang="{code}"]')).to_have_attribute("lang", code)
    expect(switcher.locator('a[aria-current="true"]')).to_have_attribute("hreflang", "vi")

    switcher.locator('a[hreflang="hmn"]').click()

    page.wait_for_selector('html[lang="hmn"]', state="attached")
    expect(page).to_have_url(re.compile(r"/hmn/"))
    expect(switcher.locator('a[aria-current="true"]')).to_have_attribute("hreflang", "hmn")
    assert_stylesheets_loaded(page)
    page.screenshot(path=screenshots_dir / "home-hmn-360.png", full_page=True)
    page.problems.assert_none()


def test_first_visit_lands_on_the_language_the_phone_asks_for(
    live_server, demo_content, open_phone_page
):
    page = open_phone_page(locale="hmn")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/hmn/$"))
    expect(page.locator("html")).to_have_attribute("lang", "hmn")
    page.problems.assert_none()
