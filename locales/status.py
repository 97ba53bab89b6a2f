"""The translation status of each language: interface strings, pages, and what other apps
count (material files), reviewed by a native speaker or not.

Apps above this one register their counts here when ready (``register_count``), so this
module never imports them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from locales import interface_strings
from locales.languages import VIETNAMESE_NAMES

_COUNTS = []


@dataclass
class ContentCount:
    label: str
    done: int
    total: int
    samples: int = 0  # language versions that are still the Vietnamese sample


def register_count(label, count):
    """``count(language)`` returns ``(done, total)`` or ``(done, total, samples)``."""
    _COUNTS.append((label, count))


def page_count(language):
    """Pages in the language (not counting Vietnamese samples) out of the Vietnamese pages."""
    from wagtail.models import Page, get_page_models

    def pages(code):
        return Page.objects.filter(depth__gt=1, locale__language_code=code)

    total = pages(settings.LANGUAGE_CODE).count()
    if language == settings.LANGUAGE_CODE:
        return total, total, 0
    samples = sum(
        model.objects.filter(
            locale__language_code=language, awaiting_native_translation=True
        ).count()
        for model in get_page_models()
        if not model._meta.abstract
        and any(f.name == "awaiting_native_translation" for f in model._meta.local_fields)
    )
    return pages(language).count() - samples, total, samples


register_count(_("Trang"), page_count)


def language_status(language):
    counts = []
    for label, count in _COUNTS:
        done, total, *rest = count(language)
        counts.append(ContentCount(str(label), done, total, rest[0] if rest else 0))
    result = interface_strings.status(language, counts)
    result.name = VIETNAMESE_NAMES.get(language, language)
    result.is_source = language == settings.LANGUAGE_CODE
    return result


def all_statuses():
    return [language_status(code) for code, _name in settings.LANGUAGES]
