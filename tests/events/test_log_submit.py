"""Logging a session on /log/: the JSON endpoint the phone's queue posts to, and the plain form."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from events.models import Session, SessionPhoto, Status
from tests.events.factories import SessionFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
GPS_IFD = 0x8825


def session_post(venue=None, **changes):
    """What the phone posts for a talk at ``venue`` on 14 March 2025 (the form's field names)."""
    data = {
        "client_id": str(uuid.uuid4()),
        "venue": str(venue.pk) if venue is not None else "",
        "org_unit": "",
        "date": "2025-03-14",
        "form": "talk",
        "audience": "students",
        "cohort": "10A1",
        "participants": "40",
        "female": "22",
        "ethnic_minority": "5",
        "under_18": "40",
        "languages": ["vi", "hmn"],
        "organizer": "youth_union",
        "note": "Nói chuyện sau giờ chào cờ",
        "material_description_0": "Tờ rơi phòng, chống mua bán người",
        "material_quantity_0": "40",
        "intent": "submit",
    }
    data.update(changes)
    return data


def jpeg_with_gps(name="buoi-noi-chuyen.jpg", size=(1200, 900)):
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (21.0, 49.0, 0.0), 3: "E", 4: (105.0, 51.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def submit(client, data):
    return client.post(reverse("log:submit"), data, **JSON)


@pytest.fixture
def volunteer_client(client, people):
    client.force_login(people.volunteer_a)
    return client


# --- Created once ----------------------------------------------------------------


def test_logging_a_session_creates_it_once_and_answers_201(volunteer_client, people, venues):
    data = session_post(venues.school_a)
    response = submit(volunteer_client, data)
    assert response.status_code == 201
    session = Session.objects.get()
    assert response.json()["id"] == session.pk
    assert response.json()["url"] == reverse("log:detail", args=[session.pk])
    assert str(session.client_id) == data["client_id"]
    assert session.created_by == people.volunteer_a
    assert session.status == Status.SUBMITTED
    assert session.languages == ["hmn", "vi"]
    assert [(m.description, m.quantity) for m in session.materials_handed_out.all()] == [
        ("Tờ rơi phòng, chống mua bán người", 40)
    ]


def test_saving_a_draft_keeps_it_out_of_review(volunteer_client, venues):
    response = submit(volunteer_client, session_post(venues.school_a, intent="draft"))
    assert response.status_code == 201
    assert Session.objects.get().status == Status.DRAFT


def test_resending_the_same_client_id_returns_the_same_record_with_200(volunteer_client, venues):
    data = session_post(venues.school_a)
    first = submit(volunteer_client, data)
    again = submit(volunteer_client, data)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Session.objects.count() == 1


def test_resending_a_client_id_with_changed_content_is_a_409_conflict(volunteer_client, venues):
    data = session_post(venues.school_a)
    submit(volunteer_client, data)
    response = submit(volunteer_client, {**data, "participants": "41"})
    assert response.status_code == 409
    assert "nội dung khác" in response.json()["error"]
    assert Session.objects.get().participants == 40


def test_a_resent_record_does_not_attach_its_photos_twice(volunteer_client, venues):
    data = session_post(venues.school_a)
    submit(volunteer_client, {**data, "photos": [jpeg_with_gps()]})
    again = submit(volunteer_client, {**data, "photos": [jpeg_with_gps()]})
    assert again.status_code == 200
    assert SessionPhoto.objects.count() == 1


def test_without_a_client_id_the_server_makes_one(volunteer_client, venues):
    response = submit(volunteer_client, session_post(venues.school_a, client_id=""))
    assert response.status_code == 201
    assert Session.objects.get().client_id


def test_the_plain_form_without_javascript_logs_and_shows_the_record(volunteer_client, venues):
    response = volunteer_client.post(reverse("log:new"), session_post(venues.school_a))
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("log:detail", args=[session.pk])
    page = volunteer_client.get(response["Location"])
    assert "Đã ghi buổi tuyên truyền và gửi duyệt." in page.content.decode()


def test_a_commune_wide_broadcast_is_logged_against_the_commune(volunteer_client, tree):
    data = session_post(
        None, org_unit=str(tree.thuong_lam.pk), form="loudspeaker", audience="community"
    )
    response = submit(volunteer_client, data)
    assert response.status_code == 201
    session = Session.objects.get()
    assert (session.venue, session.org_unit) == (None, tree.thuong_lam)


# --- Refusals (issue item 5), each on its field ---------------------------------------


def refusal(client, data):
    response = submit(client, data)
    assert response.status_code == 400
    assert Session.objects.count() == 0
    return response.json()["errors"]


@pytest.mark.parametrize("value", ["-3", "2.5", "abc", ""])
def test_participants_that_are_not_a_whole_number_are_refused_on_that_field(
    volunteer_client, venues, value
):
    errors = refusal(volunteer_client, session_post(venues.school_a, participants=value))
    assert errors["participants"] == ["Nhập một số nguyên không âm."]


def test_a_negative_female_count_is_refused_on_its_field(volunteer_client, venues):
    errors = refusal(volunteer_client, session_post(venues.school_a, female="-1"))
    assert errors["female"] == ["Nhập một số nguyên không âm."]


@pytest.mark.parametrize("name", ["female", "ethnic_minority", "under_18"])
def test_a_part_larger_than_the_participants_is_refused_on_its_field(
    volunteer_client, venues, name
):
    errors = refusal(volunteer_client, session_post(venues.school_a, **{name: "41"}))
    assert errors == {name: ["Không được lớn hơn số người tham dự."]}


def test_a_date_in_the_future_is_refused_on_the_date(volunteer_client, venues):
    errors = refusal(volunteer_client, session_post(venues.school_a, date="2999-01-01"))
    assert errors == {"date": ["Ngày tổ chức không được sau hôm nay."]}


def test_an_unknown_venue_is_refused_on_the_venue(volunteer_client, venues):
    errors = refusal(volunteer_client, {**session_post(venues.school_a), "venue": "999999"})
    assert errors == {"venue": ["Không tìm thấy địa điểm này. Hãy chọn lại."]}


def test_an_unknown_commune_is_refused_on_the_commune(volunteer_client):
    data = session_post(None, org_unit="999999", form="loudspeaker")
    errors = refusal(volunteer_client, data)
    assert errors["org_unit"] == ["Không tìm thấy xã, phường này. Hãy chọn lại."]


def test_a_venue_outside_the_volunteers_commune_is_refused_on_the_venue(volunteer_client, venues):
    errors = refusal(volunteer_client, session_post(venues.school_b))
    assert errors == {"venue": ["Địa điểm này ngoài địa bàn bạn phụ trách."]}


def test_a_commune_outside_the_volunteers_scope_is_refused_on_the_commune(volunteer_client, tree):
    data = session_post(None, org_unit=str(tree.sa_pa.pk), form="loudspeaker")
    errors = refusal(volunteer_client, data)
    assert errors == {"org_unit": ["Địa điểm này ngoài địa bàn bạn phụ trách."]}


def test_a_talk_without_a_venue_is_refused_on_the_venue(volunteer_client, tree):
    errors = refusal(volunteer_client, session_post(None, org_unit=str(tree.thuong_lam.pk)))
    assert errors == {"venue": ["Hình thức này cần chọn địa điểm cụ thể."]}


def test_missing_choices_are_refused_each_on_its_field(volunteer_client, venues):
    data = session_post(venues.school_a, form="", audience="", organizer="")
    errors = refusal(volunteer_client, data)
    assert errors["form"] == ["Chọn hình thức."]
    assert errors["audience"] == ["Chọn đối tượng."]
    assert errors["organizer"] == ["Chọn đơn vị tổ chức."]


def test_a_material_without_a_whole_quantity_is_refused_on_the_materials(volunteer_client, venues):
    errors = refusal(volunteer_client, session_post(venues.school_a, material_quantity_0="nhiều"))
    assert errors == {"materials": ["Mỗi tài liệu cần tên và số lượng (số nguyên)."]}


def test_the_plain_form_shows_each_refusal_next_to_its_field(volunteer_client, venues):
    data = session_post(venues.school_a, female="41", date="2999-01-01")
    response = volunteer_client.post(reverse("log:new"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert Session.objects.count() == 0
    assert 'id="err-female"' in html
    assert 'aria-describedby="err-female" aria-invalid="true"' in html
    assert 'id="err-date"' in html
    assert "Không được lớn hơn số người tham dự." in html
    assert "Ngày tổ chức không được sau hôm nay." in html


# --- Warnings to confirm -----------------------------------------------------------------


def test_more_participants_than_the_venue_holds_must_be_confirmed(volunteer_client, venues):
    data = session_post(venues.school_a, participants="700", under_18="700")
    response = submit(volunteer_client, data)
    assert response.status_code == 400
    warning = response.json()["warnings"]["above_baseline"]
    assert "700" in warning and "600" in warning
    assert Session.objects.count() == 0

    confirmed = submit(volunteer_client, {**data, "confirm_above_baseline": "1"})
    assert confirmed.status_code == 201
    assert Session.objects.get().above_baseline_confirmed


def test_the_plain_form_asks_to_confirm_the_above_baseline_warning(volunteer_client, venues):
    data = session_post(venues.school_a, participants="700", under_18="700")
    html = volunteer_client.post(reverse("log:new"), data).content.decode()
    assert "nhiều hơn quy mô của Trường THPT Lâm Bình" in html
    assert 'name="confirm_above_baseline"' in html
    assert Session.objects.count() == 0


def test_a_likely_duplicate_is_flagged_before_saving(volunteer_client, people, venues):
    SessionFactory(
        venue=venues.school_a,
        created_by=people.volunteer_a2,
        date="2025-03-14",
        cohort="10A1",
        form="talk",
    )
    data = session_post(venues.school_a, cohort="10a1")
    response = submit(volunteer_client, data)
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["duplicate"]
    assert len(body["duplicates"]) == 1
    assert "14/03/2025" in body["duplicates"][0]["text"]
    assert body["duplicates"][0]["url"] is None  # another volunteer's record: no link
    assert Session.objects.count() == 1


def test_a_flagged_duplicate_saves_once_confirmed_as_a_different_session(
    volunteer_client, people, venues
):
    SessionFactory(venue=venues.school_a, created_by=people.volunteer_a2, date="2025-03-14")
    data = session_post(venues.school_a, confirm_not_duplicate="1")
    assert submit(volunteer_client, data).status_code == 201
    assert Session.objects.count() == 2


def test_the_plain_form_shows_the_likely_duplicate_and_its_confirmation(
    volunteer_client, people, venues
):
    SessionFactory(venue=venues.school_a, created_by=people.volunteer_a2, date="2025-03-14")
    html = volunteer_client.post(reverse("log:new"), session_post(venues.school_a)).content.decode()
    assert "Có thể buổi này đã được ghi" in html
    assert "ghi bởi tnv_thuonglam2" in html
    assert 'name="confirm_not_duplicate"' in html


# --- Photos ----------------------------------------------------------------------------


def test_a_real_jpeg_with_gps_is_stored_without_exif(
    volunteer_client, venues, django_capture_on_commit_callbacks
):
    data = {**session_post(venues.school_a), "photos": [jpeg_with_gps()]}
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(volunteer_client, data)
    assert response.status_code == 201
    photo = SessionPhoto.objects.get()
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert GPS_IFD not in image.getexif()
    photo.refresh_from_db()
    assert photo.thumbnail  # made by the follow-up, inline in tests


def test_a_text_file_named_jpg_is_refused_with_the_vietnamese_message(volunteer_client, venues):
    fake = SimpleUploadedFile("anh.jpg", b"<?php echo 'not a photo'; ?>", "image/jpeg")
    errors = refusal(volunteer_client, {**session_post(venues.school_a), "photos": [fake]})
    assert errors == {
        "photos": ["anh.jpg: Tệp này không phải ảnh hoặc đã hỏng. Hãy chọn ảnh JPG hoặc PNG."]
    }


def test_a_photo_over_10_mb_is_refused_and_nothing_is_saved(volunteer_client, venues):
    huge = SimpleUploadedFile("lon.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024), "image/jpeg")
    errors = refusal(volunteer_client, {**session_post(venues.school_a), "photos": [huge]})
    assert errors["photos"] == [
        "lon.jpg: Ảnh quá lớn (tối đa 10 MB). Hãy chụp lại hoặc chọn ảnh nhỏ hơn."
    ]
    assert SessionPhoto.objects.count() == 0


def test_one_bad_photo_among_good_ones_saves_nothing(volunteer_client, venues):
    fake = SimpleUploadedFile("anh2.jpg", b"not a photo", "image/jpeg")
    data = {**session_post(venues.school_a), "photos": [jpeg_with_gps(), fake]}
    refusal(volunteer_client, data)
    assert SessionPhoto.objects.count() == 0


def test_more_than_five_photos_are_refused(volunteer_client, venues):
    data = {
        **session_post(venues.school_a),
        "photos": [jpeg_with_gps(f"{i}.jpg") for i in range(6)],
    }
    errors = refusal(volunteer_client, data)
    assert errors == {"photos": ["Mỗi buổi chỉ đính kèm tối đa 5 ảnh."]}


def test_after_a_conflict_the_plain_form_offers_a_new_id_and_a_link_to_the_record(
    volunteer_client, venues
):
    data = session_post(venues.school_a)
    first = submit(volunteer_client, data)
    response = volunteer_client.post(reverse("log:new"), {**data, "participants": "41"})
    html = response.content.decode()
    assert "Mã bản ghi này đã được dùng cho một bản ghi có nội dung khác." in html
    assert reverse("log:detail", args=[first.json()["id"]]) in html
    assert f'value="{data["client_id"]}"' not in html
    assert Session.objects.count() == 1


def test_the_plain_forms_error_summary_follows_the_order_of_the_page(volunteer_client, venues):
    data = session_post(venues.school_a, organizer="", female="41", date="2999-01-01")
    html = volunteer_client.post(reverse("log:new"), data).content.decode()
    summary = html[html.index('id="error-summary"') : html.index("</ul>")]
    assert summary.index("#f-date") < summary.index("#f-female") < summary.index("#f-organizer")
    assert "Trong đó nữ: Không được lớn hơn số người tham dự." in summary
