"""GET /api/v1/materials: public, per language title, files, download link and count."""

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def by_title(body, title):
    return next(item for item in body["items"] if item["languages"][0]["title"] == title)


def test_the_list_is_public_and_needs_no_token(client, demo_library):
    response = client.get("/api/v1/materials")
    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_each_language_version_has_its_title_files_download_link_and_count(reader, leaflet):
    reader.get(f"/hmn/tai-lieu/{leaflet.pk}/tai-ve/hmn/document/")
    reader.get(f"/hmn/tai-lieu/{leaflet.pk}/tai-ve/hmn/document/")
    body = reader.get("/api/v1/materials").json()
    item = by_title(body, leaflet.title)
    assert item["id"] == leaflet.pk
    assert item["type"] == "leaflet"
    assert item["audiences"] == ["students", "community"]
    languages = {entry["language"]: entry for entry in item["languages"]}
    assert list(languages) == ["vi", "hmn", "km"]
    hmong = languages["hmn"]
    assert hmong["title"].startswith("[Bản mẫu – chờ người dịch tiếng H'Mông]")
    assert hmong["page_url"] == "http://testserver/hmn/tai-lieu/canh-giac-loi-moi-viec-lam/"
    assert hmong["download_url"] == (
        f"http://testserver/hmn/tai-lieu/{leaflet.pk}/tai-ve/hmn/document/"
    )
    assert hmong["downloads"] == 2
    [pdf] = hmong["files"]
    assert pdf["kind"] == "document" and pdf["format"] == "pdf" and pdf["size"] > 0
    assert pdf["url"].startswith("http://testserver/documents/")
    assert languages["vi"]["downloads"] == 0
    # A page in Khmer without a Khmer file: the title, no files, no download.
    assert languages["km"]["files"] == [] and languages["km"]["download_url"] is None


def test_a_restricted_material_is_not_listed(client, leaflet):
    PageViewRestriction.objects.create(page=leaflet, restriction_type=PageViewRestriction.LOGIN)
    titles = [
        item["languages"][0]["title"] for item in client.get("/api/v1/materials").json()["items"]
    ]
    assert leaflet.title not in titles


def test_the_list_pages(client, demo_library):
    body = client.get("/api/v1/materials", {"page_size": 2, "page": 2}).json()
    assert body["count"] == 3
    assert len(body["items"]) == 1


def test_the_list_makes_a_bounded_number_of_queries(
    client, demo_library, add_material, django_assert_max_num_queries
):
    for number in range(10):
        add_material(f"Tờ rơi {number}", audiences=["students"], languages=("vi", "hmn"))
    with django_assert_max_num_queries(15):
        assert len(client.get("/api/v1/materials").json()["items"]) == 13
