from django import template
from django.utils.translation import get_language
from wagtail.models import Page

from portal import page_cache
from portal.languages import active_locale, language_links

register = template.Library()


@register.inclusion_tag("navigation/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context["request"]
    return {"links": language_links(request, context.get("page"))}


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    """Top-level menu pages of the current language's home, kept until the next publish."""
    request = context["request"]

    def build():
        locale = active_locale()
        home = Page.objects.filter(depth=2, locale=locale).first() if locale else None
        pages = home.get_children().live().in_menu() if home else []
        return [(page.title, page.get_url(request=request)) for page in pages]

    items = page_cache.remember(f"menu:{request.get_host()}:{get_language()}", build)
    return {"items": items}
