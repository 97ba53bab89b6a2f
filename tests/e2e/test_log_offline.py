"""A volunteer on a phone logs sessions on /log/ in real Chromium, online and then offline.

The browser context goes offline with Playwright's network emulation; the page must
keep the record (with its photo) on the device, show it as queued, and send it once
the network is back. The server must then hold each record exactly once.
"""

import io
import re
import time

import pytest
from playwright.sync_api import expect

from events.models import Session, SessionPhoto
from places.models import Role
from tests.events.factories import BaselineFactory, VenueFactory

pytestmark = [
    pytest.mark.e2e,
    # serialized_rollback: the live server needs committed data, and the flush after a
    # transactional test would otherwise also remove Wagtail's root page for later tests.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery"  # tests.places.factories.UserFactory's
DEADLINE_S = 30
# Requests the page makes while the context is offline fail on purpose.
OFFLINE_FAILURE = "ERR_INTERNET_DISCONNECTED"


def photo_file(directory, name, color):
    """A small JPEG as a phone camera makes it, GPS position included."""
    from PIL import Image

    image = Image.new("RGB", (1200, 900), color)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (21.0, 49.0, 0.0), 3: "E", 4: (105.0, 51.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    path = directory / name
    path.write_bytes(buffer.getvalue())
    return path


def wait_until(condition, message):
    """Poll the database (or anything) until ``condition()`` holds, or fail at the deadline."""
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(message)
        time.sleep(0.1)  # a poll interval, not a wait for something to happen


@pytest.fixture
def volunteer(tree, member):
    return member(tree.thuong_lam, Role.VOLUNTEER, username="tnv_thuonglam", first_name="Lan")


@pytest.fixture
def school(tree):
    venue = VenueFactory(code="THPT-LB", name="Trường THPT Lâm Bình", org_unit=tree.thuong_lam)
    BaselineFactory(venue=venue, year=2025, total=600)
    VenueFactory(code="THCS-TL", name="Trường THCS Thượng Lâm", org_unit=tree.thuong_lam)
    return venue


def log_in(page, base_url):
    page.goto(f"{base_url}/vi/log/new/")
    expect(page).to_have_url(re.compile(r"/vi/log/login/\?next="))
    page.fill("#id_username", "tnv_thuonglam")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/vi/log/new/$"))


def wait_for_offline_shell(page):
    """The service worker controls the page and keeps the form for offline use."""
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    page.wait_for_function(
        """() => caches.keys().then((names) => Promise.all(names.map((name) =>
            caches.open(name).then((cache) => cache.match('/vi/log/new/', {ignoreVary: true})))))
            .then((found) => found.some(Boolean))"""
    )


def fill_session(page, cohort, photo):
    page.fill("#venue-input", "lam binh")
    option = page.locator("#venue-options [role=option]", has_text="Trường THPT Lâm Bình")
    option.click()
    expect(page.locator("#venue-chosen")).to_contain_text("Xã Thượng Lâm")
    page.select_option("#id_form", "talk")
    page.select_option("#id_audience", "students")
    page.fill("#id_cohort", cohort)
    page.fill("#id_participants", "40")
    page.fill("#id_female", "22")
    page.fill("#id_ethnic_minority", "5")
    page.fill("#id_under_18", "40")
    page.select_option("#id_organizer", "youth_union")
    page.set_input_files("#id_photos", str(photo))
    expect(page.locator("#photo-previews img")).to_have_count(1)


def test_a_volunteer_logs_a_session_with_a_photo_then_one_offline_and_both_arrive_once(
    live_server, volunteer, school, phone_page, screenshots_dir, tmp_path
):
    page = phone_page
    context = page.context
    log_in(page, live_server.url)
    wait_for_offline_shell(page)

    # Online: the record goes straight to the server and the page shows it.
    fill_session(page, "10A1", photo_file(tmp_path, "buoi-1.jpg", (200, 80, 40)))
    page.screenshot(path=screenshots_dir / "log-form-360.png", full_page=True)
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page).to_have_url(re.compile(r"/vi/log/\d+/\?saved=1$"))
    expect(page.locator(".flash")).to_contain_text("Đã ghi buổi tuyên truyền và gửi duyệt.")
    expect(page.locator(".badge")).to_have_text("Chờ duyệt")
    assert Session.objects.count() == 1

    # Offline: the second record waits on the phone, photo and all.
    page.goto(f"{live_server.url}/vi/log/new/")
    context.set_offline(True)
    fill_session(page, "10A2", photo_file(tmp_path, "buoi-2.jpg", (40, 80, 200)))
    page.get_by_role("button", name="Gửi duyệt").click()
    queue = page.locator("#queue-status")
    expect(queue).to_be_visible()
    expect(queue).to_have_attribute("data-queue-count", "1")
    expect(queue).to_contain_text("Đang chờ mạng – sẽ tự gửi khi có sóng")
    expect(page.locator("#form-notice")).to_contain_text("Đã lưu trên máy.")
    expect(page.locator("#offline-note")).to_be_visible()
    page.screenshot(path=screenshots_dir / "log-queued-offline-360.png", full_page=True)

    # The offline emulation reaches the service worker too: its own fetches fail.
    answer = page.evaluate("fetch('/vi/log/venues/?q=zzz').then((r) => r.json())")
    assert answer == {"query": "", "venues": [], "offline": True}

    # Still offline, the list opens from the service worker and shows the queued record.
    page.goto(f"{live_server.url}/vi/log/")
    expect(page.locator("#device-queue-list .record")).to_have_count(1)
    expect(page.locator("#device-queue-list")).to_contain_text("10A2")
    expect(page.locator("#stale-note")).to_be_visible()
    # The copy kept for offline use was refreshed after the first send.
    expect(page.locator("#server-records .record")).to_have_count(1)
    page.screenshot(path=screenshots_dir / "log-list-offline-360.png", full_page=True)
    assert Session.objects.count() == 1

    # Back online: the queue empties by itself, and the server holds each record once.
    context.set_offline(False)
    expect(queue).to_have_attribute("data-queue-count", "0", timeout=DEADLINE_S * 1000)
    expect(page.locator("#form-notice")).to_contain_text("Đã gửi 1 bản ghi đang chờ.")
    wait_until(lambda: Session.objects.count() == 2, "the queued record never reached the server")
    sessions = list(Session.objects.order_by("created_at"))
    assert [s.cohort for s in sessions] == ["10A1", "10A2"]
    assert len({s.client_id for s in sessions}) == 2
    assert all(s.created_by == volunteer for s in sessions)
    assert all(s.status == "submitted" for s in sessions)
    for session in sessions:
        photo = SessionPhoto.objects.get(session=session)
        assert max(photo.width, photo.height) <= 1600  # shrunk on the phone
        assert photo.image.storage.exists(photo.image.name)

    page.reload()
    expect(page.locator("#server-records .record")).to_have_count(2)
    page.screenshot(path=screenshots_dir / "log-list-synced-360.png", full_page=True)
    problems = [p for p in page.problems.failures if OFFLINE_FAILURE not in p]
    assert not problems, "\n".join(problems)


def test_once_a_record_kept_on_the_phone_is_sent_the_page_says_so_instead_of_saved(
    live_server, volunteer, school, phone_page, screenshots_dir, tmp_path
):
    page = phone_page
    log_in(page, live_server.url)
    wait_for_offline_shell(page)
    page.context.set_offline(True)
    fill_session(page, "10A3", photo_file(tmp_path, "buoi-3.jpg", (120, 40, 90)))
    page.get_by_role("button", name="Gửi duyệt").click()
    notice = page.locator("#form-notice")
    expect(notice).to_contain_text("Đã lưu trên máy.")
    # The volunteer starts the next record while the network comes back.
    page.fill("#id_cohort", "10A4")
    page.context.set_offline(False)

    expect(notice).to_contain_text("Đã gửi 1 bản ghi đang chờ.", timeout=DEADLINE_S * 1000)
    expect(notice).not_to_contain_text("Đã lưu trên máy")
    expect(page.locator("#id_cohort")).to_have_value("10A4")  # nothing typed was lost
    wait_until(lambda: Session.objects.count() == 1, "the kept record never reached the server")
    page.screenshot(path=screenshots_dir / "log-sent-after-offline-360.png", full_page=True)
    notice.get_by_role("link", name="Xem danh sách bản ghi").click()
    expect(page).to_have_url(re.compile(r"/vi/log/$"))
    expect(page.locator("#server-records .record")).to_have_count(1)
    expect(page.locator("#server-records")).to_contain_text("10A3")
    expect(page.locator("#device-queue")).to_be_hidden()


def test_the_demo_volunteer_finds_the_venues_of_her_commune_on_the_phone(
    live_server, tree, roles, phone_page, settings
):
    from events.demo import load_demo_volunteer

    load_demo_volunteer()
    username, password = (settings.VAR_DIR / "volunteer-login.txt").read_text().split("\n")[:2]
    page = phone_page
    page.goto(f"{live_server.url}/vi/log/new/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/vi/log/new/$"))
    expect(page.locator(".who")).to_have_text("Vàng Thị Mai")
    page.fill("#venue-input", "thon")
    options = page.locator("#venue-options [role=option]")
    expect(options).to_have_count(2)
    options.filter(has_text="Thôn Nà Khà").click()
    expect(page.locator("#venue-chosen")).to_contain_text("Xã Thượng Lâm")
    page.problems.assert_none()


