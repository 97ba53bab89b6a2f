from django import template
from django.conf import settings
from django.utils.translation import get_language, gettext, gettext_noop

from portal import page_cache
from portal.languages import language_links
from portal.navigation import menu_items

register = template.Library()


@register.inclusion_tag("navigation/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context["request"]
    return {"links": language_links(request, context.get("page"))}


def _menu(context):
    """The sections of the current language, kept until the next publish."""
    request = context["request"]
    key = f"menu:{request.get_host()}:{get_language()}"
    return page_cache.remember(key, lambda: menu_items(request))


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    return {"items": _menu(context)}


@register.inclusion_tag("navigation/footer_menu.html", takes_context=True)
def footer_menu(context):
    return {"items": _menu(context)}


# Shown on a minority-language home page: one line, in the reader's language where the
# catalog has it, else in Vietnamese (and marked so).
MORE_IN_VIETNAMESE = gettext_noop("Nhiều thông tin và tài liệu hơn hiện chỉ có bằng tiếng Việt.")


@register.inclusion_tag("components/more_in_vietnamese.html")
def more_in_vietnamese():
    text = gettext(MORE_IN_VIETNAMESE)
    translated = text != MORE_IN_VIETNAMESE
    return {
        "text": text,
        "lang": get_language() if translated else settings.LANGUAGE_CODE,
        "vietnamese_home": f"/{settings.LANGUAGE_CODE}/",
    }
