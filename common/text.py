"""Text as people type it: folded for search and lookups, so that "lao dong" meets "lao động"."""

import re
import unicodedata

from unidecode import unidecode


def nfc(text: str) -> str:
    """One spelling of each letter: "ế" typed as e + two combining marks becomes the single "ế".

    Phones and pasted text send both forms; stored text and queries are NFC so they compare.
    """
    return unicodedata.normalize("NFC", text)


def search_name_for(text: str) -> str:
    """Lowercase, without diacritics or punctuation: "Xã Đạ M'ri" → "xa da mri".

    Names and queries go through the same function, so they meet in the middle. This is the
    one folding function of the project: unit and venue names, the page search index and
    queries all use it.
    """
    ascii_text = unidecode(nfc(text)).lower().replace("'", "")
    return re.sub(r"[^0-9a-z]+", " ", ascii_text).strip()


def marked_words(text: str) -> list[str]:
    """The words of ``text`` typed with marks, lowercase NFC: "Phòng chong" → ["phòng"].

    Search ranks the pages that carry these exact spellings first.
    """
    words = re.findall(r"\w+", nfc(text).lower())
    return [word for word in words if search_name_for(word) != word]
