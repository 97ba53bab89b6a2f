import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from portal.models import HomePage

pytestmark = pytest.mark.django_db


def test_demo_home_page_exists_in_every_enabled_language(demo_site):
    codes = set(HomePage.objects.live().values_list("locale__language_code", flat=True))
    assert codes == {"vi", "hmn", "km"}


def test_loading_demo_content_twice_changes_nothing(demo_site):
    call_command("load_demo_content", verbosity=0)  # the apps' demo content, beyond the home pages
    before = Page.objects.count()
    call_command("load_demo_content", verbosity=0)
    assert Page.objects.count() == before


def test_a_minority_home_page_copies_no_vietnamese_text_and_is_flagged_untranslated(demo_site):
    hmong = HomePage.objects.get(locale__language_code="hmn")
    assert hmong.awaiting_native_translation is True
    assert hmong.title == demo_site.title  # the Vietnamese title, without a sample mark
    assert (hmong.intro, str(hmong.body)) == ("", "")
    assert hmong.hotline_number == "111"
    assert HomePage.objects.get(locale__language_code="vi").awaiting_native_translation is False


def test_an_untranslated_home_page_marks_its_vietnamese_text_as_vietnamese(client, demo_site):
    html = client.get("/hmn/").text
    assert "Bản mẫu" not in html
    assert '<div class="wrap" lang="vi">' in html


def test_default_site_points_at_the_vietnamese_home(demo_site):
    assert Site.objects.get(is_default_site=True).root_page_id == demo_site.id
