"""A reader on a 360 px phone types a search in the library without marks and finds a leaflet."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_reader_typing_without_marks_finds_the_leaflet_in_the_library(
    live_server, demo_content, phone_page, screenshots_dir
):
    page = phone_page
    page.goto(f"{live_server.url}/vi/tai-lieu/")
    assert page.viewport_size["width"] == 360

    page.get_by_label("Tìm trong thư viện").fill("phong chong mua ban nguoi")
    page.get_by_role("button", name="Lọc").click()

    results = page.locator(".material")
    expect(results.first).to_contain_text("Cảnh giác trước lời mời việc làm lương cao")
    expect(results.first).to_contain_text("Tờ rơi")
    page.screenshot(path=screenshots_dir / "library-search-no-marks-360.png", full_page=True)
    page.problems.assert_none()
