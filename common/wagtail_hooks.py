"""The editor's live slug transliterates Vietnamese letters (see common/slugs.py)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def vietnamese_slugs_js():
    return format_html('<script src="{}"></script>', static("common/js/vietnamese-slugs.js"))
