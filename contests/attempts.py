"""Starting and submitting attempts: the rules of timing, identity, consent and scoring.

The server is the only clock and the only judge: it records when an attempt
started and which questions it drew, refuses a submission after the deadline
(plus a few seconds of grace for the network), and scores by choice id. The
answer key never leaves this module except through ``answer_review`` once the
round has closed.
"""

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.identity import needs_guardian, normalise_phone
from contests.models import Attempt, Choice, Contest, Participant, Question, Round
from places.models import Level, OrgUnit, Venue

ANSWER_KEY_SECONDS = 300
FALLBACK_LANGUAGE = "vi"


class AttemptRefused(Exception):
    """A start or submission the rules do not allow; ``message`` is for the entrant."""

    def __init__(self, message, code, status=409):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


@dataclass
class Entry:
    """What an entrant gives before an attempt, with the wording of the consent they saw."""

    full_name: str
    phone: str
    birth_year: int | None
    consent: bool
    consent_text: str
    language: str = FALLBACK_LANGUAGE
    school_or_workplace: str = ""
    venue_id: int | None = None
    commune_id: int | None = None
    guardian_name: str = ""
    guardian_consent: bool = False
    guardian_consent_text: str = ""


@dataclass
class Result:
    attempt: Attempt
    score: int
    max_score: int
    all_correct: bool
    duration_ms: int
    # False when this submission repeated one already recorded.
    first_submission: bool


# --- Rounds ---------------------------------------------------------------------


def open_round(contest: Contest, now=None) -> Round | None:
    """The round accepting attempts at ``now``, if any."""
    now = now or timezone.now()
    return contest.rounds.filter(opens_at__lte=now, closes_at__gt=now).order_by("number").first()


def round_is_closed(round_: Round, now=None) -> bool:
    return (now or timezone.now()) >= round_.closes_at


# --- Entry ----------------------------------------------------------------------


