from django import template
from wagtail.models import Page

from portal.languages import active_locale, language_links

register = template.Library()


@register.inclusion_tag("navigation/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context["request"]
    return {"links": language_links(request, context.get("page"))}


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    """Top-level menu pages of the current language's home."""
    locale = active_locale()
    home = Page.objects.filter(depth=2, locale=locale).first() if locale else None
    items = home.get_children().live().in_menu() if home else Page.objects.none()
    return {"home": home, "items": items, "request": context["request"]}
