"""Text as people type it: folded for search and lookups, so that "lao dong" meets "lao động"."""

import re

from unidecode import unidecode


def search_name_for(text: str) -> str:
    """Lowercase, without diacritics or punctuation: "Xã Đạ M'ri" → "xa da mri".

    Names and queries go through the same function, so they meet in the middle.
    """
    ascii_text = unidecode(text).lower().replace("'", "")
    return re.sub(r"[^0-9a-z]+", " ", ascii_text).strip()
