"""Where each enabled language lives for the page being shown: the language switcher's data."""

import unicodedata

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from locales.languages import lang_info
from portal.meta import live_translations


def language_links(request, page=None):
    """The languages the reader can switch to, one link each.

    On a page: only the languages the page exists in (its live versions); a page is never
    offered in a language it has not been translated into. A home page has a version in
    every enabled language. Elsewhere (search, the indicators page, /log/), which exist in
    every language: the same URL under the other prefix.
    """
    current = get_language()
    if isinstance(page, Page):
        versions = {t.locale.language_code: t for t in live_translations(page)}
        targets = {code: versions[code].get_url(request=request) for code in versions}
    else:
        targets = {
            code: translate_url(request.get_full_path(), code) for code, _name in settings.LANGUAGES
        }

    links = []
    for code, _name in settings.LANGUAGES:
        if code not in targets:
            continue
        info = lang_info(code)
        links.append(
            {
                "code": code,
                # Django's own table stores some names decomposed; browsers and tests expect NFC.
                "name_local": unicodedata.normalize("NFC", info["name_local"]),
                "url": targets[code],
                "is_current": code == current,
            }
        )
    return links if len(links) > 1 else []


def active_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return None
