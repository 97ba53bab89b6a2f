"""Minority languages of Vietnam that Django does not know, registered once.

Each entry follows Django's LANG_INFO shape; ``name_local`` is the language's
name in the language itself, which is what the language switcher shows.
"""

import django.conf.locale

MINORITY_LANG_INFO = {
    # Django knows Khmer but names it "Khmer" in its own table; the switcher wants ខ្មែរ.
    "km": {"bidi": False, "code": "km", "name": "Khmer", "name_local": "ខ្មែរ"},
    "hmn": {"bidi": False, "code": "hmn", "name": "Hmong", "name_local": "Hmoob"},
    "tyz": {"bidi": False, "code": "tyz", "name": "Tày", "name_local": "Tày"},
    "blt": {"bidi": False, "code": "blt", "name": "Tai Dam (Thái)", "name_local": "Tày Đăm"},
    "rad": {"bidi": False, "code": "rad", "name": "Rade (Ê Đê)", "name_local": "Êđê"},
    "jra": {"bidi": False, "code": "jra", "name": "Jarai", "name_local": "Jrai"},
    "bdq": {"bidi": False, "code": "bdq", "name": "Bahnar (Ba Na)", "name_local": "Bahnar"},
    "nut": {"bidi": False, "code": "nut", "name": "Nung", "name_local": "Nùng"},
    "ium": {"bidi": False, "code": "ium", "name": "Iu Mien (Dao)", "name_local": "Iu Mienh"},
    "cjm": {"bidi": False, "code": "cjm", "name": "Eastern Cham (Chăm)", "name_local": "Cam"},
}

# How Vietnamese-speaking staff name each language (admin labels, sample marks).
VIETNAMESE_NAMES = {
    "vi": "tiếng Việt",
    "km": "tiếng Khmer",
    "hmn": "tiếng H'Mông",
    "tyz": "tiếng Tày",
    "blt": "tiếng Thái",
    "rad": "tiếng Ê Đê",
    "jra": "tiếng Gia Rai",
    "bdq": "tiếng Ba Na",
    "nut": "tiếng Nùng",
    "ium": "tiếng Dao",
    "cjm": "tiếng Chăm",
}


def content_language_choices():
    """The languages content may be in: Vietnamese and every minority language we know."""
    return [(code, name[:1].upper() + name[1:]) for code, name in VIETNAMESE_NAMES.items()]


def register():
    """Make Django's language tables know the minority codes. Idempotent."""
    for code, info in MINORITY_LANG_INFO.items():
        django.conf.locale.LANG_INFO[code] = {**django.conf.locale.LANG_INFO.get(code, {}), **info}


def lang_info(code):
    register()
    return django.conf.locale.LANG_INFO[code]
