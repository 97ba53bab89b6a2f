"""A language version that is not published keeps its files unpublished: not on the live page,
not in /api/v1/materials, not at the download address."""

import pytest

from materials.demo import make_pdf
from materials.models import MaterialFile, MaterialPage
from places.models import Role
from tests.materials.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_khmer_file(leaflet):
    """The translator's Khmer file, on the Khmer version, which is then taken offline."""
    khmer = MaterialPage.objects.get(
        translation_key=leaflet.translation_key, locale__language_code="km"
    )
    MaterialFile.objects.create(
        page=khmer,
        language="km",
        document=make_document("Bản nháp tiếng Khmer", make_pdf(["nháp"]), "nhap-km.pdf"),
    )
    khmer.unpublish()
    return khmer


def test_the_live_page_does_not_offer_the_file(reader, leaflet, draft_khmer_file):
    page = reader.get(leaflet.get_url())
    assert page.status_code == 200
    assert "/tai-ve/km/" not in page.text and "nhap-km" not in page.text
    assert "/tai-ve/hmn/" in page.text  # a published version's file still is


def test_the_api_does_not_list_the_file(reader, leaflet, draft_khmer_file):
    body = reader.get("/api/v1/materials").json()
    item = next(item for item in body["items"] if item["id"] == leaflet.pk)
    assert "km" not in [entry["language"] for entry in item["languages"]]
    assert "nhap-km" not in str(body)


def test_the_download_address_answers_not_found(reader, leaflet, draft_khmer_file):
    response = reader.get(f"/vi/tai-lieu/{leaflet.pk}/tai-ve/km/document/")
    assert response.status_code == 404


def test_the_library_filter_on_the_language_finds_nothing(reader, demo_library, draft_khmer_file):
    page = reader.get(demo_library.get_url(), {"language": "km"})
    assert "canh-giac-loi-moi-viec-lam" not in page.text


def draft_material(demo_library, title="Bản nháp tờ rơi mới", owner_unit=None):
    """A material saved as a draft, never published, with its PDF."""
    page = MaterialPage(
        locale=demo_library.locale, title=title, material_type="leaflet", owner_unit=owner_unit
    )
    page.files.add(
        MaterialFile(
            language="vi",
            document=make_document(title, make_pdf(["nháp"]), "to-roi-moi-nhap.pdf"),
        )
    )
    page.live = False
    demo_library.add_child(instance=page)
    page.save_revision()
    return page


def test_the_document_address_of_a_draft_versions_file_answers_not_found(reader, draft_khmer_file):
    document = draft_khmer_file.files.get().document
    response = reader.get(document.url)
    assert response.status_code == 404
    assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_the_document_address_of_a_never_published_materials_file_answers_not_found(
    reader, demo_library, member, tree
):
    document = draft_material(demo_library).files.get().document
    assert reader.get(document.url).status_code == 404

    reviewer = member(tree.tuyen_quang, Role.REVIEWER, username="nguoi_duyet")
    reader.force_login(reviewer, backend="django.contrib.auth.backends.ModelBackend")
    assert reader.get(document.url).status_code == 404


def test_an_editor_still_opens_a_drafts_file(reader, demo_library, member, tree):
    document = draft_material(demo_library, owner_unit=tree.country).files.get().document
    officer = member(tree.country, Role.COMMUNICATION_OFFICER, username="can_bo_tw")
    reader.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    response = reader.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_published_materials_file_is_still_served_at_its_document_address(reader, leaflet):
    document = leaflet.files.get(language="vi").document
    response = reader.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
