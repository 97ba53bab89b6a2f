"""The /log/ pages as a volunteer sees them: list, detail, form, venue search, login, app files."""

import datetime
import gzip
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from events import photos, services
from events.models import Session, Status
from tests.events.factories import BaselineFactory, SessionFactory, VenueFactory
from tests.events.test_log_submit import jpeg_with_gps, session_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def back_to_vietnamese():
    """A request under /hmn/ leaves H'Mông active in this thread; later reverse() calls want vi."""
    yield
    translation.deactivate()


@pytest.fixture
def volunteer_client(client, people):
    client.force_login(people.volunteer_a)
    return client


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- The list -----------------------------------------------------------------------------


def test_the_list_shows_each_status_in_words_and_the_return_reason(
    volunteer_client, people, venues
):
    for status, cohort in [
        (Status.DRAFT, "6A"),
        (Status.SUBMITTED, "7A"),
        (Status.APPROVED, "8A"),
        (Status.RETURNED, "9A"),
    ]:
        SessionFactory(
            venue=venues.school_a,
            created_by=people.volunteer_a,
            status=status,
            cohort=cohort,
            return_reason="Số nữ chưa khớp danh sách" if status == Status.RETURNED else "",
        )
    html = html_of(volunteer_client.get(reverse("log:list")))
    for word in ("Nháp", "Chờ duyệt", "Đã duyệt", "Trả lại"):
        assert f">{word}</span>" in html
    assert "Lý do trả lại:</strong> Số nữ chưa khớp danh sách" in html


def test_the_list_shows_only_the_volunteers_own_records_newest_first(
    volunteer_client, people, venues
):
    SessionFactory(
        venue=venues.school_a, created_by=people.volunteer_a, cohort="cu", date="2025-01-02"
    )
    SessionFactory(
        venue=venues.school_a, created_by=people.volunteer_a, cohort="moi", date="2025-05-06"
    )
    SessionFactory(venue=venues.school_a, created_by=people.volunteer_a2, cohort="cua-ban")
    html = html_of(volunteer_client.get(reverse("log:list")))
    assert html.index("06/05/2025") < html.index("02/01/2025")
    assert "cua-ban" not in html


def test_only_open_records_offer_an_edit_link_in_the_list(volunteer_client, people, venues):
    draft = SessionFactory(venue=venues.school_a, created_by=people.volunteer_a, status="draft")
    approved = SessionFactory(
        venue=venues.school_a, created_by=people.volunteer_a, status="approved"
    )
    html = html_of(volunteer_client.get(reverse("log:list")))
    assert reverse("log:edit", args=[draft.pk]) in html
    assert reverse("log:edit", args=[approved.pk]) not in html


def test_the_list_is_paginated_in_a_bounded_number_of_queries(
    volunteer_client, people, venues, tree, django_assert_max_num_queries
):
    for day in range(1, 26):
        SessionFactory(
            venue=venues.school_a, created_by=people.volunteer_a, date=datetime.date(2025, 4, day)
        )
    SessionFactory(venue=None, org_unit=tree.thuong_lam, created_by=people.volunteer_a)
    with django_assert_max_num_queries(7):
        first = html_of(volunteer_client.get(reverse("log:list")))
    assert first.count('class="record"') == 20
    assert "Trang 1/2" in first
    second = html_of(volunteer_client.get(reverse("log:list"), {"page": 2}))
    assert second.count('class="record"') == 6


def test_the_list_has_a_place_for_the_records_queued_on_the_device(volunteer_client):
    html = html_of(volunteer_client.get(reverse("log:list")))
    assert 'id="device-queue"' in html
    assert 'id="queue-status"' in html
    assert "Ghi buổi mới" in html


# --- The detail -----------------------------------------------------------------------------


