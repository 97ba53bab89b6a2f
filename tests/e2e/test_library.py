"""A student on a cheap phone filters the library, opens a leaflet and downloads its PDF."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from materials.models import DownloadCount, MaterialPage
from tests.materials.plausible_server import RecordingPlausible

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def plausible(settings):
    """A recording Plausible on 127.0.0.1, allowed by the page's CSP like a configured one."""
    with RecordingPlausible() as server:
        settings.PLAUSIBLE_HOST = server.url
        settings.PLAUSIBLE_DOMAIN = "tuyentruyen.example.vn"
        settings.SECURE_CSP = {
            **settings.SECURE_CSP,
            "script-src": [*settings.SECURE_CSP["script-src"], server.url],
            "connect-src": [*settings.SECURE_CSP["connect-src"], server.url],
        }
        yield server


def test_student_filters_leaflet_students_hmong_opens_it_and_downloads_the_pdf(
    live_server, demo_content, hmong_versions, plausible, phone_page, screenshots_dir, tmp_path
):
    page = phone_page
    page.goto(f"{live_server.url}/vi/tai-lieu/")
    expect(page.locator("h1")).to_have_text("Thư viện tài liệu")
    expect(page.locator(".material")).to_have_count(3)

    page.get_by_label("Loại tài liệu").select_option(label="Tờ rơi")
    page.get_by_label("Dành cho").select_option(label="Học sinh, sinh viên")
    page.get_by_label("Ngôn ngữ", exact=True).select_option(label="Hmoob (tiếng H'Mông)")
    page.get_by_role("button", name="Lọc").click()

    expect(page).to_have_url(re.compile(r"type=leaflet.*audience=students.*language=hmn"))
    results = page.locator(".material")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Cảnh giác trước lời mời việc làm lương cao")
    expect(results.first).to_contain_text("Hmoob")
    page.screenshot(path=screenshots_dir / "library-filtered-360.png", full_page=True)

    results.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/hmn/tai-lieu/canh-giac-loi-moi-viec-lam/$"))
    expect(page.locator("html")).to_have_attribute("lang", "hmn")
    expect(page.locator(".versions")).to_contain_text("Tiếng Việt")
    expect(page.locator(".versions")).to_contain_text("Hmoob")
    button = page.locator("a.download").first
    expect(button).to_contain_text("PDF")
    page.screenshot(path=screenshots_dir / "material-hmn-360.png", full_page=True)

    with page.expect_download() as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename.endswith("-hmn.pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

    leaflet = MaterialPage.objects.get(
        locale__language_code="vi", slug="canh-giac-loi-moi-viec-lam"
    )
    counted = DownloadCount.objects.get(material=leaflet, day=timezone.localdate())
    assert (counted.language, counted.count) == ("hmn", 1)
    [event] = plausible.wait_for(1)
    assert event["body"]["name"] == "Download"
    assert event["body"]["props"] == {"material": leaflet.title, "language": "hmn"}
    assert "Android" in event["user_agent"]
    page.problems.assert_none()
