"""The project's Vietnamese catalogs for Wagtail's admin and wagtail-localize.

Wagtail ships Vietnamese for a fraction of its interface; the project's own catalogs
under ``locales/overrides/vi/`` translate every msgid of the apps below. They sit in a
LOCALE_PATHS entry of their own so that ``make messages`` (which rewrites
``locales/<code>/``) never touches them, and LOCALE_PATHS take precedence over the
packages' catalogs.

The msgids come from the packages' own ``en`` catalogs, which list every msgid.
"""

import re
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

import polib

OVERRIDES_DIR = Path(__file__).resolve().parent / "overrides"
LANGUAGE = "vi"

# (name shown in reports, package, path of its locale dir inside the package)
APPS = [
    ("admin", "wagtail", "admin/locale"),
    ("core", "wagtail", "locale"),
    ("wagtail-localize", "wagtail_localize", "locale"),
    ("snippets", "wagtail", "snippets/locale"),
    ("images", "wagtail", "images/locale"),
    ("documents", "wagtail", "documents/locale"),
    ("users", "wagtail", "users/locale"),
    ("search", "wagtail", "search/locale"),
    # Also in the admin's menus every day, though the issue did not name them.
    ("redirects", "wagtail", "contrib/redirects/locale"),
    ("forms", "wagtail", "contrib/forms/locale"),
    ("settings", "wagtail", "contrib/settings/locale"),
    ("embeds", "wagtail", "embeds/locale"),
    ("sites", "wagtail", "sites/locale"),
    ("locales", "wagtail", "locales/locale"),
    ("wagtail-localize-locales", "wagtail_localize", "locales/locale"),
]
DOMAINS = ("django", "djangojs")

PLACEHOLDER = re.compile(
    r"%%|%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[-#0 +]*\d*(?:\.\d+)?[sdifr]|\{[\w.]*\}"
)


def placeholders(text):
    """The format placeholders of a string, as a sorted list (``%%`` is not one)."""
    return sorted(match for match in PLACEHOLDER.findall(text) if match != "%%")


def package_locale_dir(package, subpath):
    spec = find_spec(package)
    return Path(spec.origin).parent / subpath


def source_entries(app_name, domain):
    """The msgids of one app and domain, read from the package's ``en`` catalog."""
    for name, package, subpath in APPS:
        if name == app_name:
            path = package_locale_dir(package, subpath) / "en" / "LC_MESSAGES" / f"{domain}.po"
            if not path.exists():
                return []
            return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]
    raise KeyError(app_name)


def package_catalog(app_name, domain, language=LANGUAGE):
    for name, package, subpath in APPS:
        if name == app_name:
            path = package_locale_dir(package, subpath) / language / "LC_MESSAGES" / f"{domain}.po"
            return polib.pofile(str(path)) if path.exists() else None
    raise KeyError(app_name)


def override_path(domain, language=LANGUAGE):
    return OVERRIDES_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def key(entry):
    return (entry.msgctxt or "", entry.msgid)


def translation_of(entry):
    """The Vietnamese of an entry, or "" when it has none (fuzzy counts as none)."""
    if entry is None or entry.obsolete or "fuzzy" in entry.flags:
        return ""
    if entry.msgid_plural:
        return entry.msgstr_plural.get(0, "") or ""
    return entry.msgstr


def placeholders_match(source, text):
    """Whether a translation keeps the source's placeholders (vi has one plural form)."""
    expected = source.msgid_plural or source.msgid
    if placeholders(text) == placeholders(expected):
        return True
    # A plural whose singular names the count in words ("One page") may keep either form.
    return bool(source.msgid_plural) and placeholders(text) == placeholders(source.msgid)


@dataclass
class Coverage:
    app: str
    total: int
    translated: int
    reviewed: int
    missing: list
    broken: list

    @property
    def percent(self):
        return 100 * self.translated / self.total if self.total else 100.0


def coverage(language=LANGUAGE):
    """Per app: msgids of its catalogs, how many our catalogs translate, how many reviewed."""
    ours = {}
    for domain in DOMAINS:
        path = override_path(domain, language)
        ours[domain] = {key(e): e for e in polib.pofile(str(path))} if path.exists() else {}
    result = []
    for app_name, _package, _subpath in APPS:
        total = translated = reviewed = 0
        missing, broken = [], []
        for domain in DOMAINS:
            for source in source_entries(app_name, domain):
                total += 1
                entry = ours[domain].get(key(source))
                text = translation_of(entry)
                if not text:
                    missing.append((domain, source.msgid))
                elif not placeholders_match(source, text):
                    broken.append((domain, source.msgid, text))
                else:
                    translated += 1
                    if "reviewed" in entry.flags:
                        reviewed += 1
        result.append(Coverage(app_name, total, translated, reviewed, missing, broken))
    return result
