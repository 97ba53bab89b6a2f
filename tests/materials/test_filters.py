"""The library's filters, search and pages: a plain GET form."""

import pytest

from campaigns.models import CampaignPage
from materials.models import MaterialPage

pytestmark = pytest.mark.django_db


def titles(response):
    return [item["page"].title for item in response.context["items"]]


def test_library_lists_the_live_materials_of_its_language(reader, demo_library):
    response = reader.get(demo_library.url)
    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert "3 tài liệu" in response.content.decode()


def test_filter_leaflet_for_students_in_hmong_finds_the_leaflet(reader, demo_library):
    response = reader.get(
        demo_library.url, {"type": "leaflet", "audience": "students", "language": "hmn"}
    )
    assert titles(response) == ["Cảnh giác trước lời mời việc làm lương cao"]


def test_filter_by_type(reader, demo_library):
    assert titles(reader.get(demo_library.url, {"type": "qa"})) == [
        "Hỏi đáp về phòng, chống mại dâm cho người lao động"
    ]


def test_filter_by_audience(reader, demo_library):
    found = titles(reader.get(demo_library.url, {"audience": "iz_workers"}))
    assert sorted(found) == [
        "Hỏi đáp về phòng, chống mại dâm cho người lao động",
        "Áp phích: Chung tay nói không với mua bán người",
    ]


def test_filter_by_language_keeps_only_materials_with_a_file_in_it(reader, demo_library):
    assert len(titles(reader.get(demo_library.url, {"language": "hmn"}))) == 1
    assert titles(reader.get(demo_library.url, {"language": "km"})) == []


def test_filter_by_campaign(reader, demo_library, add_material):
    parent = demo_library.get_parent()
    from campaigns.models import CampaignIndexPage

    index = CampaignIndexPage(title="Chiến dịch", slug="chien-dich", locale=demo_library.locale)
    parent.add_child(instance=index)
    campaign = CampaignPage(
        title="Tháng hành động 2025",
        slug="thang-hanh-dong",
        theme="Phòng, chống mua bán người",
        starts_on="2025-07-01",
        ends_on="2025-07-31",
        locale=demo_library.locale,
    )
    index.add_child(instance=campaign)
    campaign.save_revision().publish()
    add_material("Tờ rơi tháng hành động", campaign=CampaignPage.objects.get(pk=campaign.pk))
    response = reader.get(demo_library.url, {"campaign": campaign.pk})
    assert titles(response) == ["Tờ rơi tháng hành động"]
    assert "Tháng hành động 2025" in response.content.decode()


def test_search_finds_words_in_the_summary(reader, demo_library):
    found = titles(reader.get(demo_library.url, {"q": "đồng nghiệp"}))
    assert found == ["Hỏi đáp về phòng, chống mại dâm cho người lao động"]


def test_unknown_filter_values_are_ignored_not_refused(reader, demo_library):
    response = reader.get(demo_library.url, {"type": "nonsense", "campaign": "abc", "trang": "x"})
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_library_pages_through_many_materials(reader, demo_library, add_material):
    for number in range(12):
        add_material(f"Áp phích số {number}", material_type="poster")
    first = reader.get(demo_library.url, {"type": "poster"})
    assert len(titles(first)) == 12
    assert "trang=2" in first.content.decode()
    second = reader.get(demo_library.url, {"type": "poster", "trang": 2})
    assert len(titles(second)) == 1
    assert 'rel="prev"' in second.content.decode()


def test_hmong_filter_links_the_student_to_the_hmong_page(reader, demo_library):
    response = reader.get(demo_library.url, {"language": "hmn"})
    hmong = MaterialPage.objects.get(locale__language_code="hmn", slug="canh-giac-loi-moi-viec-lam")
    assert f'href="{hmong.url}"' in response.content.decode()


def test_library_form_works_without_javascript(reader, demo_library):
    html = reader.get(demo_library.url).content.decode()
    assert 'method="get"' in html
    assert "<script" not in html.split("<main", 1)[1]
