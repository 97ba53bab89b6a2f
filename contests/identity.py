"""Who an entrant is: a phone number in one normal form, proof of controlling it, an age.

Proof of control is either a one-time code sent by SMS (``send_code``,
``check_code``) or the signed device token handed out with an earlier attempt
(``device_token``): without one, nobody may change an entrant's details or
start an attempt in their name.
"""

import datetime
import functools
import hashlib
import hmac
import secrets

import phonenumbers
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import sms
from contests.models import PhoneCode


def normalise_phone(raw: str) -> str:
    """The number in E.164 ("0912 345 678" → "+84912345678"); refuses what is not a valid number."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("Nhập số điện thoại."), code="required")
    number = _e164(text[:40])
    if number is None:
        raise ValidationError(
            _("Số điện thoại chưa đúng. Nhập số di động Việt Nam, ví dụ 0912 345 678."),
            code="invalid",
        )
    return number


@functools.lru_cache(maxsize=4096)
def _e164(text: str) -> str | None:
    # Parsing is the costly part of a start, and one request needs the number several times.
    try:
        number = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def youngest_possible_age(birth_year: int, year: int) -> int:
    """The age a person born in ``birth_year`` may still be during ``year``.

    Only the birth year is asked, so someone born in 2010 may be 15 until their
    birthday in 2026: the guardian rule counts them as 15, to protect children.
    """
    return year - birth_year - 1


def needs_guardian(birth_year: int, year: int, min_age_without_guardian: int) -> bool:
    return youngest_possible_age(birth_year, year) < min_age_without_guardian


# --- Proof of control of a phone ---------------------------------------------------

CODE_DIGITS = 6
DEVICE_TOKEN_SALT = "contests.device"  # noqa: S105 (a namespace, not a secret)
DEVICE_TOKEN_MAX_AGE = 366 * 24 * 3600


def phone_key(phone: str) -> str:
    """A keyed hash (HMAC-SHA256 with SECRET_KEY) of a normalised phone number.

    Rate-limit counters and one-time codes are filed under it, so neither the
    cache nor those tables hold a number, and nothing is left after a purge.
    """
    return hmac.new(
        settings.SECRET_KEY.encode(), f"contests.phone:{phone}".encode(), hashlib.sha256
    ).hexdigest()


def _code_hash(key: str, code: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"contests.code:{key}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def send_code(contest_id: int, phone: str, now=None):
    """Send a new one-time code to ``phone`` for this contest; earlier codes stop working.

    Raises ``sms.NotSent`` when the gateway fails (nothing is kept then).
    """
    now = now or timezone.now()
    key = phone_key(phone)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    with transaction.atomic():
        PhoneCode.objects.filter(contest_id=contest_id, phone_key=key).delete()
        PhoneCode.objects.create(
            contest_id=contest_id,
            phone_key=key,
            code_hash=_code_hash(key, code),
            created_at=now,
            expires_at=now + datetime.timedelta(seconds=settings.CONTEST_CODE_SECONDS),
        )
        minutes = max(1, settings.CONTEST_CODE_SECONDS // 60)
        sms.send(
            phone,
            _("Mã xác minh dự thi của bạn là %(code)s, dùng trong %(minutes)d phút.")
            % {"code": code, "minutes": minutes},
        )


def check_code(contest_id: int, phone: str, code: str, now=None) -> bool:
    """Whether ``code`` is the live code of this phone; a right code is used up.

    Each code allows CONTEST_CODE_TRIES guesses, so six digits cannot be guessed.
    """
    now = now or timezone.now()
    code = "".join((code or "").split())
    if not code.isdigit():
        return False
    key = phone_key(phone)
    with transaction.atomic():
        live = (
            PhoneCode.objects.select_for_update()
            .filter(contest_id=contest_id, phone_key=key, expires_at__gt=now)
            .filter(tries__lt=settings.CONTEST_CODE_TRIES)
            .first()
        )
        if live is None:
            return False
        if hmac.compare_digest(live.code_hash, _code_hash(key, code)):
            PhoneCode.objects.filter(contest_id=contest_id, phone_key=key).delete()
            return True
        PhoneCode.objects.filter(pk=live.pk).update(tries=F("tries") + 1)
        return False


def device_token(contest_id: int, participant_id: int, phone: str) -> str:
    """A signed token that this device started an attempt as this participant."""
    return signing.dumps(
        {"c": contest_id, "p": participant_id, "k": phone_key(phone)[:16]},
        salt=DEVICE_TOKEN_SALT,
        compress=True,
    )


def device_participant(token: str | None, contest_id: int, phone: str | None = None):
    """The participant id ``token`` proves, for this contest (and this phone, if given)."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=DEVICE_TOKEN_SALT, max_age=DEVICE_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") != contest_id:
        return None
    if phone is not None and data.get("k") != phone_key(phone)[:16]:
        return None
    participant_id = data.get("p")
    return participant_id if isinstance(participant_id, int) else None
