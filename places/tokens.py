"""API tokens: made once, shown once, stored only as a digest.

The tokens are Wagtail's own ``wagtail.models.APIToken`` rows (Wagtail 8 ships
the model and its table): the stored digest is an HMAC-SHA-256 of the token
keyed with ``SECRET_KEY`` (``SECRET_KEY_FALLBACKS`` are tried too, so tokens
survive a key rotation window). A token acts as its user: the same
permissions, the same subtree (``places.scope``).
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import APIToken

# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def create_token(user, name: str) -> tuple[APIToken, str]:
    """Make a token for ``user``; the plaintext is returned here and stored nowhere."""
    return APIToken.create_token(user=user, name=name)


def user_for_token(plaintext: str):
    """The active user a live token belongs to, else None (unknown, revoked, inactive)."""
    if not plaintext or not APIToken.validate_token_format(plaintext):
        return None  # cannot exist: no query
    token = (
        APIToken.objects.select_related("user")
        .filter(key_hash__in=APIToken.candidate_key_hashes(plaintext), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke(token: APIToken) -> None:
    """A revoked token is refused from its next request on."""
    token.revoke()