def test_a_refusal_is_shown_next_to_its_field_and_takes_the_focus(
    live_server, volunteer, school, phone_page, screenshots_dir
):
    page = phone_page
    log_in(page, live_server.url)
    page.fill("#venue-input", "thcs thuong")
    page.locator("#venue-options [role=option]", has_text="Trường THCS Thượng Lâm").click()
    page.select_option("#id_form", "talk")
    page.select_option("#id_audience", "students")
    page.fill("#id_participants", "40")
    page.fill("#id_female", "45")
    page.select_option("#id_organizer", "youth_union")
    page.get_by_role("button", name="Gửi duyệt").click()

    female = page.locator("#id_female")
    expect(female).to_be_focused()
    expect(female).to_have_attribute("aria-invalid", "true")
    expect(female).to_have_attribute("aria-describedby", "err-female")
    expect(page.locator("#err-female")).to_have_text("Không được lớn hơn số người tham dự.")
    expect(page.locator("#error-summary")).to_contain_text("Không được lớn hơn số người tham dự.")
    page.screenshot(path=screenshots_dir / "log-refusal-360.png", full_page=True)
    assert Session.objects.count() == 0
    page.problems.assert_none()


def test_more_people_than_the_venue_holds_must_be_confirmed_on_the_phone(
    live_server, volunteer, school, phone_page
):
    page = phone_page
    log_in(page, live_server.url)
    page.fill("#venue-input", "lam binh")
    page.locator("#venue-options [role=option]", has_text="Trường THPT Lâm Bình").click()
    page.select_option("#id_form", "talk")
    page.select_option("#id_audience", "students")
    page.fill("#id_participants", "700")
    page.select_option("#id_organizer", "youth_union")
    page.get_by_role("button", name="Gửi duyệt").click()

    warning = page.locator("#f-above_baseline")
    expect(warning).to_contain_text("nhiều hơn quy mô của Trường THPT Lâm Bình")
    confirm = warning.get_by_role("checkbox")
    expect(confirm).to_be_focused()
    assert Session.objects.count() == 0
    confirm.check()
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page).to_have_url(re.compile(r"/vi/log/\d+/\?saved=1$"))
    assert Session.objects.get().above_baseline_confirmed
    page.problems.assert_none()


