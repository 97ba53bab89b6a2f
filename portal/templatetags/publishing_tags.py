from django import template
from wagtail.models import Page

from portal.meta import page_meta as build_page_meta

register = template.Library()


@register.inclusion_tag("components/page_meta.html", takes_context=True)
def page_meta(context):
    """Canonical link, hreflang alternates, Open Graph and Twitter tags of the page shown."""
    page = context.get("page")
    if not isinstance(page, Page):
        return {}
    return {
        "meta": build_page_meta(page, context["request"]),
        "SITE_NAME": context.get("SITE_NAME"),
    }