def test_the_detail_shows_status_reason_photos_and_the_audit_trail(
    volunteer_client, people, venues, django_assert_max_num_queries
):
    session, _created = services.record_session(
        people.volunteer_a,
        services.SessionInput(
            date=datetime.date(2025, 3, 14),
            venue=venues.school_a,
            form="talk",
            audience="students",
            cohort="10A1",
            participants=40,
            female=20,
            languages=["vi", "hmn"],
            organizer="youth_union",
            materials=[("Tờ rơi", 40)],
        ),
    )
    photos.add_photo(session, jpeg_with_gps())
    services.return_to_author(people.reviewer_a, [session], "Thiếu danh sách lớp")
    with django_assert_max_num_queries(9):
        html = html_of(volunteer_client.get(reverse("log:detail", args=[session.pk])))
    assert ">Trả lại</span>" in html
    assert "Thiếu danh sách lớp" in html
    assert reverse("log:thumbnail", args=[session.photos.get().pk]) in html
    assert "Tờ rơi: 40" in html
    assert '<span lang="hmn">(Hmoob)</span>' in html
    for action in ("Tạo", "Gửi duyệt", "Trả lại"):
        assert f"· {action}" in html
    assert "duyet_tuyenquang" in html
    assert reverse("log:edit", args=[session.pk]) in html


def test_the_detail_of_an_approved_record_says_it_is_locked(volunteer_client, people, venues):
    approved = SessionFactory(
        venue=venues.school_a, created_by=people.volunteer_a, status="approved"
    )
    html = html_of(volunteer_client.get(reverse("log:detail", args=[approved.pk])))
    assert "Bản ghi đã duyệt được khoá." in html
    assert reverse("log:edit", args=[approved.pk]) not in html


# --- The form ----------------------------------------------------------------------------------


def test_the_new_form_labels_every_field(volunteer_client):
    html = html_of(volunteer_client.get(reverse("log:new")))
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)
    hidden = set(re.findall(r'<input[^>]*type="hidden"[^>]*id="([^"]+)"', html))
    for control in set(ids) - hidden - {"venue-input"}:
        assert f'for="{control}"' in html, control
    assert 'aria-labelledby="venue-label"' in html  # the combobox's list; its input takes the label


def test_the_new_form_defaults_to_today_and_vietnamese(volunteer_client):
    html = html_of(volunteer_client.get(reverse("log:new")))
    today = datetime.date.today().isoformat()
    assert f'name="date" type="date" required max="{today}" value="{today}"' in html
    assert 'value="vi" checked' in html
    assert re.search(r'name="client_id" value="[0-9a-f-]{36}"', html)


def test_the_form_offers_every_known_session_language_marked_with_its_language(volunteer_client):
    html = html_of(volunteer_client.get(reverse("log:new")))
    assert 'value="hmn"' in html and '<span lang="hmn">(Hmoob)</span>' in html
    assert 'value="rad"' in html and '<span lang="rad">(Êđê)</span>' in html


def test_the_log_pages_have_no_inline_script_or_style(volunteer_client, people, venues):
    session = SessionFactory(venue=venues.school_a, created_by=people.volunteer_a, status="draft")
    for url in (
        reverse("log:list"),
        reverse("log:new"),
        reverse("log:detail", args=[session.pk]),
        reverse("log:edit", args=[session.pk]),
    ):
        response = volunteer_client.get(url)
        html = html_of(response)
        assert "'nonce-" not in response["Content-Security-Policy"]
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert 'type="application/json"' in tag or ("src=" in tag and "nonce=" not in tag)
        assert " style=" not in html
        assert "<style" not in html


def test_the_form_carries_the_scripts_strings_translated(volunteer_client):
    html = html_of(volunteer_client.get(reverse("log:new")))
    raw = re.search(r'<script id="log-config" type="application/json">(.*?)</script>', html, re.S)
    config = json.loads(raw.group(1))
    assert config["t"]["queued"] == "Đang chờ mạng – sẽ tự gửi khi có sóng"
    assert config["urls"]["submit"] == reverse("log:submit")
    assert sorted(config["communeWide"]) == ["leaflet_distribution", "loudspeaker", "poster_banner"]


