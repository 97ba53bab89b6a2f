"""QR codes for print: short links that count scans and lead to the material's language."""

import pytest
from django.utils import timezone
from PIL import Image as PILImage

from materials.models import MaterialPage, QrCode, ScanCount
from materials.services import qr_code_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def hmong_qr(leaflet):
    return qr_code_for(leaflet, "hmn")


def scans(qr, batch=""):
    row = ScanCount.objects.filter(qr_code=qr, batch=batch, day=timezone.localdate()).first()
    return row.count if row else 0


def test_a_scan_redirects_to_the_material_in_the_codes_language_and_counts(
    reader, leaflet, hmong_qr
):
    response = reader.get(f"/q/{hmong_qr.code}")
    hmong = MaterialPage.objects.get(
        translation_key=leaflet.translation_key, locale__language_code="hmn"
    )
    assert response.status_code == 302
    assert response["Location"] == hmong.url
    assert scans(hmong_qr) == 1


def test_scans_are_counted_per_print_batch(reader, hmong_qr):
    reader.get(f"/q/{hmong_qr.code}?b=2025-10")
    reader.get(f"/q/{hmong_qr.code}/2025-10")
    reader.get(f"/q/{hmong_qr.code}/2026-01")
    reader.get(f"/q/{hmong_qr.code}")
    assert scans(hmong_qr, "2025-10") == 2
    assert scans(hmong_qr, "2026-01") == 1
    assert scans(hmong_qr) == 1


def test_a_malformed_batch_counts_as_no_batch(reader, hmong_qr):
    reader.get(f"/q/{hmong_qr.code}?b=<script>")
    assert scans(hmong_qr) == 1


def test_codes_are_read_whatever_the_letter_case(reader, hmong_qr):
    assert reader.get(f"/q/{hmong_qr.code.lower()}").status_code == 302


def test_a_robot_following_the_link_is_redirected_but_not_counted(client, hmong_qr):
    response = client.get(f"/q/{hmong_qr.code}", HTTP_USER_AGENT="Googlebot/2.1")
    assert response.status_code == 302
    assert scans(hmong_qr) == 0


def test_the_redirect_is_never_cached(reader, hmong_qr):
    response = reader.get(f"/q/{hmong_qr.code}")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_language_without_its_own_page_lands_on_the_source_page_at_that_language(
    reader, add_material
):
    page = add_material("Tờ rơi song ngữ", languages=("vi", "hmn"))
    qr = qr_code_for(page, "hmn")
    response = reader.get(f"/q/{qr.code}")
    assert response["Location"] == f"{page.url}#lang-hmn"


def test_a_broken_short_code_gives_a_friendly_404_in_vietnamese(reader, leaflet):
    response = reader.get("/q/KHONGCO", follow=True, HTTP_ACCEPT_LANGUAGE="hmn")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy tài liệu của mã QR này" in html
    assert "hãy thử quét lại" in html
    assert not ScanCount.objects.exists()


def test_the_same_material_and_language_keep_one_code(leaflet):
    assert qr_code_for(leaflet, "vi").code == qr_code_for(leaflet, "vi").code
    assert qr_code_for(leaflet, "vi").code != qr_code_for(leaflet, "hmn").code
    assert QrCode.objects.count() == 2


def test_a_qr_scan_sends_a_plausible_event(reader, hmong_qr, plausible, leaflet):
    reader.get(f"/q/{hmong_qr.code}/2025-10")
    [event] = plausible.wait_for(1)
    assert event["body"]["name"] == "QR scan"
    assert event["body"]["props"] == {
        "material": leaflet.title,
        "language": "hmn",
        "batch": "2025-10",
    }


def test_the_material_page_serves_an_svg_qr_code_of_the_short_link(reader, leaflet):
    response = reader.get(f"/vi/tai-lieu/{leaflet.pk}/ma-qr/hmn.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg")
    assert QrCode.objects.filter(material=leaflet, language="hmn").exists()


def test_the_png_qr_code_decodes_to_a_square_picture(reader, leaflet):
    import io

    response = reader.get(f"/vi/tai-lieu/{leaflet.pk}/ma-qr/vi.png?tai=1")
    assert response["Content-Disposition"].startswith("attachment;")
    picture = PILImage.open(io.BytesIO(response.content))
    assert picture.width == picture.height >= 200


def test_no_qr_code_for_a_language_the_material_does_not_exist_in(reader, add_material):
    page = add_material("Chỉ tiếng Việt", languages=("vi",))
    assert reader.get(f"/vi/tai-lieu/{page.pk}/ma-qr/km.svg").status_code == 404


def test_officer_downloads_the_qr_codes_from_the_admin(
    client, leaflet, django_user_model, settings
):
    admin = django_user_model.objects.create_superuser("quantri", password="x")
    client.force_login(admin)
    page = client.get(f"/admin/materials/{leaflet.pk}/qr/?b=2025-10")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hmoob (tiếng H&#x27;Mông)" in html
    code = QrCode.objects.get(material=leaflet, language="hmn").code
    assert f"/q/{code}/2025-10" in html
    # The printed code carries the public address, not the host the officer's admin is on.
    assert f"{settings.BASE_URL}/q/{code}/2025-10" in html
    svg = client.get(f"/admin/materials/{leaflet.pk}/qr/hmn.svg?tai=1&b=2025-10")
    assert svg.status_code == 200
    assert "2025-10" in svg["Content-Disposition"]


def test_the_material_edit_view_links_to_its_qr_codes(client, leaflet, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", password="x")
    client.force_login(admin)
    html = client.get(f"/admin/pages/{leaflet.pk}/edit/").content.decode()
    assert f"/admin/materials/{leaflet.pk}/qr/" in html


def test_someone_without_edit_rights_cannot_open_the_admin_qr_page(
    client, leaflet, django_user_model
):
    user = django_user_model.objects.create_user("khach")
    client.force_login(user)
    response = client.get(f"/admin/materials/{leaflet.pk}/qr/")
    assert response.status_code in (302, 403)
