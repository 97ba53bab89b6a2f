"""A reader on a 360 px phone reaches every public section from the menu and the footer,
in every language, and the browser finds the site's icon."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_reader_on_a_phone_reaches_the_five_sections_from_the_menu_in_every_language(
    live_server, demo_content, phone_page, screenshots_dir
):
    page = phone_page
    for code, _name in settings.LANGUAGES:
        page.goto(f"{live_server.url}/{code}/")
        menu = page.locator("nav.main-menu a")
        footer = page.locator("nav.footer-menu a")
        assert menu.count() >= 5 and footer.count() >= 5
        hrefs = [menu.nth(i).get_attribute("href") for i in range(5)]
        assert hrefs == [footer.nth(i).get_attribute("href") for i in range(5)]
        if code == settings.LANGUAGE_CODE:
            page.screenshot(path=screenshots_dir / "menu-vi-360.png", full_page=True)
        for index, href in enumerate(hrefs):
            page.goto(f"{live_server.url}/{code}/")
            link = page.locator("nav.main-menu a").nth(index)
            expect(link).to_be_visible()
            link.click()
            expect(page).to_have_url(re.compile(re.escape(href) + "$"))
            expect(page.locator("main h1")).to_be_visible()
        # The indicators page is a view: it exists in the reader's language.
        assert hrefs[4] == f"/{code}/chi-tieu/"
    page.problems.assert_none()


def test_the_browser_finds_the_favicon_at_the_sites_root(live_server, phone_page):
    response = phone_page.goto(f"{live_server.url}/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
