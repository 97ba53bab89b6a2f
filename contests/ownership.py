"""Who may change a contest, its question bank and its pages, and what may change once a
round opened.

- A contest and a question bank belong to a unit (``org_unit``); the admin lists and
  opens them only for users whose subtree holds that unit (``places.scope``), so a
  commune officer cannot change a province's contest. A contest's pages follow their
  contest (``ContestPage.owning_unit``, through the rule every page shares,
  ``places.page_ownership``). One without a unit (made before units were recorded) is
  left to superusers.
- A question of a bank that an open round draws from is read-only until the round
  closes: neither edited, deleted nor re-imported.
- Any other change to a contest or its bank after one of its rounds opened needs a
  reason, and is written to ``ContestChange`` with who and when.
"""

from django.db.models import Q
from django.utils import timezone

from contests.models import Contest, ContestChange, Round


def open_rounds_of_bank(bank_id, now=None):
    now = now or timezone.now()
    return Round.objects.filter(contest__bank_id=bank_id, opens_at__lte=now, closes_at__gt=now)


def bank_locked(bank_id, now=None) -> bool:
    """True while a round drawing from the bank is open: its questions are read-only."""
    return bank_id is not None and open_rounds_of_bank(bank_id, now).exists()


def bank_started(bank_id, now=None) -> bool:
    """True once any round drawing from the bank has opened."""
    now = now or timezone.now()
    return (
        bank_id is not None
        and Round.objects.filter(contest__bank_id=bank_id, opens_at__lte=now).exists()
    )


def contest_started(contest, now=None) -> bool:
    now = now or timezone.now()
    return contest.pk is not None and contest.rounds.filter(opens_at__lte=now).exists()


def record_change(user, *, what, reason, contest=None, bank=None) -> None:
    """Write one change made after a round opened; for a bank, once per contest using it."""
    contests = [contest] if contest is not None else []
    if bank is not None and contest is None:
        contests = list(Contest.objects.filter(bank=bank)) or [None]
    for each in contests:
        ContestChange.objects.create(
            contest=each,
            bank=bank,
            user=user if getattr(user, "pk", None) else None,
            what=what[:300],
            reason=reason,
        )


def changes_of(contest):
    return ContestChange.objects.filter(Q(contest=contest) | Q(bank_id=contest.bank_id))
