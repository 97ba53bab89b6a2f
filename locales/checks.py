from pathlib import Path

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.translation)
def enabled_languages_have_catalogs(app_configs=None, **kwargs):
    """Django ignores a language without a compiled catalog: /hmn/ would redirect to /vi/hmn/."""
    errors = []
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        catalogs = [
            Path(path) / code / "LC_MESSAGES" / "django.po" for path in settings.LOCALE_PATHS
        ]
        if not any(catalog.exists() for catalog in catalogs):
            errors.append(
                checks.Error(
                    f"Language '{code}' is enabled but has no catalog in LOCALE_PATHS.",
                    hint=f"Run `manage.py makemessages -l {code}` and commit the .po file.",
                    id="locales.E001",
                )
            )
    return errors
