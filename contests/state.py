"""What every start and submission of a contest reads, kept in the process for a few seconds.

Under an evening rush every request of a contest needs the same things: the
contest's settings, its rounds, its live pages (the consent wording), the pool of
active questions with their tags, their wording and the answer key. They are
read once per process every ``CONTEST_STATE_SECONDS`` (10 s by default) instead
of on every request, without a network round trip to a shared cache.

The price is that an officer's change reaches every process within those
seconds, not at once: a question used by an open round is read-only anyway, and
a changed answer key is applied to stored attempts by re-ranking.
"""

import math
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from contests.models import Contest, ContestPage, Question, QuestionKind, Round

_lock = threading.Lock()
_states: dict[int, "ContestState"] = {}
_contest_of_round: dict[int, int] = {}


@dataclass(frozen=True)
class RoundState:
    id: int
    number: int
    opens_at: object
    closes_at: object


@dataclass
class QuestionState:
    id: int
    kind: str
    texts: dict
    active: bool
    tag: str
    # (choice id, texts), in order.
    choices: list
    correct: frozenset


@dataclass
class ContestState:
    contest: Contest
    rounds: tuple
    questions: dict  # question id → QuestionState, every question of the bank
    pages: dict  # language code → live ContestPage
    loaded_at: float
    # (question id, language) → what an entrant sees; ("url", language) → the page's address.
    shown: dict = field(default_factory=dict)

    @property
    def id(self):
        return self.contest.pk

    def open_round(self, now=None) -> RoundState | None:
        now = now or timezone.now()
        for round_ in self.rounds:
            if round_.opens_at <= now < round_.closes_at:
                return round_
        return None

    def round(self, round_id) -> RoundState | None:
        return next((r for r in self.rounds if r.id == round_id), None)

    def has_round_open_or_later(self, now=None) -> bool:
        now = now or timezone.now()
        return any(r.closes_at > now for r in self.rounds)

    def pool(self) -> dict[int, str]:
        """Active question id → its first tag by name ("" when untagged)."""
        return {q.id: q.tag for q in self.questions.values() if q.active}

    def page(self, language) -> ContestPage | None:
        """The live page in ``language``, else in Vietnamese."""
        return self.pages.get(language) or self.pages.get(settings.LANGUAGE_CODE)

    def page_url(self, language) -> str | None:
        """The full address of the page in ``language`` (else Vietnamese), worked out once."""
        key = ("url", language)
        if key not in self.shown:
            page = self.page(language)
            self.shown[key] = page.full_url if page is not None else None
        return self.shown[key]

    def oracle_attempts(self) -> int:
        """Scores needed, at the least, to learn every active answer from scores alone.

        Each score of an attempt of ``q`` questions is one of ``q + 1`` values,
        so it tells at most log2(q + 1) bits; the key holds log2(possible
        answers) bits per question. Fewer scores than this cannot pin it down.
        """
        bits = 0.0
        for question in self.questions.values():
            if not question.active or not question.choices:
                continue
            n = len(question.choices)
            bits += math.log2(n if question.kind == QuestionKind.SINGLE else 2**n - 1)
        per_score = math.log2(self.contest.questions_per_attempt + 1)
        return max(1, math.ceil(bits / per_score)) if per_score else 1


def contest_state(contest_id, *, now=None) -> ContestState | None:
    """The contest's state, read at most once every few seconds per process; None if unknown."""
    now = time.monotonic() if now is None else now
    state = _states.get(contest_id)
    if state is not None and now - state.loaded_at < settings.CONTEST_STATE_SECONDS:
        return state
    with _lock:
        state = _states.get(contest_id)
        if state is None or now - state.loaded_at >= settings.CONTEST_STATE_SECONDS:
            state = _load(contest_id, now)
            if state is None:
                _states.pop(contest_id, None)
                return None
            _states[contest_id] = state
    return state


def state_of_round(round_id) -> ContestState | None:
    contest_id = _contest_of_round.get(round_id)
    if contest_id is None:
        contest_id = Round.objects.filter(pk=round_id).values_list("contest_id", flat=True).first()
        if contest_id is None:
            return None
    return contest_state(contest_id)


def forget(contest_id=None):
    """Drop this process's copy of one contest's state (or of all), e.g. after an edit."""
    with _lock:
        if contest_id is None:
            _states.clear()
        else:
            _states.pop(contest_id, None)


def _load(contest_id, now) -> ContestState | None:
    contest = Contest.objects.filter(pk=contest_id).first()
    if contest is None:
        return None
    rounds = tuple(
        RoundState(r.pk, r.number, r.opens_at, r.closes_at)
        for r in Round.objects.filter(contest=contest).order_by("number")
    )
    for round_ in rounds:
        _contest_of_round[round_.id] = contest.pk
    questions = {}
    for question in Question.objects.filter(bank_id=contest.bank_id).prefetch_related(
        "choices", "tags"
    ):
        choices = list(question.choices.all())
        tags = sorted(tag.name for tag in question.tags.all())
        questions[question.pk] = QuestionState(
            id=question.pk,
            kind=question.kind,
            texts=question.texts,
            active=question.active,
            tag=tags[0] if tags else "",
            choices=[(c.pk, c.texts) for c in choices],
            correct=frozenset(c.pk for c in choices if c.is_correct),
        )
    pages = {}
    for page in ContestPage.objects.live().filter(contest=contest).select_related("locale"):
        pages[page.locale.language_code] = page
    return ContestState(
        contest=contest, rounds=rounds, questions=questions, pages=pages, loaded_at=now
    )