def validate_entry(contest: Contest, entry: Entry, now) -> dict:
    """The entry's cleaned values; a ValidationError names each field that is wrong."""
    errors = {}
    cleaned = {}
    full_name = " ".join((entry.full_name or "").split())
    if not full_name:
        errors["full_name"] = [_("Nhập họ và tên.")]
    cleaned["full_name"] = full_name[:120]
    try:
        cleaned["phone"] = normalise_phone(entry.phone)
    except ValidationError as error:
        errors["phone"] = error.messages
    year = now.year
    if entry.birth_year is None:
        errors["birth_year"] = [_("Nhập năm sinh.")]
    elif not (year - 100 <= entry.birth_year <= year - 5):
        errors["birth_year"] = [_("Năm sinh chưa đúng.")]
    if not entry.consent:
        errors["consent"] = [_("Cần đồng ý với việc xử lý dữ liệu cá nhân để dự thi.")]
    guardian_needed = entry.birth_year is not None and needs_guardian(
        entry.birth_year, year, contest.min_age_without_guardian
    )
    cleaned["guardian_needed"] = guardian_needed
    if guardian_needed:
        if not " ".join((entry.guardian_name or "").split()):
            errors["guardian_name"] = [
                _("Người dự thi dưới 16 tuổi: nhập họ tên cha mẹ hoặc người giám hộ.")
            ]
        if not entry.guardian_consent:
            errors["guardian_consent"] = [
                _("Người dự thi dưới 16 tuổi cần cha mẹ hoặc người giám hộ đồng ý.")
            ]
    cleaned["venue"] = None
    if entry.venue_id:
        cleaned["venue"] = (
            Venue.objects.filter(pk=entry.venue_id).select_related("org_unit").first()
        )
        if cleaned["venue"] is None:
            errors["venue"] = [_("Không tìm thấy trường, nơi làm việc này.")]
    cleaned["commune"] = None
    if entry.commune_id:
        cleaned["commune"] = OrgUnit.objects.filter(
            pk=entry.commune_id, level=Level.COMMUNE
        ).first()
        if cleaned["commune"] is None:
            errors["commune"] = [_("Không tìm thấy xã, phường này.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def start_attempt(contest: Contest, entry: Entry, *, now=None) -> Attempt:
    """Record the entrant and their consent, and start their next attempt in the open round.

    The participant is their normalised phone number within the contest. The
    attempt number is unique per round and participant in the database, so two
    simultaneous starts cannot both become the same attempt, and the count per
    round is never exceeded. Under the contest's age, a guardian must consent.
    """
    now = now or timezone.now()
    round_ = open_round(contest, now)
    if round_ is None:
        raise AttemptRefused(_("Hiện không có tuần thi nào đang mở."), "closed")
    cleaned = validate_entry(contest, entry, now)
    question_ids = draw_questions(contest)
    if not question_ids:
        raise AttemptRefused(_("Cuộc thi chưa có câu hỏi."), "no_questions")
    deadline = min(now + datetime.timedelta(seconds=contest.time_limit_seconds), round_.closes_at)
    # One transaction: a refused start leaves the participant's record as it was.
    with transaction.atomic():
        participant = _record_participant(contest, entry, cleaned, now)
        for _try in range(contest.attempts_per_round):
            used = Attempt.objects.filter(round=round_, participant=participant).count()
            if used >= contest.attempts_per_round:
                break
            try:
                with transaction.atomic():
                    return Attempt.objects.create(
                        round=round_,
                        participant=participant,
                        number=used + 1,
                        language=entry.language or FALLBACK_LANGUAGE,
                        question_ids=question_ids,
                        started_at=now,
                        deadline_at=deadline,
                    )
            except IntegrityError:
                continue  # Another start took this number at the same moment; count again.
        raise AttemptRefused(
            _("Bạn đã dùng hết số lượt thi của tuần này. Hẹn gặp lại ở tuần thi sau."),
            "no_attempts_left",
        )


def _record_participant(contest, entry, cleaned, now) -> Participant:
    """The participant for this phone, created or brought up to date with this entry and consent."""
    venue = cleaned["venue"]
    fields = {
        "full_name": cleaned["full_name"],
        "birth_year": entry.birth_year,
        "school_or_workplace": (entry.school_or_workplace or (venue.name if venue else ""))[:200],
        "venue": venue,
        "commune": cleaned["commune"] or (venue.org_unit if venue else None),
        "language": entry.language or FALLBACK_LANGUAGE,
        "consent_text": entry.consent_text,
        "consent_at": now,
    }
    if cleaned["guardian_needed"]:
        fields |= {
            "guardian_name": " ".join(entry.guardian_name.split())[:120],
            "guardian_consent_text": entry.guardian_consent_text,
            "guardian_consent_at": now,
        }
    else:
        fields |= {"guardian_name": "", "guardian_consent_text": "", "guardian_consent_at": None}
    try:
        with transaction.atomic():
            participant, created = Participant.objects.get_or_create(
                contest=contest, phone=cleaned["phone"], defaults=fields
            )
    except IntegrityError:
        participant, created = (
            Participant.objects.get(contest=contest, phone=cleaned["phone"]),
            False,
        )
    if not created:
        for name, value in fields.items():
            setattr(participant, name, value)
        participant.save(update_fields=[*fields])
    return participant


# --- Drawing questions ----------------------------------------------------------


def draw_questions(contest: Contest, rng=random) -> list[int]:
    """``questions_per_attempt`` active questions of the bank, drawn at random.

    Balanced by tag, the draw takes from each tag's pile in turn (piles and
    their order shuffled), so every tag is as evenly represented as the bank
    allows; a question with several tags belongs to the first by name.
    """
    rows = Question.objects.filter(bank_id=contest.bank_id, active=True).values_list(
        "id", "tags__name"
    )
    wanted = contest.questions_per_attempt
    if not contest.balance_by_tag:
        ids = sorted({question_id for question_id, _tag in rows})
        return rng.sample(ids, min(wanted, len(ids)))
    tag_of = {}
    for question_id, tag in sorted(rows, key=lambda row: (row[0], row[1] or "")):
        tag_of.setdefault(question_id, tag or "")
    piles = {}
    for question_id, tag in tag_of.items():
        piles.setdefault(tag, []).append(question_id)
    piles = list(piles.values())
    for pile in piles:
        rng.shuffle(pile)
    rng.shuffle(piles)
    drawn = []
    while len(drawn) < wanted and any(piles):
        for pile in piles:
            if pile and len(drawn) < wanted:
                drawn.append(pile.pop())
    rng.shuffle(drawn)
    return drawn


# --- What the entrant sees ------------------------------------------------------


def text_in(texts: dict, language: str, field: str | None = None) -> str:
    """One wording from a ``texts`` JSON, in ``language`` or else in Vietnamese."""
    return wording(texts, language, field)[0]


def wording(texts: dict, language: str, field: str | None = None) -> tuple[str, str]:
    """(text, the language it is in): ``language`` if written, else Vietnamese."""
    for code in (language, FALLBACK_LANGUAGE):
        value = texts.get(code)
        if field is not None and isinstance(value, dict):
            value = value.get(field)
        if value:
            return value, code
    return "", FALLBACK_LANGUAGE


def questions_for(attempt: Attempt, language: str | None = None) -> list[dict]:
    """The attempt's questions in the order drawn, with their choices: never which is correct."""
    language = language or attempt.language
    by_id = {
        q.pk: q
        for q in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("choices")
    }
    shown = []
    for question_id in attempt.question_ids:
        question = by_id.get(question_id)
        if question is None:
            continue
        text, lang = wording(question.texts, language, "text")
        choices = []
        for choice in question.choices.all():
            choice_text, choice_lang = wording(choice.texts, language)
            choices.append({"id": choice.pk, "text": choice_text, "lang": choice_lang})
        shown.append(
            {
                "id": question.pk,
                "kind": question.kind,
                "text": text,
                "lang": lang,
                "choices": choices,
            }
        )
    return shown


# --- Submitting -----------------------------------------------------------------


def answer_key(question_ids) -> dict[int, tuple[frozenset, frozenset]]:
    """For each question: (its choice ids, its correct choice ids), from the cache when there.

    Cached for a few minutes: under the evening rush every submission of a
    round asks for the same few dozen questions.
    """
    keys = {question_id: f"contests:key:{question_id}" for question_id in question_ids}
    cached = cache.get_many(list(keys.values()))
    found = {qid: cached[key] for qid, key in keys.items() if key in cached}
    missing = [qid for qid in keys if qid not in found]
    if missing:
        fresh = {qid: (set(), set()) for qid in missing}
        for question_id, choice_id, is_correct in Choice.objects.filter(
            question_id__in=missing
        ).values_list("question_id", "id", "is_correct"):
            fresh[question_id][0].add(choice_id)
            if is_correct:
                fresh[question_id][1].add(choice_id)
        fresh = {qid: (frozenset(a), frozenset(c)) for qid, (a, c) in fresh.items()}
        cache.set_many({keys[qid]: value for qid, value in fresh.items()}, ANSWER_KEY_SECONDS)
        found |= fresh
    return found


def forget_answer_key(question_ids):
    """Drop cached answer keys after an edit of these questions or their choices."""
    cache.delete_many([f"contests:key:{question_id}" for question_id in question_ids])


def clean_answers(raw) -> dict[str, list[int]]:
    """``{question id: [choice ids]}`` with string keys and integer ids; junk dropped."""
    answers = {}
    if not isinstance(raw, dict):
        return answers
    for question_id, chosen in raw.items():
        if not isinstance(chosen, list | tuple):
            chosen = [chosen]
        ids = []
        for value in chosen:
            try:
                ids.append(int(value))
            except (TypeError, ValueError):
                continue
        answers[str(question_id)] = sorted(set(ids))
    return answers


def score_answers(question_ids, answers, key) -> int:
    """One point per question whose chosen choices are exactly its correct ones."""
    score = 0
    for question_id in question_ids:
        choices, correct = key.get(question_id, (frozenset(), frozenset()))
        chosen = {c for c in answers.get(str(question_id), []) if c in choices}
        if correct and chosen == correct:
            score += 1
    return score


def submit_attempt(attempt_id, raw_answers, prediction=None, *, now=None) -> Result:
    """Score an attempt once, on the server.

    Refused after the deadline plus CONTEST_SUBMIT_GRACE_SECONDS. The first
    submission is stored by a conditional UPDATE (only while not yet
    submitted), so a repeat, even a simultaneous one, returns the first result
    unchanged and is never counted twice.
    """
    now = now or timezone.now()
    attempt = Attempt.objects.select_related("round__contest").filter(pk=attempt_id).first()
    if attempt is None:
        raise AttemptRefused(_("Không tìm thấy lượt thi này."), "not_found", status=404)
    if attempt.submitted_at is not None:
        return _result(attempt, first=False)
    grace = datetime.timedelta(seconds=settings.CONTEST_SUBMIT_GRACE_SECONDS)
    if now > attempt.deadline_at + grace:
        raise AttemptRefused(
            _("Đã hết thời gian làm bài: bài nộp sau thời hạn không được tính."), "late"
        )
    if prediction is not None and (not isinstance(prediction, int) or prediction < 0):
        raise AttemptRefused(_("Dự đoán phải là một số nguyên không âm."), "prediction", 422)
    answers = clean_answers(raw_answers)
    answers = {str(q): answers.get(str(q), []) for q in attempt.question_ids}
    score = score_answers(attempt.question_ids, answers, answer_key(attempt.question_ids))
    max_score = len(attempt.question_ids)
    duration_ms = max(0, int((now - attempt.started_at).total_seconds() * 1000))
    stored = Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
        submitted_at=now,
        answers=answers,
        prediction=prediction,
        score=score,
        max_score=max_score,
        all_correct=score == max_score,
        duration_ms=duration_ms,
    )
    if not stored:
        attempt.refresh_from_db()
        return _result(attempt, first=False)
    attempt.submitted_at = now
    attempt.answers = answers
    attempt.prediction = prediction
    attempt.score = score
    attempt.max_score = max_score
    attempt.all_correct = score == max_score
    attempt.duration_ms = duration_ms
    return _result(attempt, first=True)


def _result(attempt, first):
    return Result(
        attempt=attempt,
        score=attempt.score,
        max_score=attempt.max_score,
        all_correct=attempt.all_correct,
        duration_ms=attempt.duration_ms,
        first_submission=first,
    )


# --- After the round ------------------------------------------------------------


def answers_visible(attempt: Attempt, now=None) -> bool:
    """Answers and explanations show only once the round has closed, if the contest allows."""
    contest = attempt.round.contest
    return contest.show_answers_after_close and round_is_closed(attempt.round, now)


def answer_review(attempt: Attempt, language: str | None = None, now=None) -> list[dict] | None:
    """Each question with the entrant's choices, the correct ones and the explanation.

    None while the round is open (or when the contest does not publish answers):
    the answer key must not reach anyone who could still pass it on.
    """
    if not answers_visible(attempt, now):
        return None
    language = language or attempt.language
    by_id = {
        q.pk: q
        for q in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("choices")
    }
    review = []
    for question_id in attempt.question_ids:
        question = by_id.get(question_id)
        if question is None:
            continue
        chosen = set(attempt.answers.get(str(question_id), []))
        choices = [
            {
                "id": c.pk,
                "text": text_in(c.texts, language),
                "correct": c.is_correct,
                "chosen": c.pk in chosen,
            }
            for c in question.choices.all()
        ]
        review.append(
            {
                "id": question.pk,
                "text": text_in(question.texts, language, "text"),
                "explanation": text_in(question.texts, language, "explanation"),
                "choices": choices,
                "right": {c["id"] for c in choices if c["correct"]} == chosen,
            }
        )
    return review
