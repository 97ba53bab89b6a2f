"""Minority languages are honest and light: no sample copies of the Vietnamese published,
pages offered only in the languages they exist in, one line saying more is in Vietnamese,
and Khmer text in a small self-hosted font."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from wagtail.models import Locale, Page

from campaigns.models import CampaignIndexPage
from contests.models import Question
from locales.samples import create_sample_translation, sample_mark
from materials.models import MaterialFile, MaterialIndexPage
from portal.models import HomePage
from portal.templatetags import portal_tags

pytestmark = pytest.mark.django_db
MARK = "[Bản mẫu – chờ người dịch"


@pytest.fixture
def demo_content(db):
    call_command("load_demo_content", verbosity=0)


def switcher_codes(html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    return re.findall(r'hreflang="([^"]+)"', nav.group(0)) if nav else []


def test_the_demo_publishes_no_sample_copy_of_the_vietnamese_in_any_language(demo_content):
    assert not Page.objects.live().filter(title__contains=MARK).exists()
    assert not MaterialFile.objects.filter(document__title__contains=MARK).exists()
    assert not any(MARK in str(q.texts) for q in Question.objects.all())
    for home in HomePage.objects.exclude(locale__language_code="vi"):
        assert home.live and home.awaiting_native_translation
        assert (home.intro, str(home.body)) == ("", "")
        assert home.title == HomePage.objects.get(locale__language_code="vi").title


def test_a_page_is_offered_only_in_the_languages_it_exists_in(client, demo_content):
    library = MaterialIndexPage.objects.get(locale__language_code="vi")
    assert switcher_codes(client.get(library.url).text) == []
    assert switcher_codes(client.get("/vi/").text) == [code for code, _ in settings.LANGUAGES]
    # A view that exists in every language keeps every language.
    assert switcher_codes(client.get("/vi/chi-tieu/").text) == [
        code for code, _ in settings.LANGUAGES
    ]


def test_a_minority_home_page_says_in_one_line_that_more_is_in_vietnamese(client, demo_content):
    html = client.get("/hmn/").text
    line = re.search(r'<p class="more-in-vietnamese" lang="([^"]+)">(.*?)</p>', html, re.S)
    assert line, "no line on the H'Mông home page"
    # No translator has given the line in H'Mông yet: it shows in Vietnamese, marked so.
    assert line.group(1) == "vi"
    assert 'href="/vi/" lang="vi" hreflang="vi"' in line.group(2)
    assert "more-in-vietnamese" not in client.get("/vi/").text
    assert MARK not in html


def test_the_line_is_in_the_readers_language_where_a_translator_gave_it(
    client, demo_content, monkeypatch
):
    catalog = {portal_tags.MORE_IN_VIETNAMESE: "Muaj ntau ntxiv ua lus Nyab Laj."}
    monkeypatch.setattr(portal_tags, "gettext", lambda text: catalog.get(text, text))
    html = client.get("/hmn/").text
    assert '<p class="more-in-vietnamese" lang="hmn">Muaj ntau ntxiv ua lus Nyab Laj.' in html


def test_menus_never_carry_the_sample_prefix(client, demo_content):
    index = CampaignIndexPage.objects.get(locale__language_code="vi")
    create_sample_translation(index, Locale.objects.get(language_code="hmn"))
    html = client.get("/hmn/").text
    menu = re.search(r'<nav class="main-menu".*?</nav>', html, re.S).group(0)
    assert MARK not in menu
    assert f'<a href="{index.url}" lang="vi" hreflang="vi">{index.title}</a>' in menu


def test_withdrawing_sample_translations_unpublishes_them_and_a_second_run_changes_nothing(
    demo_content,
):
    hmong = Locale.objects.get(language_code="hmn")
    vi_home = HomePage.objects.get(locale__language_code="vi")
    # What an earlier version of the demo published: marked copies of the Vietnamese.
    HomePage.objects.get(locale=hmong).delete()
    create_sample_translation(vi_home, hmong)
    index = CampaignIndexPage.objects.get(locale__language_code="vi")
    sample_index = create_sample_translation(index, hmong)
    question = Question.objects.first()
    question.texts = {
        **question.texts,
        "hmn": {"text": f"{sample_mark('hmn')} {question.texts['vi']['text']}"},
    }
    question.save()

    out = call_command_output("withdraw_sample_translations")
    assert "1 sample pages unpublished, 1 home pages reduced" in out
    sample_index.refresh_from_db()
    assert not sample_index.live
    home = HomePage.objects.get(locale=hmong)
    assert home.live and home.title == vi_home.title and home.intro == ""
    question.refresh_from_db()
    assert "hmn" not in question.texts
    assert not Page.objects.live().filter(title__contains=MARK).exists()

    again = call_command_output("withdraw_sample_translations")
    assert again.startswith("0 sample pages unpublished, 0 home pages reduced, 0 sample files")


def call_command_output(name):
    import io

    out = io.StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


def test_khmer_text_gets_a_small_self_hosted_font():
    font = Path(finders.find("fonts/noto-sans-khmer.woff2"))
    data = font.read_bytes()
    assert data[:4] == b"wOF2"
    assert len(data) < 20 * 1024
    css = Path(finders.find("css/site.css")).read_text()
    assert 'url("../fonts/noto-sans-khmer.woff2") format("woff2")' in css
    assert "unicode-range: U+1780-17FF" in css
    assert (font.parent / "OFL.txt").read_text().count("SIL Open Font License") >= 1
