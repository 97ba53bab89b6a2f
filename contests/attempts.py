"""Starting and submitting attempts: the rules of timing, identity, consent and scoring.

The server is the only clock and the only judge: it records when an attempt
started and which questions it drew, refuses a submission after the deadline
(plus a few seconds of grace for the network), and scores by choice id. The
answer key never leaves this module except through ``answer_review`` once the
round has closed.
"""

import datetime
import functools
import random
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import Case, F, IntegerField, When
from django.utils import numberformat, timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from contests import join_codes
from contests.identity import check_code, device_participant, needs_guardian, normalise_phone
from contests.models import Attempt, Contest, Participant, Question, Round
from contests.state import ContestState, contest_state, forget, state_of_round
from places.models import Level, OrgUnit, Venue

FALLBACK_LANGUAGE = "vi"
# Largest id a choice can have (a PostgreSQL integer); anything larger is junk.
MAX_ID = 2**31 - 1


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
    join_code: str = ""


@dataclass
class Proof:
    """How the entrant shows they control the phone: an SMS code, or an earlier device token."""

    code: str = ""
    device_token: str = ""


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


def _state(contest) -> ContestState:
    found = contest_state(getattr(contest, "pk", contest))
    if found is None:
        raise AttemptRefused(_("Không tìm thấy cuộc thi này."), "not_found", 404)
    return found


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
    cleaned["join_code"] = None
    if entry.join_code:
        cleaned["join_code"] = join_codes.live(contest.pk, entry.join_code)
        if cleaned["join_code"] is None:
            errors["join_code"] = [
                _("Mã tham gia không đúng hoặc đã hết lượt dùng. Hỏi lại thầy cô, người phụ trách.")
            ]
    cleaned["venue"] = None
    if cleaned["join_code"] is not None:
        cleaned["venue"] = cleaned["join_code"].venue  # the code names its venue
    elif entry.venue_id:
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


def code_needed_message():
    return _("Nhập mã xác minh gửi tới số điện thoại của bạn (bấm “Gửi mã” nếu chưa có).")


def start_attempt(contest, entry: Entry, proof: Proof | None = None, *, now=None) -> Attempt:
    """Record the entrant and their consent, and start (or resume) their attempt in the open round.

    The participant is their normalised phone number within the contest. Where
    the contest uses SMS codes, every start needs proof of controlling the
    phone, a code or the device token of an earlier attempt, whether or not the
    number has played, so the answer never tells. Without codes, a number that
    has played needs its device token. An unfinished attempt still in time is
    resumed instead of costing a try (``attempt.resumed``). Participant and
    attempt are each written by one INSERT … ON CONFLICT, and the attempt
    number is unique per round and participant in the database, so
    simultaneous starts never make two first attempts.
    """
    now = now or timezone.now()
    proof = proof or Proof()
    state = _state(contest)
    contest = state.contest
    round_ = state.open_round(now)
    if round_ is None:
        raise AttemptRefused(_("Hiện không có tuần thi nào đang mở."), "closed")
    cleaned = validate_entry(contest, entry, now)
    phone = cleaned["phone"]
    owner = device_participant(proof.device_token, contest.pk, phone)
    verified = False
    if owner is None and contest.phone_codes:
        if not proof.code:
            raise ValidationError({"code": [code_needed_message()]})
        if not check_code(contest.pk, phone, proof.code, now):
            raise ValidationError(
                {
                    "code": [
                        _("Mã xác minh không đúng hoặc đã hết hạn. Bấm “Gửi mã” để nhận mã mới.")
                    ]
                }
            )
        verified = True
    fields = _participant_fields(entry, cleaned, now)
    if verified:
        fields["phone_verified_at"] = now
    participant = Participant(contest_id=contest.pk, phone=phone, **fields)
    if cleaned["join_code"] is None:
        attempt = _insert_newcomer(state, round_, participant, entry, now)
        if attempt is not None:
            attempt.resumed = False
            return attempt
    with transaction.atomic():
        participant_id = _insert_returning(participant, ("contest", "phone"))
        used = []
        if participant_id is None:
            participant_id = (
                Participant.objects.filter(contest=contest, phone=phone)
                .values_list("pk", flat=True)
                .get()
            )
            if not verified and owner != participant_id:
                raise AttemptRefused(
                    _(
                        "Số điện thoại này đã vào thi trên một thiết bị khác. Hãy tiếp tục trên "
                        "thiết bị đó, hoặc nhờ ban tổ chức giúp."
                    ),
                    "proof_needed",
                )
            used = list(
                Attempt.objects.filter(round_id=round_.id, participant_id=participant_id)
                .order_by("number")
                .only("pk", "number", "submitted_at", "deadline_at", "question_ids", "language")
            )
            unfinished = next(
                (a for a in used if a.submitted_at is None and a.deadline_at > now), None
            )
            if unfinished is not None:
                _update_participant(participant_id, fields, cleaned)
                unfinished.participant_id, unfinished.round_id = participant_id, round_.id
                unfinished.resumed = True
                return unfinished
            if len(used) >= contest.attempts_per_round:
                raise AttemptRefused(no_tries_left_message(), "no_attempts_left")
            _update_participant(participant_id, fields, cleaned)
        elif cleaned["join_code"] is not None:
            _take_join_code(cleaned["join_code"])
        attempt = _insert_attempt(state, round_, participant_id, len(used) + 1, entry, now)
    attempt.resumed = False
    return attempt


