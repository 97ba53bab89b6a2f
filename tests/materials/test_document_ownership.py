"""An officer replaces or deletes only the images and documents they uploaded: a commune
cannot swap the PDF of the national leaflet for another file, nor delete it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from materials.demo import make_pdf
from places.models import Role
from tests.materials.factories import make_document, make_image

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def commune_officer(client, tree, member):
    officer = member(tree.thuong_lam, Role.COMMUNICATION_OFFICER, username="can_bo_xa_tl")
    client.force_login(officer, backend=MODEL_BACKEND)
    return officer


@pytest.fixture
def national_pdf(tree, member):
    writer = member(tree.country, Role.COMMUNICATION_OFFICER, username="can_bo_tw")
    document = make_document("Tờ rơi quốc gia", make_pdf(["bản gốc"]), "to-roi-quoc-gia.pdf")
    document.uploaded_by_user = writer
    document.save()
    return document


def a_new_pdf():
    return SimpleUploadedFile("thay-the.pdf", make_pdf(["bản thay thế"]), "application/pdf")


def test_another_units_document_cannot_be_replaced(client, commune_officer, national_pdf):
    before = national_pdf.file.name
    response = client.post(
        reverse("wagtaildocs:edit", args=[national_pdf.pk]),
        {"title": "Đã bị thay", "file": a_new_pdf(), "collection": national_pdf.collection_id},
    )
    assert response.status_code in (302, 403) and response.get("Location", "") != reverse(
        "wagtaildocs:index"
    )
    national_pdf.refresh_from_db()
    assert (national_pdf.title, national_pdf.file.name) == ("Tờ rơi quốc gia", before)


def test_another_units_document_cannot_be_deleted(client, commune_officer, national_pdf):
    client.post(reverse("wagtaildocs:delete", args=[national_pdf.pk]))
    assert get_document_model().objects.filter(pk=national_pdf.pk).exists()


def test_another_units_image_cannot_be_deleted(client, commune_officer, tree, member):
    image = make_image("Ảnh quốc gia")
    client.post(reverse("wagtailimages:delete", args=[image.pk]))
    assert get_image_model().objects.filter(pk=image.pk).exists()


def test_an_officer_still_edits_their_own_upload(client, commune_officer):
    document = make_document("Tờ rơi của xã", make_pdf(["xã"]), "to-roi-xa.pdf")
    document.uploaded_by_user = commune_officer
    document.save()
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Tờ rơi của xã, bản sửa", "collection": document.collection_id},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Tờ rơi của xã, bản sửa"


def test_an_officer_still_chooses_any_document(client, commune_officer, national_pdf):
    response = client.get(reverse("wagtaildocs_chooser:choose"))
    assert response.status_code == 200
    assert "Tờ rơi quốc gia" in response.json()["html"]
