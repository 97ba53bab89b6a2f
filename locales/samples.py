"""Sample language versions: the Vietnamese text standing in until a native translator writes
the real one. Never an invented translation: a sample is titled and flagged as such, in the
data (a wagtail-localize string translation and a field) and on the page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from locales.languages import VIETNAMESE_NAMES

SAMPLE_MARK = "[Bản mẫu – chờ người dịch {language}]"


def sample_mark(language_code):
    return SAMPLE_MARK.format(language=VIETNAMESE_NAMES.get(language_code, language_code))


def sample_translation_flag():
    """Marks a language version that is still the Vietnamese text awaiting a native translator."""
    return models.BooleanField(
        _("bản mẫu, chờ người dịch bản ngữ"),
        default=False,
        help_text=_(
            "Bật khi nội dung của ngôn ngữ này chỉ là bản mẫu, chưa do người bản ngữ dịch. "
            "Trang sẽ hiện thông báo cho người đọc."
        ),
    )


def create_sample_translation(page, locale):
    """Publish ``page`` in ``locale`` as a sample: the Vietnamese text, its title marked."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    segment = StringSegment.objects.get(source=source, context__path="title")
    StringTranslation.objects.update_or_create(
        translation_of=segment.string,
        locale=locale,
        context=segment.context,
        defaults={
            "data": f"{sample_mark(locale.language_code)} {page.title}",
            "translation_type": "manual",
        },
    )
    translation, _created = source.create_or_update_translation(
        locale, publish=False, fallback=True
    )
    translation.awaiting_native_translation = True
    translation.save_revision().publish()
    return translation
