"""Every public section is reachable from the menu and the footer, in every language."""

import re

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from campaigns.models import ArticleIndexPage, CampaignIndexPage
from contests.models import ContestIndexPage
from materials.models import MaterialIndexPage

pytestmark = pytest.mark.django_db

SECTIONS = [CampaignIndexPage, ArticleIndexPage, MaterialIndexPage, ContestIndexPage]


@pytest.fixture
def demo_content(db):
    call_command("load_demo_content", verbosity=0)


def nav_links(html, css_class):
    nav = re.search(rf'<nav class="{css_class}"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, f"no nav.{css_class}"
    return re.findall(r'<a href="([^"]+)"', nav.group(1))


def expected_sections(code):
    """Each section in the reader's language where it exists (and is not a sample), else
    in Vietnamese; then the public indicators page."""
    urls = []
    for model in SECTIONS:
        pages = model.objects.live().filter(locale__language_code=code)
        page = next(
            (p for p in pages if not getattr(p, "awaiting_native_translation", False)), None
        )
        page = page or model.objects.live().get(locale__language_code="vi")
        urls.append(page.url)
    return [*urls, f"/{code}/chi-tieu/"]


def test_the_menu_and_the_footer_reach_the_five_public_sections_in_every_language(
    client, demo_content
):
    for code, _name in django_settings.LANGUAGES:
        html = client.get(f"/{code}/").content.decode()
        expected = expected_sections(code)
        assert nav_links(html, "main-menu")[:5] == expected, code
        assert nav_links(html, "footer-menu")[:5] == expected, code
        for url in expected:
            assert client.get(url, follow=True).status_code == 200, url


def test_a_section_not_in_the_readers_language_is_linked_in_vietnamese_and_says_so(
    client, demo_content
):
    for page in MaterialIndexPage.objects.exclude(locale__language_code="vi"):
        page.unpublish()
    html = client.get("/hmn/").content.decode()
    library = MaterialIndexPage.objects.get(locale__language_code="vi")
    assert f'<a href="{library.url}" lang="vi" hreflang="vi">{library.title}</a>' in html


def test_the_menu_lists_other_pages_an_officer_puts_in_the_home_menu(client, demo_site):
    from wagtail.models import Page

    page = Page(title="Giới thiệu", slug="gioi-thieu", show_in_menus=True)
    demo_site.add_child(instance=page)
    page.save_revision().publish()
    assert "/vi/gioi-thieu/" in nav_links(client.get("/vi/").content.decode(), "main-menu")


def test_favicon_ico_answers_with_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert (
        b"".join(response.streaming_content if response.streaming else [response.content])[:4]
        == b"\x00\x00\x01\x00"
    )
