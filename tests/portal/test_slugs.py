"""Readable addresses from Vietnamese titles, on the server and in the editor's live slug."""

import pytest
from wagtail.models import Locale

from common.slugs import slug_for
from materials.demo import load_materials
from materials.models import MaterialIndexPage, MaterialPage, MaterialType

TITLE = "Sa Pa: học sinh trường dân tộc nội trú thảo luận về lời mời việc làm lạ"
SLUG = "sa-pa-hoc-sinh-truong-dan-toc-noi-tru-thao-luan-ve-loi-moi-viec-lam-la"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (TITLE, SLUG),
        ("Đường dây nóng 111", "duong-day-nong-111"),
        ("ĐẮK LẮK – Ê Đê", "dak-lak-e-de"),
        ("Xã Đạ M'ri", "xa-da-mri"),
        ("Người ở trọ, ước mơ", "nguoi-o-tro-uoc-mo"),
        ("Phòng, chống mua bán người", "phong-chong-mua-ban-nguoi"),
    ],
)
def test_a_vietnamese_title_gives_a_slug_with_every_letter_transliterated(title, slug):
    assert slug_for(title) == slug


@pytest.fixture
def library(demo_site):
    load_materials(demo_site)
    return MaterialIndexPage.objects.get(locale__language_code="vi")


def new_material(title):
    return MaterialPage(
        locale=Locale.objects.get(language_code="vi"),
        title=title,
        material_type=MaterialType.LEAFLET,
    )


@pytest.mark.django_db
def test_a_page_saved_without_a_slug_gets_the_transliterated_title(library):
    page = library.add_child(instance=new_material(TITLE))
    assert page.slug == SLUG
    assert page.url.endswith(f"/tai-lieu/{SLUG}/")


@pytest.mark.django_db
def test_full_clean_makes_the_slug_of_a_page_whose_slug_was_cleared(library):
    page = library.add_child(instance=new_material("Đường dây nóng"))
    page.slug = ""
    page.full_clean()
    assert page.slug == "duong-day-nong"


@pytest.mark.django_db
def test_a_second_page_with_the_same_title_gets_a_numbered_slug(library):
    library.add_child(instance=new_material("Đường dây nóng"))
    second = library.add_child(instance=new_material("Đường dây nóng"))
    assert second.slug == "duong-day-nong-2"


@pytest.mark.django_db
def test_the_page_editor_loads_the_script_that_transliterates_the_live_slug(
    client, admin_user, library
):
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/add/materials/materialpage/{library.pk}/")
    assert response.status_code == 200
    assert "common/js/vietnamese-slugs.js" in response.text
    # WAGTAIL_ALLOW_UNICODE_SLUGS is off: the attribute is left out, so the slug is ASCII.
    assert 'data-controller="w-slug"' in response.text
    assert "data-w-slug-allow-unicode-value" not in response.text