def no_tries_left_message():
    return _("Bạn đã dùng hết số lượt thi của tuần này. Hẹn gặp lại ở tuần thi sau.")


def _participant_fields(entry, cleaned, now) -> dict:
    venue = cleaned["venue"]
    join_code = cleaned["join_code"]
    commune = cleaned["commune"] or (venue.org_unit if venue else None)
    fields = {
        "full_name": cleaned["full_name"],
        "birth_year": entry.birth_year,
        "school_or_workplace": (entry.school_or_workplace or (venue.name if venue else ""))[:200],
        "venue_id": venue.pk if venue else None,
        "commune_id": commune.pk if commune else None,
        "language": entry.language or FALLBACK_LANGUAGE,
        "consent_text": entry.consent_text,
        "consent_at": now,
        "join_code_id": join_code.pk if join_code else None,
    }
    if cleaned["guardian_needed"]:
        fields |= {
            "guardian_name": " ".join(entry.guardian_name.split())[:120],
            "guardian_consent_text": entry.guardian_consent_text,
            "guardian_consent_at": now,
        }
    else:
        fields |= {"guardian_name": "", "guardian_consent_text": "", "guardian_consent_at": None}
    return fields


def _update_participant(participant_id, fields, cleaned):
    """Bring a proven participant's details up to date; a join code given now is used once."""
    join_code = cleaned["join_code"]
    if join_code is None:
        # Keep the code they joined with, unless they now name another venue.
        fields = fields | {
            "join_code_id": Case(
                When(venue_id=fields["venue_id"], then=F("join_code_id")),
                default=None,
                output_field=IntegerField(),
            )
        }
    elif not Participant.objects.filter(pk=participant_id, join_code=join_code).exists():
        _take_join_code(join_code)
    Participant.objects.filter(pk=participant_id).update(**fields)


def _take_join_code(join_code):
    if not join_codes.use(join_code.pk):
        raise ValidationError(
            {"join_code": [_("Mã tham gia đã hết lượt dùng. Hỏi lại thầy cô, người phụ trách.")]}
        )


def _insert_returning(row, conflict: tuple) -> int | None:
    """INSERT ``row`` (an unsaved model instance), doing nothing on a conflict over
    ``conflict``; its primary key, or None. Fields get their defaults as ``save()`` gives them.
    """
    db = connections["default"]
    sql, fields = _insert_sql(type(row), conflict, getattr(row, row._meta.pk.attname) is None)
    params = [field.get_db_prep_save(field.pre_save(row, add=True), db) for field in fields]
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    return found[0] if found else None


