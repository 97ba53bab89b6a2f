"""Uploads are checked by content: every document and image upload path of the admin."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from materials.demo import make_pdf
from places.models import Role

pytestmark = pytest.mark.django_db

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(1)</script><rect width="10" height="10"/></svg>'
)


def png_bytes():
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", (40, 40), os.urandom(40 * 40 * 3)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def officer(client, member, tree):
    user = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER)
    client.force_login(user)
    return client


@pytest.fixture
def administrator(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("quantri", password="x"))
    return client


def add_document(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def add_image(client, name, content):
    return client.post(
        "/admin/images/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def errors_of(response):
    form = response.context["form"]
    return " ".join(str(message) for message in form.errors.get("file", []))


def test_officer_uploads_a_real_pdf(officer):
    response = add_document(officer, "to-roi.pdf", make_pdf(["Tờ rơi"]))
    assert response.status_code == 302
    assert get_document_model().objects.filter(title="to-roi.pdf").exists()


def test_a_word_file_renamed_to_pdf_is_refused_with_a_message_naming_it(officer):
    fake = b"PK\x03\x04" + b"\x00" * 200  # a zip container, such as a .docx
    response = add_document(officer, "to-roi.pdf", fake)
    assert response.status_code == 200
    message = errors_of(response)
    assert "“to-roi.pdf” có đuôi .pdf nhưng nội dung không phải tệp PDF" in message
    assert not get_document_model().objects.exists()


def test_an_executable_renamed_to_mp3_is_refused(officer):
    response = add_document(officer, "bai-phat-thanh.mp3", b"MZ\x90\x00" + b"\x00" * 300)
    assert "không phải tệp MP3" in errors_of(response)


def test_a_real_mp3_is_accepted(officer):
    mp3 = b"ID3\x03\x00\x00\x00\x00\x00\x0f" + b"\x00" * 400
    assert add_document(officer, "bai-phat-thanh.mp3", mp3).status_code == 302


def test_an_unknown_extension_is_refused(officer):
    response = add_document(officer, "cai-dat.exe", b"MZ\x90\x00" + b"\x00" * 300)
    assert "Không nhận tệp đuôi “.exe”" in errors_of(response)


def test_plain_text_is_accepted_and_binary_named_txt_is_refused(officer):
    assert (
        add_document(officer, "khau-hieu.txt", "Nói không với mua bán người".encode()).status_code
        == 302
    )
    assert "không phải tệp TXT" in errors_of(add_document(officer, "x.txt", png_bytes()))


def test_an_svg_document_is_refused_for_an_officer(officer):
    response = add_document(officer, "logo.svg", SVG)
    assert "chỉ quản trị viên được tải lên" in errors_of(response)


def test_an_svg_disguised_as_text_is_refused_for_an_officer(officer):
    response = add_document(officer, "logo.txt", SVG)
    assert "là ảnh SVG" in errors_of(response)


def test_an_administrator_may_upload_an_svg(administrator):
    assert add_document(administrator, "logo.svg", SVG).status_code == 302


def test_an_oversized_document_is_refused(officer, settings):
    settings.MATERIALS_MAX_UPLOAD_SIZE = 1024
    response = add_document(officer, "so-tay.pdf", make_pdf(["Sổ tay"] * 30) + b"\x00" * 2048)
    assert "“so-tay.pdf” nặng" in errors_of(response)
    assert "quá giới hạn" in errors_of(response)
    assert not get_document_model().objects.exists()


def test_the_multiple_upload_path_is_checked_too(officer):
    response = officer.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("to-roi.pdf", b"GIF89a" + b"\x00" * 100)},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "không phải tệp PDF" in response.json()["error_message"]
    assert not get_document_model().objects.exists()


def test_officer_uploads_a_real_png_image(officer):
    assert add_image(officer, "ap-phich.png", png_bytes()).status_code == 302
    assert get_image_model().objects.filter(title="ap-phich.png").exists()


def test_a_pdf_renamed_to_png_is_refused_in_vietnamese(officer):
    response = add_image(officer, "ap-phich.png", make_pdf(["x"]))
    assert response.status_code == 200
    assert "không phải ảnh" in errors_of(response) or "không phải tệp PNG" in errors_of(response)
    assert not get_image_model().objects.exists()


def test_an_svg_image_is_refused_for_an_officer(officer):
    response = add_image(officer, "logo.svg", SVG)
    assert "chỉ quản trị viên được tải lên" in errors_of(response)
    assert not get_image_model().objects.exists()


def test_an_administrator_may_upload_an_svg_image(administrator):
    assert add_image(administrator, "logo.svg", SVG).status_code == 302


def test_an_oversized_image_is_refused_in_vietnamese(officer, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    response = add_image(officer, "ap-phich.png", png_bytes())
    assert response.status_code == 200, response.get("Location")
    # Wagtail's own size check or ours, whichever runs first: both in Vietnamese.
    assert "nặng" in errors_of(response)
    assert "quá giới hạn" in errors_of(response)
    assert not get_image_model().objects.exists()
