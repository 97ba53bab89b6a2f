"""On a 360 px phone: a minority-language home page is honest about what it has, a page is
offered only in the languages it exists in, and Khmer renders in the self-hosted font."""

import re

import pytest
from playwright.sync_api import expect

from materials.models import MaterialIndexPage

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_hmong_reader_is_told_more_is_in_vietnamese_and_never_sees_a_sample_copy(
    live_server, demo_content, phone_page, screenshots_dir
):
    page = phone_page
    page.goto(f"{live_server.url}/hmn/")
    line = page.locator("p.more-in-vietnamese")
    expect(line).to_be_visible()
    expect(line).to_have_attribute("lang", re.compile(r"^(hmn|vi)$"))
    expect(page.locator("body")).not_to_contain_text("Bản mẫu")
    page.screenshot(path=screenshots_dir / "home-hmn-honest-360.png", full_page=True)

    # The library exists in Vietnamese only: the menu says so, and its page offers no other
    # language to switch to.
    library = MaterialIndexPage.objects.get(locale__language_code="vi")
    link = page.locator(f'nav.main-menu a[href="{library.url}"]')
    expect(link).to_have_attribute("lang", "vi")
    link.click()
    expect(page).to_have_url(re.compile(re.escape(library.url) + "$"))
    expect(page.locator('nav.language-switcher a[hreflang="hmn"]')).to_have_count(0)
    page.problems.assert_none()


def test_khmer_text_renders_in_the_self_hosted_noto_sans_khmer(
    live_server, demo_content, phone_page, screenshots_dir
):
    page = phone_page
    fonts = []
    page.on("response", lambda r: fonts.append((r.url, r.status)) if ".woff2" in r.url else None)
    page.goto(f"{live_server.url}/km/")
    expect(page.locator("html")).to_have_attribute("lang", "km")
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    assert page.evaluate(
        """() => [...document.fonts].some((f) =>
            f.family.replace(/"/g, '') === 'Noto Sans Khmer' && f.status === 'loaded')"""
    )
    assert any("noto-sans-khmer" in url and status == 200 for url, status in fonts), fonts
    page.screenshot(path=screenshots_dir / "home-km-360.png", full_page=True)
    page.problems.assert_none()
