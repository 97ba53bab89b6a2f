"""An officer types a Vietnamese title in the page editor and sees a readable slug."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from materials.models import MaterialIndexPage

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Sa Pa: học sinh trường dân tộc nội trú thảo luận về lời mời việc làm lạ"
SLUG = "sa-pa-hoc-sinh-truong-dan-toc-noi-tru-thao-luan-ve-loi-moi-viec-lam-la"


def test_typing_a_vietnamese_title_in_the_editor_gives_a_transliterated_slug(
    live_server, demo_content, browser, screenshots_dir
):
    officer = get_user_model().objects.create_superuser("bientap", "bientap@example.org", "x")
    client = Client()
    client.force_login(officer)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    library = MaterialIndexPage.objects.get(locale__language_code="vi")
    page.goto(f"{live_server.url}/admin/pages/add/materials/materialpage/{library.pk}/")

    title = page.locator("#id_title")
    title.press_sequentially(TITLE)
    title.blur()

    expect(page.locator("#id_slug")).to_have_value(SLUG)
    page.screenshot(path=screenshots_dir / "editor-slug.png")

    # A slug typed by hand with marks is transliterated when the officer leaves the field.
    slug = page.locator("#id_slug")
    slug.evaluate("element => { element.value = 'Đường dây nóng'; }")
    slug.dispatch_event("blur")
    expect(slug).to_have_value("duong-day-nong")
    context.close()
