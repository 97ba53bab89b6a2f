"""Where each enabled language lives for the page being shown: the language switcher's data."""

import unicodedata

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from locales.languages import lang_info
from portal import page_cache
from portal.meta import live_translations


def _live_homes():
    root_pages = Page.objects.filter(depth=2).live().select_related("locale")
    return {home.locale.language_code: home for home in root_pages}


def language_links(request, page=None):
    """One link per enabled language: the page's translation if it exists, else that
    language's home page, else the same URL under the other prefix."""
    current = get_language()
    translations = {}
    if isinstance(page, Page):
        for translation in live_translations(page):
            translations[translation.locale.language_code] = translation
    homes = {}
    if len(translations) < len(settings.LANGUAGES):
        homes = page_cache.remember("homes", _live_homes)

    links = []
    for code, _name in settings.LANGUAGES:
        target = translations.get(code) or homes.get(code)
        if target is not None:
            url = target.get_url(request=request)
        else:
            url = translate_url(request.get_full_path(), code)
        info = lang_info(code)
        links.append(
            {
                "code": code,
                # Django's own table stores some names decomposed; browsers and tests expect NFC.
                "name_local": unicodedata.normalize("NFC", info["name_local"]),
                "url": url,
                "is_current": code == current,
            }
        )
    return links


def active_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return None
