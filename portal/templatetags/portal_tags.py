from django import template
from django.utils.translation import get_language

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
