"""An officer works in the admin in real Chromium and meets Vietnamese, not English, both in
the server's pages and in what the admin's JavaScript draws (sidebar, editor)."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Page

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ENGLISH = ["Save draft", "Images", "Documents", "Snippets", "Dashboard", "Pages", "Reports"]


def test_an_officer_edits_the_home_page_in_a_vietnamese_admin(
    live_server, demo_content, browser, screenshots_dir
):
    get_user_model().objects.create_superuser("canbo", "canbo@example.org", "mat-khau-dai-1")
    home = Page.objects.get(depth=2, locale__language_code="vi")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "canbo")
    page.fill("input[name=password]", "mat-khau-dai-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")
    page.get_by_text("Lưu bản nháp").first.wait_for()
    # The sidebar is drawn by the admin's JavaScript from its own catalog.
    page.wait_for_function(
        "document.querySelector('#wagtail-sidebar').innerText.includes('Tài liệu')"
    )
    page.screenshot(path=screenshots_dir / "admin-edit-vi.png")
    text = page.locator("body").inner_text()
    for english in ENGLISH:
        assert english not in text, english
    assert "Ảnh" in text and "Tài liệu" in text

    page.goto(f"{live_server.url}/admin/translations/")
    page.get_by_role("columnheader", name="Chuỗi giao diện đã dịch").wait_for()
    page.screenshot(path=screenshots_dir / "admin-translation-status.png", full_page=True)
    assert page.locator("tr[data-language]").count() == len(settings.LANGUAGES)
    context.close()