def test_a_queued_record_the_server_refuses_stays_on_the_phone_until_fixed(
    live_server, volunteer, school, phone_page, screenshots_dir, tmp_path
):
    page = phone_page
    context = page.context
    log_in(page, live_server.url)
    wait_for_offline_shell(page)
    fill_session(page, "10A1", photo_file(tmp_path, "buoi-1.jpg", (200, 80, 40)))
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page).to_have_url(re.compile(r"/vi/log/\d+/\?saved=1$"))

    # Offline, the same class at the same school on the same day: only the server can tell.
    page.goto(f"{live_server.url}/vi/log/new/")
    context.set_offline(True)
    fill_session(page, "10A1", photo_file(tmp_path, "buoi-2.jpg", (40, 80, 200)))
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.locator("#queue-status")).to_have_attribute("data-queue-count", "1")
    page.goto(f"{live_server.url}/vi/log/")
    context.set_offline(False)

    # Back online the server flags a likely duplicate: the record stays, marked for a fix.
    stuck = page.locator("#device-queue-list .record")
    expect(stuck).to_contain_text("Cần sửa trước khi gửi", timeout=DEADLINE_S * 1000)
    expect(stuck).to_contain_text("Có thể buổi này đã được ghi")
    expect(page.locator("#queue-status")).to_have_attribute("data-queue-count", "1")
    page.screenshot(path=screenshots_dir / "log-queue-needs-fix-360.png", full_page=True)
    assert Session.objects.count() == 1

    # The volunteer opens it: the form comes back filled, photo included, with the question.
    stuck.locator(".record-link").click()
    expect(page.locator("#id_cohort")).to_have_value("10A1")
    expect(page.locator("#venue-input")).to_have_value("Trường THPT Lâm Bình")
    expect(page.locator("#photo-previews img")).to_have_count(1)
    duplicate = page.locator("#f-duplicate")
    expect(duplicate).to_be_visible()
    expect(duplicate.locator("#duplicate-list li")).to_have_count(1)
    duplicate.get_by_role("checkbox").check()
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page).to_have_url(re.compile(r"/vi/log/\d+/\?saved=1$"))
    assert Session.objects.count() == 2
    assert SessionPhoto.objects.count() == 2
    page.goto(f"{live_server.url}/vi/log/")
    expect(page.locator("#queue-status")).to_have_attribute("data-queue-count", "0")
    expect(page.locator("#device-queue")).to_be_hidden()


