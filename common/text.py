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


# Control characters (C0, DEL, C1) other than tab and newline, and the zero-width
# and bidirectional marks that make two identical-looking texts differ.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def clean_text(text: str) -> str:
    """Text as it is compared and stored: NFC, without control or invisible characters.

    Vietnamese typed on another phone may arrive decomposed (NFD): "ộ" as o + two
    marks. Both forms become one, so a resend in another form is the same record.
    Carriage returns become newlines; tabs and newlines stay.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
