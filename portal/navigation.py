"""The menu and the footer: the five public sections, in every language, then any other
page an officer put in the home page's menu.

A section not (yet) in the reader's language is linked in Vietnamese, marked with ``lang``
so a screen reader pronounces it right; the public indicators page is a view and exists
in every language.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from campaigns.models import ArticleIndexPage, CampaignIndexPage
from contests.models import ContestIndexPage
from indicators.views import PUBLIC_NAMESPACE
from materials.models import MaterialIndexPage
from portal.languages import active_locale

SECTION_MODELS = [CampaignIndexPage, ArticleIndexPage, MaterialIndexPage, ContestIndexPage]


def _section_page(model, locale_codes):
    """The first live public page of ``model`` in the first of ``locale_codes`` that has one,
    skipping versions that are only a sample of the Vietnamese text."""
    pages = model.objects.live().public().select_related("locale").order_by("path")
    found = {}
    for page in pages.filter(locale__language_code__in=locale_codes):
        if getattr(page, "awaiting_native_translation", False):
            continue
        found.setdefault(page.locale.language_code, page)
    return next((found[code] for code in locale_codes if code in found), None)


def _item(page, request, language):
    code = page.locale.language_code
    return {
        "title": page.title,
        "url": page.get_url(request=request),
        "lang": code if code != language else "",
    }


def menu_items(request):
    """[{title, url, lang}]: campaigns, news, library, contests, indicators, then the other
    pages in the current home page's menu."""
    language = get_language()
    codes = list(dict.fromkeys([language, settings.LANGUAGE_CODE]))
    items = []
    for model in SECTION_MODELS:
        page = _section_page(model, codes)
        if page is not None:
            items.append(_item(page, request, language))
    items.append(
        {"title": _("Số liệu chỉ tiêu"), "url": reverse(f"{PUBLIC_NAMESPACE}:index"), "lang": ""}
    )
    locale = active_locale()
    home = Page.objects.filter(depth=2, locale=locale).first() if locale else None
    if home is not None:
        section_types = {model._meta.model_name for model in SECTION_MODELS}
        others = home.get_children().live().public().in_menu().select_related("locale")
        for page in others.select_related("content_type"):
            if page.content_type.model not in section_types:
                items.append(_item(page, request, language))
    return items