def test_the_author_fixes_a_returned_record_on_the_phone(
    live_server, volunteer, school, phone_page, tmp_path
):
    from events.models import Status
    from tests.events.factories import SessionFactory

    returned = SessionFactory(
        venue=school,
        created_by=volunteer,
        status=Status.RETURNED,
        return_reason="Số nữ chưa khớp danh sách lớp",
        female=30,
    )
    page = phone_page
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/vi/log/{returned.pk}/")
    expect(page.locator(".notice")).to_contain_text("Số nữ chưa khớp danh sách lớp")
    page.get_by_role("link", name="Sửa").click()
    expect(page.locator("#venue-input")).to_have_value("Trường THPT Lâm Bình")
    page.fill("#id_female", "18")
    page.set_input_files("#id_photos", str(photo_file(tmp_path, "danh-sach.jpg", (90, 90, 90))))
    expect(page.locator("#photo-previews img")).to_have_count(1)
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page).to_have_url(re.compile(rf"/vi/log/{returned.pk}/\?saved=1$"))
    expect(page.locator(".badge")).to_have_text("Chờ duyệt")
    returned.refresh_from_db()
    assert (returned.female, returned.status) == (18, Status.SUBMITTED)
    assert returned.photos.count() == 1
    page.problems.assert_none()


def test_a_loudspeaker_broadcast_for_the_commune_is_drafted_then_sent_for_review(
    live_server, volunteer, school, tree, phone_page
):
    page = phone_page
    log_in(page, live_server.url)
    commune = page.locator("#f-org_unit")
    expect(commune).to_be_hidden()
    page.select_option("#id_form", "loudspeaker")
    expect(commune).to_be_visible()  # a broadcast reaches the commune, not one venue
    expect(page.locator("#id_org_unit")).to_have_value(str(tree.thuong_lam.pk))
    page.select_option("#id_audience", "community")
    page.fill("#id_participants", "1200")
    page.select_option("#id_organizer", "womens_union")
    page.fill("#id_material_description_0", "Bài phát thanh phòng, chống mại dâm")
    page.fill("#id_material_quantity_0", "3")
    expect(page.locator("#id_material_description_1")).to_be_hidden()
    page.get_by_role("button", name="Thêm tài liệu").click()
    expect(page.locator("#id_material_description_1")).to_be_focused()
    page.fill("#id_material_description_1", "Tờ rơi")
    page.fill("#id_material_quantity_1", "200")
    page.get_by_role("button", name="Lưu nháp").click()

    expect(page).to_have_url(re.compile(r"/vi/log/\d+/\?saved=1$"))
    expect(page.locator(".badge")).to_have_text("Nháp")
    session = Session.objects.get()
    assert (session.venue, session.org_unit, session.status) == (None, tree.thuong_lam, "draft")
    assert sorted(session.materials_handed_out.values_list("quantity", flat=True)) == [3, 200]

    page.locator(".actions").get_by_role("button", name="Gửi duyệt").click()
    expect(page.locator(".badge")).to_have_text("Chờ duyệt")
    session.refresh_from_db()
    assert session.status == "submitted"

    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/vi/log/login/$"))
    # The offline copies of this person's pages left with the session (static files may stay).
    kept = page.evaluate(
        """() => Promise.all(['/vi/log/', '/vi/log/new/'].map((url) =>
            caches.match(url, {ignoreVary: true}))).then((found) => found.filter(Boolean).length)"""
    )
    assert kept == 0
    page.problems.assert_none()


def test_a_volunteer_removes_a_record_queued_on_the_phone_and_it_is_never_sent(
    live_server, volunteer, school, phone_page, tmp_path
):
    page = phone_page
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server.url)
    wait_for_offline_shell(page)
    page.context.set_offline(True)
    fill_session(page, "Lớp nhầm", photo_file(tmp_path, "nham.jpg", (10, 10, 10)))
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("#queue-status")).to_have_attribute("data-queue-count", "1")
    page.goto(f"{live_server.url}/vi/log/")
    page.locator("#device-queue-list").get_by_role("button", name="Xoá khỏi máy").click()
    expect(page.locator("#device-queue")).to_be_hidden()
    expect(page.locator("#queue-status")).to_be_hidden()
    page.context.set_offline(False)
    page.reload()
    expect(page.locator("#queue-status")).to_have_attribute("data-queue-count", "0")
    assert Session.objects.count() == 0