@functools.cache
def _insert_sql(model, conflict: tuple, numbered_by_database: bool):
    """The INSERT … ON CONFLICT DO NOTHING RETURNING statement of ``model``, and its fields,
    written once per process: every start runs it."""
    meta = model._meta
    quote = connections["default"].ops.quote_name
    fields = [f for f in meta.concrete_fields if not (f.primary_key and numbered_by_database)]
    targets = ", ".join(quote(meta.get_field(f).column) for f in conflict)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT ({targets}) DO NOTHING "
        f"RETURNING {quote(meta.pk.column)}"
    )
    return sql, fields


def _insert_attempt(state, round_, participant_id, first_number, entry, now) -> Attempt:
    attempt = _new_attempt(state, round_, participant_id, first_number, entry, now)
    for number in range(first_number, state.contest.attempts_per_round + 1):
        attempt.id, attempt.number = uuid.uuid4(), number
        if _insert_returning(attempt, ("round", "participant", "number")) is not None:
            attempt._state.adding = False
            attempt._state.db = "default"
            return attempt
        # Another start took this number at the same moment: try the next one.
    raise AttemptRefused(no_tries_left_message(), "no_attempts_left")


def _new_attempt(state, round_, participant_id, number, entry, now) -> Attempt:
    question_ids = draw_questions(state)
    if not question_ids:
        raise AttemptRefused(_("Cuộc thi chưa có câu hỏi."), "no_questions")
    time_limit = datetime.timedelta(seconds=state.contest.time_limit_seconds)
    return Attempt(
        id=uuid.uuid4(),
        round_id=round_.id,
        participant_id=participant_id,
        number=number,
        language=entry.language or FALLBACK_LANGUAGE,
        question_ids=question_ids,
        started_at=now,
        deadline_at=min(now + time_limit, round_.closes_at),
    )


def _insert_newcomer(state, round_, participant, entry, now) -> Attempt | None:
    """A number's first start in the contest: the participant and their first attempt in
    one statement, on PostgreSQL. None when the number is already a participant (or on
    another database): the caller then takes the general way.
    """
    db = connections["default"]
    if db.vendor != "postgresql":
        return None
    attempt = _new_attempt(state, round_, None, 1, entry, now)
    sql, participant_fields, attempt_fields = _newcomer_sql()
    params = [f.get_db_prep_save(f.pre_save(participant, add=True), db) for f in participant_fields]
    params += [f.get_db_prep_save(f.pre_save(attempt, add=True), db) for f in attempt_fields]
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    if found is None:
        return None
    attempt.participant_id = found[0]
    attempt._state.adding = False
    attempt._state.db = "default"
    return attempt


@functools.cache
def _newcomer_sql():
    db = connections["default"]
    quote = db.ops.quote_name
    people, attempts = Participant._meta, Attempt._meta
    participant_fields = [f for f in people.concrete_fields if not f.primary_key]
    attempt_fields = [f for f in attempts.concrete_fields if f.name != "participant"]
    # Typed values: INSERT … SELECT does not type a bare literal by its column.
    values = ", ".join(f"CAST(%s AS {f.db_type(db)})" for f in attempt_fields)
    sql = (
        f"WITH newcomer AS (INSERT INTO {quote(people.db_table)} "  # noqa: S608
        f"({', '.join(quote(f.column) for f in participant_fields)}) "
        f"VALUES ({', '.join(['%s'] * len(participant_fields))}) "
        f"ON CONFLICT ({quote(people.get_field('contest').column)}, "
        f"{quote(people.get_field('phone').column)}) DO NOTHING "
        f"RETURNING {quote(people.pk.column)}) "
        f"INSERT INTO {quote(attempts.db_table)} "
        f"({', '.join(quote(f.column) for f in attempt_fields)}, "
        f"{quote(attempts.get_field('participant').column)}) "
        f"SELECT {values}, newcomer.{quote(people.pk.column)} FROM newcomer "
        f"RETURNING {quote(attempts.get_field('participant').column)}"
    )
    return sql, participant_fields, attempt_fields


# --- Drawing questions ----------------------------------------------------------