def test_the_form_without_javascript_finds_venues_by_name_without_diacritics(
    volunteer_client, tree, people
):
    VenueFactory(name="Trường THCS Thượng Lâm", org_unit=tree.thuong_lam)
    VenueFactory(name="Khu công nghiệp Lâm Bình", org_unit=tree.thuong_lam)
    data = {**session_post(None, cohort="giữ nguyên"), "venue_q": "thuong lam", "find_venue": "1"}
    html = html_of(volunteer_client.post(reverse("log:new"), data))
    assert "Trường THCS Thượng Lâm" in html
    assert "Khu công nghiệp Lâm Bình" not in html
    assert 'value="giữ nguyên"' in html
    assert Session.objects.count() == 0


def test_the_edit_form_is_filled_with_the_record_and_its_earlier_cohorts(
    volunteer_client, people, venues
):
    SessionFactory(venue=venues.school_a, created_by=people.volunteer_a2, cohort="11B2")
    draft = SessionFactory(
        venue=venues.school_a, created_by=people.volunteer_a, status="draft", cohort="10A1"
    )
    html = html_of(volunteer_client.get(reverse("log:edit", args=[draft.pk])))
    assert f'<option value="{venues.school_a.pk}" selected>' in html
    assert 'name="cohort" type="text" maxlength="120" list="cohort-list"' in html
    assert '<option value="11B2">' in html
    assert f'value="{draft.client_id}"' in html
    assert 'data-mode="edit"' in html


def test_the_log_works_in_a_minority_language_prefix(volunteer_client):
    response = volunteer_client.get("/hmn/log/new/")
    assert response.status_code == 200
    assert '<html lang="hmn">' in response.content.decode()


# --- The venue search ---------------------------------------------------------------------------


def test_the_venue_search_matches_names_typed_without_diacritics(
    volunteer_client, people, venues, tree
):
    SessionFactory(venue=venues.school_a, created_by=people.volunteer_a, cohort="10A1")
    SessionFactory(venue=venues.school_a, created_by=people.volunteer_a, cohort="12C3")
    VenueFactory(name="Thôn Bản Lâm", org_unit=tree.thuong_lam, kind="village")
    response = volunteer_client.get(reverse("log:venues"), {"q": "lam binh"})
    assert response.status_code == 200
    [found] = response.json()["venues"]
    assert found["id"] == venues.school_a.pk
    assert found["name"] == "Trường THPT Lâm Bình"
    assert found["kind"] == "Trường THPT"
    assert found["commune"] == "Xã Thượng Lâm"
    assert set(found["cohorts"]) == {"10A1", "12C3"}
    assert found["population"] == {"year": 2025, "total": 600}


def test_the_venue_search_puts_names_starting_with_the_words_first(volunteer_client, tree):
    VenueFactory(name="Trường THCS Lâm", org_unit=tree.thuong_lam)
    VenueFactory(name="Lâm trường Chiêm Hóa", org_unit=tree.thuong_lam)
    response = volunteer_client.get(reverse("log:venues"), {"q": "lam"})
    names = [v["name"] for v in response.json()["venues"]]
    assert names == ["Lâm trường Chiêm Hóa", "Trường THCS Lâm"]


def test_the_venue_search_finds_a_venue_by_its_code(volunteer_client, venues):
    response = volunteer_client.get(reverse("log:venues"), {"q": "thpt-lb"})
    assert [v["id"] for v in response.json()["venues"]] == [venues.school_a.pk]


