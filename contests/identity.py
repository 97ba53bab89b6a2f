"""Who an entrant is: a Vietnamese phone number in one normal form, and an age from a birth year."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalise_phone(raw: str) -> str:
    """The number in E.164 ("0912 345 678" → "+84912345678"); refuses what is not a valid number."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("Nhập số điện thoại."), code="required")
    try:
        number = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Số điện thoại chưa đúng. Nhập số di động Việt Nam, ví dụ 0912 345 678."),
            code="invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def youngest_possible_age(birth_year: int, year: int) -> int:
    """The age a person born in ``birth_year`` may still be during ``year``.

    Only the birth year is asked, so someone born in 2010 may be 15 until their
    birthday in 2026: the guardian rule counts them as 15, to protect children.
    """
    return year - birth_year - 1


def needs_guardian(birth_year: int, year: int, min_age_without_guardian: int) -> bool:
    return youngest_possible_age(birth_year, year) < min_age_without_guardian
