"""Counted downloads: what counts as a real download, and privacy kept as Wagtail keeps it."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from materials.models import DownloadCount, MaterialFile
from tests.materials.factories import make_document, make_image

pytestmark = pytest.mark.django_db


def download_url(material, language="vi", kind="document", prefix="vi"):
    return f"/{prefix}/tai-lieu/{material.pk}/tai-ve/{language}/{kind}/"


def count(material, language="vi"):
    row = DownloadCount.objects.filter(
        material=material, language=language, day=timezone.localdate()
    ).first()
    return row.count if row else 0


def test_a_readers_download_is_served_as_an_attachment_and_counted(reader, leaflet):
    response = reader.get(download_url(leaflet))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert count(leaflet) == 1


def test_downloads_are_counted_per_language(reader, leaflet):
    reader.get(download_url(leaflet, "hmn", prefix="hmn"))
    reader.get(download_url(leaflet, "hmn", prefix="vi"))
    reader.get(download_url(leaflet, "vi"))
    assert count(leaflet, "hmn") == 2
    assert count(leaflet, "vi") == 1


def test_a_download_from_a_translated_page_counts_on_the_material(reader, leaflet):
    from materials.models import MaterialPage

    hmong = MaterialPage.objects.get(
        translation_key=leaflet.translation_key, locale__language_code="hmn"
    )
    assert reader.get(download_url(hmong, "hmn", prefix="hmn")).status_code == 200
    assert count(leaflet, "hmn") == 1


def test_head_is_not_counted(reader, leaflet):
    assert reader.head(download_url(leaflet)).status_code == 200
    assert count(leaflet) == 0


def test_range_request_is_not_counted(reader, leaflet):
    response = reader.get(download_url(leaflet), HTTP_RANGE="bytes=0-99")
    assert response.status_code == 200
    assert count(leaflet) == 0


def test_revalidation_with_the_etag_is_a_304_and_not_counted(reader, leaflet):
    first = reader.get(download_url(leaflet))
    again = reader.get(download_url(leaflet), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert count(leaflet) == 1


def test_revalidation_by_date_is_a_304_and_not_counted(reader, leaflet):
    first = reader.get(download_url(leaflet))
    again = reader.get(download_url(leaflet), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert count(leaflet) == 1


def test_a_stale_etag_gets_the_file_and_counts(reader, leaflet):
    response = reader.get(download_url(leaflet), HTTP_IF_NONE_MATCH='"an-old-version"')
    assert response.status_code == 200
    assert count(leaflet) == 1


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "curl/8.5.0",
        "",
    ],
)
def test_known_robots_are_served_but_not_counted(client, leaflet, user_agent):
    response = client.get(download_url(leaflet), HTTP_USER_AGENT=user_agent)
    assert response.status_code == 200
    assert count(leaflet) == 0


def test_every_reuse_must_revalidate(reader, leaflet):
    response = reader.get(download_url(leaflet))
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_an_unknown_language_or_kind_is_a_404(reader, leaflet):
    assert reader.get(download_url(leaflet, "km")).status_code == 404
    assert reader.get(download_url(leaflet, "vi", kind="audio")).status_code == 404
    assert reader.get(download_url(leaflet, "vi", kind="secrets")).status_code == 404
    assert count(leaflet, "km") == 0


def test_an_image_file_downloads_and_counts(reader, add_material):
    page = add_material("Áp phích ảnh", material_type="poster", languages=())
    MaterialFile.objects.create(page=page, language="vi", image=make_image())
    assert reader.get(download_url(page, kind="image")).status_code == 200
    assert count(page) == 1


def test_a_restricted_pages_file_is_not_served_to_an_anonymous_reader(reader, leaflet):
    PageViewRestriction.objects.create(page=leaflet, restriction_type=PageViewRestriction.LOGIN)
    response = reader.get(download_url(leaflet))
    assert response.status_code == 302
    assert "/_util/login/" in response["Location"] or "login" in response["Location"]
    assert count(leaflet) == 0


def test_a_restricted_page_is_served_to_a_member_of_the_group(reader, leaflet, django_user_model):
    group = Group.objects.create(name="Ban chỉ đạo")
    restriction = PageViewRestriction.objects.create(
        page=leaflet, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    user = django_user_model.objects.create_user("canbo")
    user.groups.add(group)
    reader.force_login(user)
    assert reader.get(download_url(leaflet)).status_code == 200
    assert count(leaflet) == 1


def test_a_document_in_a_restricted_collection_is_not_served(reader, add_material):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    page = add_material("Tài liệu nội bộ", languages=())
    MaterialFile.objects.create(
        page=page,
        language="vi",
        document=make_document("Nội bộ", b"%PDF-1.4 noi bo", "noi-bo.pdf", private),
    )
    response = reader.get(download_url(page))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert count(page) == 0


def test_a_download_sends_a_plausible_event_with_material_and_language(reader, leaflet, plausible):
    reader.get(download_url(leaflet, "hmn", prefix="hmn"), REMOTE_ADDR="203.0.113.9")
    [event] = plausible.wait_for(1)
    assert event["body"]["name"] == "Download"
    assert event["body"]["props"] == {"material": leaflet.title, "language": "hmn"}
    assert event["body"]["url"].endswith(f"/hmn/tai-lieu/{leaflet.pk}/tai-ve/hmn/document/")
    assert event["forwarded_for"] == "203.0.113.9"
    assert "Android" in event["user_agent"]


def test_no_plausible_event_for_an_uncounted_download(reader, leaflet, plausible):
    reader.head(download_url(leaflet))
    reader.get(download_url(leaflet), HTTP_RANGE="bytes=0-9")
    reader.get(download_url(leaflet))
    events = plausible.wait_for(1)
    assert len(events) == 1