def draw_questions(contest, rng=random) -> list[int]:
    """``questions_per_attempt`` active questions of the bank, drawn at random.

    Balanced by tag, the draw takes from each tag's pile in turn (piles and
    their order shuffled), so every tag is as evenly represented as the bank
    allows; a question with several tags belongs to the first by name.
    """
    state = contest if isinstance(contest, ContestState) else _state(contest)
    rules = contest if isinstance(contest, Contest) else state.contest
    tag_of = state.pool()
    wanted = rules.questions_per_attempt
    if not rules.balance_by_tag:
        ids = sorted(tag_of)
        return rng.sample(ids, min(wanted, len(ids)))
    piles = {}
    for question_id in sorted(tag_of):
        piles.setdefault(tag_of[question_id], []).append(question_id)
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
    state = state_of_round(attempt.round_id)
    shown = []
    for question_id in attempt.question_ids:
        key = (question_id, language)
        item = state.shown.get(key) if state else None
        if item is None:
            question = state.questions.get(question_id) if state else None
            if question is None:
                continue  # no longer in the contest's bank
            item = _shown(question, language)
            state.shown[key] = item
        shown.append(item)
    return shown


def _shown(question, language) -> dict:
    text, lang = wording(question.texts, language, "text")
    choices = []
    for choice_id, texts in question.choices:
        choice_text, choice_lang = wording(texts, language)
        choices.append({"id": choice_id, "text": choice_text, "lang": choice_lang})
    return {
        "id": question.id,
        "kind": question.kind,
        "text": text,
        "lang": lang,
        "choices": choices,
    }


# --- Submitting -----------------------------------------------------------------


def answer_key(question_ids, state=None) -> dict[int, tuple[frozenset, frozenset]]:
    """For each question: (its choice ids, its correct choice ids), from the contest's state."""
    key = {}
    for question_id in question_ids:
        question = state.questions.get(question_id) if state else None
        if question is not None:
            key[question_id] = (frozenset(c for c, _texts in question.choices), question.correct)
    return key


def forget_answer_key(question_ids):
    """Drop this process's contest states after an edit of these questions or their choices.

    Other processes pick the edit up within CONTEST_STATE_SECONDS.
    """
    forget()


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
                number = int(value)
            except (TypeError, ValueError, OverflowError):
                continue
            if 0 < number <= MAX_ID:
                ids.append(number)
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


def check_prediction(prediction):
    """A prediction is empty or a whole number from 0 to CONTEST_PREDICTION_MAX."""
    if prediction is None:
        return
    if (
        isinstance(prediction, bool)
        or not isinstance(prediction, int)
        or not 0 <= prediction <= settings.CONTEST_PREDICTION_MAX
    ):
        message = _("Dự đoán phải là một số nguyên từ 0 đến %(max)s.") % {
            "max": numberformat.format(
                settings.CONTEST_PREDICTION_MAX,
                get_format("DECIMAL_SEPARATOR"),
                grouping=3,  # Vietnamese NUMBER_GROUPING is 0: group by thousands anyway
                thousand_sep=get_format("THOUSAND_SEPARATOR"),
                force_grouping=True,
            )
        }
        raise ValidationError({"prediction": [message]})


SUBMIT_FIELDS = (
    "id",
    "round",
    "participant",
    "number",
    "language",
    "question_ids",
    "started_at",
    "deadline_at",
    "submitted_at",
    "answers",
    "prediction",
    "score",
    "max_score",
    "all_correct",
    "duration_ms",
    "score_shown_at_once",
)


