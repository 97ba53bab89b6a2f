"""Material pages and the library: language versions, files, samples and query counts."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from materials.models import DocumentPreview, MaterialFile, MaterialPage
from materials.previews import make_preview

pytestmark = pytest.mark.django_db


def test_material_page_shows_every_language_it_exists_in(reader, leaflet):
    response = reader.get(leaflet.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Các bản ngôn ngữ" in html
    assert 'id="lang-vi"' in html
    assert 'id="lang-hmn"' in html
    assert "Hmoob (tiếng H&#x27;Mông)" in html


def test_material_page_offers_its_language_file_with_format_and_size(reader, leaflet):
    html = reader.get(leaflet.url).content.decode()
    download = f"/vi/tai-lieu/{leaflet.pk}/tai-ve/vi/document/"
    assert download in html
    assert "(PDF, " in html and " KB)" in html


def test_hmong_page_offers_the_hmong_file_not_the_vietnamese_one(reader, leaflet):
    hmong = MaterialPage.objects.get(
        translation_key=leaflet.translation_key, locale__language_code="hmn"
    )
    html = reader.get(hmong.url).content.decode()
    assert f"/hmn/tai-lieu/{leaflet.pk}/tai-ve/hmn/document/" in html
    # The sample notice: the H'Mông page is the Vietnamese text awaiting a translator.
    assert "bản mẫu đang chờ người dịch bản ngữ" in html


def test_material_without_a_file_in_the_visitors_language_lists_the_languages_it_has(
    reader, leaflet
):
    khmer = MaterialPage.objects.get(
        translation_key=leaflet.translation_key, locale__language_code="km"
    )
    response = reader.get(khmer.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "chưa có bản bằng ngôn ngữ bạn đang xem" in html
    assert "Hiện có: Tiếng Việt, Hmoob (tiếng H&#x27;Mông)" in html
    assert f"/km/tai-lieu/{leaflet.pk}/tai-ve/hmn/document/" in html


def test_material_with_no_file_at_all_still_renders(reader, add_material):
    page = add_material("Khẩu hiệu tháng hành động", material_type="slogan", languages=())
    response = reader.get(page.url)
    assert response.status_code == 200
    assert "chưa có tệp để tải về" in response.content.decode()


def test_translations_keep_no_copy_of_the_file_rows(leaflet):
    assert MaterialFile.objects.filter(page=leaflet).count() == 2
    translations = MaterialPage.objects.filter(translation_key=leaflet.translation_key).exclude(
        pk=leaflet.pk
    )
    assert translations.count() == 2
    assert not MaterialFile.objects.filter(page__in=translations).exists()


def test_a_new_synchronisation_keeps_the_hmong_file_beside_the_vietnamese_one(leaflet):
    hmong_before = leaflet.files_in("hmn").document_id
    leaflet.summary = "Tóm tắt mới."
    leaflet.save_revision().publish()
    source, _created = TranslationSource.update_or_create_from_instance(leaflet)
    locale = Locale.objects.get(language_code="hmn")
    source.create_or_update_translation(locale, fallback=True)
    refreshed = MaterialPage.objects.get(pk=leaflet.pk)
    assert refreshed.files_in("hmn").document_id == hmong_before
    assert refreshed.files_in("vi").document_id != hmong_before


def publish(page, capture):
    # The preview task is queued once the publication is committed.
    with capture(execute=True):
        page.save_revision().publish()


def test_publishing_a_material_makes_a_first_page_preview_of_each_pdf(
    leaflet, django_capture_on_commit_callbacks
):
    assert not DocumentPreview.objects.exists()
    publish(leaflet, django_capture_on_commit_callbacks)
    documents = [row.document for row in leaflet.language_files]
    previews = DocumentPreview.objects.filter(document__in=documents)
    assert previews.count() == 2
    preview = previews.first()
    assert preview.width == 480 and preview.height > 480
    assert preview.image.read(3) == b"\xff\xd8\xff"  # a JPEG


def test_material_page_shows_the_preview(reader, leaflet, django_capture_on_commit_callbacks):
    publish(leaflet, django_capture_on_commit_callbacks)
    html = reader.get(leaflet.url).content.decode()
    assert 'class="preview"' in html
    assert "material_previews/" in html


def test_preview_is_not_made_twice_for_the_same_file(leaflet):
    document = leaflet.files_in("vi").document
    first = make_preview(document)
    again = make_preview(document)
    assert first.pk == again.pk and first.image.name == again.image.name


def test_material_page_offers_printable_qr_codes_per_language(reader, leaflet):
    html = reader.get(leaflet.url).content.decode()
    for code in ("vi", "hmn", "km"):
        assert f"/vi/tai-lieu/{leaflet.pk}/ma-qr/{code}.svg" in html


def test_material_page_makes_a_bounded_number_of_queries(
    reader, leaflet, django_assert_max_num_queries
):
    reader.get(leaflet.url)
    with django_assert_max_num_queries(20):
        assert reader.get(leaflet.url).status_code == 200


def test_library_page_makes_a_bounded_number_of_queries(
    reader, demo_library, add_material, django_assert_max_num_queries
):
    for number in range(15):
        add_material(f"Tờ rơi số {number}", audiences=["students"], languages=("vi", "hmn"))
    reader.get(demo_library.url)
    with django_assert_max_num_queries(20):
        response = reader.get(demo_library.url)
    assert response.status_code == 200
