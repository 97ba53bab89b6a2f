"""The menu and the footer: the five public sections, in every language, then any other
page an officer put in the home page's menu.

A section not (yet) in the reader's language is linked in Vietnamese, marked with ``lang``
so a screen reader pronounces it right; the public indicators page is a view and exists
in every language.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from campaigns.models import ArticleIndexPage, CampaignIndexPage
from contests.models import ContestIndexPage
from indicators.views import PUBLIC_NAMESPACE
from materials.models import MaterialIndexPage

SECTION_MODELS = [CampaignIndexPage, ArticleIndexPage, MaterialIndexPage, ContestIndexPage]


def _section_pages(locale_codes):
    """{model: page}: for each section, its first live public page in the first of
    ``locale_codes`` that has one, skipping versions that are only a sample of the
    Vietnamese text. One query."""
    condition = Q(pk__in=[])
    for model in SECTION_MODELS:
        condition |= Q(
            content_type=ContentType.objects.get_for_model(model),
            **{f"{model._meta.model_name}__awaiting_native_translation": False},
        )
    pages = (
        Page.objects.live()
        .public()
        .filter(condition, locale__language_code__in=locale_codes)
        .select_related("locale", "content_type")
        .order_by("path")
    )
    found = {}
    for page in pages:
        found.setdefault((page.content_type_id, page.locale.language_code), page)
    chosen = {}
    for model in SECTION_MODELS:
        content_type = ContentType.objects.get_for_model(model)
        for code in locale_codes:
            if (content_type.pk, code) in found:
                chosen[model] = found[(content_type.pk, code)]
                break
    return chosen


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
    sections = _section_pages(codes)
    for model in SECTION_MODELS:
        if model in sections:
            items.append(_item(sections[model], request, language))
    items.append(
        {"title": _("Số liệu chỉ tiêu"), "url": reverse(f"{PUBLIC_NAMESPACE}:index"), "lang": ""}
    )
    # The home page's other menu pages: every page at depth 3 of a language is a child of
    # that language's one home page.
    others = (
        Page.objects.live()
        .public()
        .in_menu()
        .filter(depth=3, locale__language_code=language)
        .exclude(content_type__in=[ContentType.objects.get_for_model(m) for m in SECTION_MODELS])
        .select_related("locale")
        .order_by("path")
    )
    items += [_item(page, request, language) for page in others]
    return items
