"""Names as the public leaderboard shows them: the family name whole, the rest as initials.

"Nguyễn Văn An" becomes "Nguyễn V. A.": enough for a winner to recognise
themselves, not enough to find them. A one-word name keeps only its initial
("An" → "A."), since a lone given name with the school would identify a
person. Initials keep their diacritics ("Đặng Ánh" → "Đặng Á.").
"""

import unicodedata


def _initial(word: str) -> str:
    """The first letter of a word with its accents ("ánh" → "Á"), upper-cased."""
    letters = unicodedata.normalize("NFC", word)
    for index, char in enumerate(letters):
        if char.isalpha():
            # Keep the combining marks that follow a decomposed letter together with it.
            end = index + 1
            while end < len(letters) and unicodedata.combining(letters[end]):
                end += 1
            return letters[index:end].upper()
    return ""


def mask_name(full_name: str) -> str:
    """The public form of a name; "" for an empty or purged one."""
    words = [w for w in unicodedata.normalize("NFC", full_name or "").split() if w]
    words = [w for w in words if _initial(w)]
    if not words:
        return ""
    if len(words) == 1:
        return f"{_initial(words[0])}."
    family = words[0][:1].upper() + words[0][1:]
    return " ".join([family, *(f"{_initial(w)}." for w in words[1:])])
