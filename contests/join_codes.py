"""Join codes: how a school or workplace vouches for the entrants of one class or shift.

An officer issues a code per class or shift with a number of uses, prints it
(``manage.py contest_join_codes``), and rotates it if it leaks: the old code
stops working at once and a new one takes its remaining uses.
"""

import secrets

from django.db import transaction
from django.db.models import F

from contests.models import JoinCode

# No 0/O, 1/I/L: a code is read aloud in class and typed on a phone.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8


def normalise(text: str) -> str:
    return "".join((text or "").split()).upper().replace("-", "")[:16]


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if not JoinCode.objects.filter(code=code).exists():
            return code


def issue(contest, venue, label: str, max_uses: int) -> JoinCode:
    """A new code for one class or shift of ``venue`` in ``contest``."""
    return JoinCode.objects.create(
        contest=contest, venue=venue, label=label[:60], code=_new_code(), max_uses=max_uses
    )


def rotate(join_code: JoinCode) -> JoinCode:
    """Close ``join_code`` and issue its replacement with the uses it had left."""
    with transaction.atomic():
        old = JoinCode.objects.select_for_update().get(pk=join_code.pk)
        JoinCode.objects.filter(pk=old.pk).update(active=False)
        return issue(old.contest, old.venue, old.label, max(1, old.max_uses - old.uses))


def live(contest_id: int, text: str) -> JoinCode | None:
    """The active code ``text`` of this contest that still has uses left."""
    code = normalise(text)
    if not code:
        return None
    return (
        JoinCode.objects.filter(contest_id=contest_id, code=code, active=True)
        .filter(uses__lt=F("max_uses"))
        .select_related("venue__org_unit")
        .first()
    )


def use(join_code_id: int) -> bool:
    """Take one use of the code; False when its last use went meanwhile."""
    return bool(
        JoinCode.objects.filter(pk=join_code_id, active=True, uses__lt=F("max_uses")).update(
            uses=F("uses") + 1
        )
    )