def submit_attempt(
    attempt_id, raw_answers, prediction=None, *, now=None, may_show_score=None
) -> Result:
    """Score an attempt once, on the server.

    Refused after the deadline plus CONTEST_SUBMIT_GRACE_SECONDS. The first
    submission is stored by a conditional UPDATE (only while not yet
    submitted), so a repeat, even a simultaneous one, returns the first result
    unchanged and is never counted twice. ``may_show_score(state, attempt)``
    says whether the score may be shown before the round closes (recorded with
    the attempt); by default it may not.
    """
    now = now or timezone.now()
    check_prediction(prediction)
    attempt = _attempt(attempt_id)
    if attempt is None:
        raise AttemptRefused(_("Không tìm thấy lượt thi này."), "not_found", status=404)
    if attempt.submitted_at is not None:
        return _result(attempt, first=False)
    grace = datetime.timedelta(seconds=settings.CONTEST_SUBMIT_GRACE_SECONDS)
    if now > attempt.deadline_at + grace:
        raise AttemptRefused(
            _("Đã hết thời gian làm bài: bài nộp sau thời hạn không được tính."), "late"
        )
    state = state_of_round(attempt.round_id)
    answers = clean_answers(raw_answers)
    answers = {str(q): answers.get(str(q), []) for q in attempt.question_ids}
    score = score_answers(attempt.question_ids, answers, answer_key(attempt.question_ids, state))
    max_score = len(attempt.question_ids)
    shown = bool(
        state and state.contest.score_at_once and may_show_score and may_show_score(state, attempt)
    )
    values = {
        "submitted_at": now,
        "answers": answers,
        "prediction": prediction,
        "score": score,
        "max_score": max_score,
        "all_correct": score == max_score,
        "duration_ms": max(0, int((now - attempt.started_at).total_seconds() * 1000)),
        "score_shown_at_once": shown,
    }
    if not _store_first_submission(attempt.pk, values):
        attempt.refresh_from_db()
        return _result(attempt, first=False)
    for name, value in values.items():
        setattr(attempt, name, value)
    return _result(attempt, first=True)


# A submission's two statements are written once per process: compiling ORM queries cost
# more CPU than anything else a submission does.


def _attempt(attempt_id) -> Attempt | None:
    db = connections["default"]
    pk = Attempt._meta.pk.get_db_prep_value(attempt_id, db)
    return next(iter(Attempt.objects.raw(_select_sql(), [pk])), None)


@functools.cache
def _select_sql():
    quote = connections["default"].ops.quote_name
    meta = Attempt._meta
    columns = ", ".join(quote(meta.get_field(name).column) for name in SUBMIT_FIELDS)
    return f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608


def _store_first_submission(attempt_id, values) -> bool:
    """UPDATE the attempt with ``values`` unless it was submitted already; whether it was."""
    db = connections["default"]
    sql, fields = _update_sql(tuple(values))
    params = [field.get_db_prep_save(values[field.name], db) for field in fields]
    params.append(Attempt._meta.pk.get_db_prep_value(attempt_id, db))
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


@functools.cache
def _update_sql(names: tuple):
    quote = connections["default"].ops.quote_name
    meta = Attempt._meta
    fields = [meta.get_field(name) for name in names]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608
        f"WHERE {quote(meta.pk.column)} = %s AND {quote(meta.get_field('submitted_at').column)} "
        "IS NULL"
    )
    return sql, fields


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


def score_visible(attempt: Attempt, now=None) -> bool:
    """A score shows once the round has closed, or at once where it was allowed then."""
    if attempt.score_shown_at_once:
        return True
    state = state_of_round(attempt.round_id)
    round_ = state.round(attempt.round_id) if state else None
    return round_ is not None and (now or timezone.now()) >= round_.closes_at


def answers_visible(attempt: Attempt, now=None) -> bool:
    """Answers and explanations show only once the round has closed, if the contest allows."""
    contest = attempt.round.contest
    return contest.show_answers_after_close and round_is_closed(attempt.round, now)


def answer_review(attempt: Attempt, language: str | None = None, now=None) -> list[dict] | None:
    """Each revealed question with the entrant's choices, the correct ones and the explanation.

    None while the round is open (or when the contest does not publish answers):
    the answer key must not reach anyone who could still pass it on. For the
    same reason a question is revealed only when no round of the contest still
    open or yet to come can draw it (it has been retired from the bank, or the
    last round is over).
    """
    now = now or timezone.now()
    if not answers_visible(attempt, now):
        return None
    state = state_of_round(attempt.round_id)
    drawn_later = state is None or state.has_round_open_or_later(now)
    language = language or attempt.language
    by_id = {
        q.pk: q
        for q in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("choices")
    }
    review = []
    for question_id in attempt.question_ids:
        question = by_id.get(question_id)
        if question is None or (drawn_later and question.active):
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
