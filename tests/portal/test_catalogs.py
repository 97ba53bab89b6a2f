from django.core import checks
from django.test import override_settings

from locales.checks import enabled_languages_have_catalogs
from locales.languages import MINORITY_LANG_INFO


def test_every_registered_minority_language_has_a_catalog_with_plural_forms(settings):
    for code in MINORITY_LANG_INFO:
        catalog = settings.LOCALE_PATHS[0] / code / "LC_MESSAGES" / "django.po"
        assert "Plural-Forms: nplurals=" in catalog.read_text(), code


def test_enabling_a_language_without_a_catalog_is_a_system_check_error():
    with override_settings(LANGUAGES=[("vi", "Tiếng Việt"), ("xx", "Unknown")]):
        errors = enabled_languages_have_catalogs()
    assert [error.id for error in errors] == ["locales.E001"]
    assert errors[0].level == checks.ERROR


def test_the_default_languages_pass_the_catalog_check():
    assert enabled_languages_have_catalogs() == []