def test_without_a_query_the_venues_the_volunteer_used_last_come_first(
    volunteer_client, people, venues, tree
):
    VenueFactory(name="Ấp Chưa Dùng", org_unit=tree.thuong_lam)
    older = VenueFactory(name="Bản Dùng Trước", org_unit=tree.thuong_lam)
    SessionFactory(venue=older, created_by=people.volunteer_a, date="2025-01-05")
    SessionFactory(venue=venues.school_a, created_by=people.volunteer_a, date="2025-02-05")
    response = volunteer_client.get(reverse("log:venues"))
    names = [v["name"] for v in response.json()["venues"]]
    assert names == ["Trường THPT Lâm Bình", "Bản Dùng Trước", "Ấp Chưa Dùng"]


def test_the_venue_search_runs_in_a_bounded_number_of_queries(
    volunteer_client, tree, django_assert_max_num_queries
):
    for number in range(40):
        venue = VenueFactory(name=f"Thôn Lâm {number}", org_unit=tree.thuong_lam, kind="village")
        BaselineFactory(venue=venue, year=2024, total=300, female=None, ethnic_minority=None)
        if number < 3:
            SessionFactory(venue=venue, cohort="Tổ 1")
    # Session, user, two for permissions, scope, venues, baselines; one per venue with cohorts.
    with django_assert_max_num_queries(7 + 3):
        response = volunteer_client.get(reverse("log:venues"), {"q": ""})
    assert len(response.json()["venues"]) == 30
    assert sum(1 for v in response.json()["venues"] if v["cohorts"] == ["Tổ 1"]) == 3


# --- The app: service worker, manifest, login ----------------------------------------------------


def test_the_service_worker_is_javascript_scoped_to_the_log_of_its_language(client):
    response = client.get(reverse("log:sw"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/vi/log/"
    body = response.content.decode()
    assert "importScripts(CONFIG.queue)" in body
    assert '"scope": "/vi/log/"' in body
    assert client.get("/hmn/log/sw.js")["Service-Worker-Allowed"] == "/hmn/log/"


def test_the_manifest_makes_the_log_installable(client):
    response = client.get(reverse("log:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/vi/log/"
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "vi"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_a_volunteer_logs_in_on_the_light_login_page_and_lands_on_their_list(client, people):
    page = client.get(reverse("log:login"))
    assert "Đăng nhập để ghi hoạt động" in page.content.decode()
    response = client.post(
        reverse("log:login"),
        {"username": "tnv_thuonglam", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("log:list")


def test_a_wrong_password_is_refused_in_vietnamese(client, people):
    response = client.post(
        reverse("log:login"), {"username": "tnv_thuonglam", "password": "sai mat khau"}
    )
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_the_log_login_returns_to_the_page_asked_for(client, people):
    response = client.post(
        f"{reverse('log:login')}?next={reverse('log:new')}",
        {
            "username": "tnv_thuonglam",
            "password": "correct horse battery",
            "next": reverse("log:new"),
        },
    )
    assert response["Location"] == reverse("log:new")


def test_the_form_with_its_css_and_scripts_stays_within_50_kb_gzipped(volunteer_client, tree):
    for number in range(40):
        VenueFactory(name=f"Trường THCS Lâm Bình {number}", org_unit=tree.thuong_lam)
    response = volunteer_client.get(reverse("log:new"))
    html = response.content
    assets = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html.decode())
    assert len(assets) == 4
    total = len(gzip.compress(html, 6)) + len(
        gzip.compress(volunteer_client.get(reverse("log:sw")).content, 6)
    )
    for path in assets:
        with open(finders.find(path), "rb") as handle:
            total += len(gzip.compress(handle.read(), 9))
    assert total <= 50 * 1024


def test_wagtails_admin_login_also_brings_a_volunteer_back_to_the_log(client, people):
    # Volunteers have no admin access, yet Wagtail's login honours "next" for them; /log/
    # still uses its own page, which weighs a fraction of the admin's.
    response = client.post(
        f"/admin/login/?next={reverse('log:list')}",
        {"username": "tnv_thuonglam", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("log:list")
    assert client.get(reverse("log:list")).status_code == 200
