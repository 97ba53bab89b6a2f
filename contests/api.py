"""The public contest API for a mobile or Zalo mini-app client: open contests, codes, start, submit.

No token: entrants are the public, and prove they control their phone with a
one-time SMS code or the device token of an earlier attempt. Starting is
rate-limited per client address and per phone number (hashed), submitting per
client address. The answer key never appears in any response, and scores wait
for the round to close unless the contest scores at once; a repeated
submission returns the first result.
"""

import datetime
import json
import uuid
from typing import Annotated, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status as Respond

from common.api import ErrorOut, ObjectId, bounded_text, error_body
from contests import abuse, identity, sms
from contests.attempts import (
    MAX_ID,
    AttemptRefused,
    Entry,
    Proof,
    questions_for,
    score_visible,
    start_attempt,
    submit_attempt,
)
from contests.completion import (
    announce_completion,
    code_not_sent_message,
    code_sent_message,
    score_allowance,
)
from contests.identity import device_token, normalise_phone, phone_key
from contests.models import Contest, ContestPage, Round
from contests.state import contest_state, state_of_round
from places.models import Level, OrgUnit, Venue

router = Router(tags=["contests"])
# A phone number as people type it: digits, spaces, dots, dashes, brackets, a leading +.
PHONE_PATTERN = r"^\+?[0-9][0-9 .()-]{7,18}$"


class RoundOut(Schema):
    number: int
    opens_at: datetime.datetime
    closes_at: datetime.datetime


class ContestOut(Schema):
    id: int
    title: str
    url: str
    language: str
    questions_per_attempt: int
    time_limit_seconds: int
    attempts_per_round: int
    min_age_without_guardian: int
    phone_codes: bool = Field(description="a start needs a code sent by SMS (or a device token)")
    score_at_once: bool = Field(description="scores are shown on submission, within limits")
    prediction_question: str
    consent_text: str
    guardian_consent_text: str
    current_round: RoundOut


class EntryIn(Schema):
    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "full_name": "Giàng Thị Mai",
                    "phone": "0912 345 678",
                    "birth_year": 2005,
                    "language": "vi",
                    "consent": True,
                    "code": "123456",
                }
            ]
        }
    }

    full_name: bounded_text(120, min_length=1)
    phone: str = Field(max_length=20, pattern=PHONE_PATTERN)
    birth_year: int = Field(ge=1900, le=2100)
    language: str = Field("vi", max_length=8)
    school_or_workplace: bounded_text(200) = ""
    venue_code: bounded_text(32) = Field("", description="a venue's code from /venues")
    commune_code: bounded_text(16) = Field("", description="the commune's official code")
    join_code: bounded_text(16) = Field(
        "",
        max_length=16,
        description="the join code the school or workplace gave the class or shift: only "
        "entries with one (and a verified phone) count toward the venue's reach",
    )
    consent: Literal[True] = Field(description="consent to the contest's consent_text: true")
    guardian_name: bounded_text(120) = ""
    guardian_consent: bool = Field(
        False, description="under min_age_without_guardian: the guardian's consent"
    )
    code: str = Field(
        "",
        max_length=12,
        description="the one-time code sent by POST /contests/{id}/codes "
        "(needed when phone_codes is true, unless device_token is given)",
    )
    device_token: str = Field(
        "",
        max_length=400,
        description="the device_token of an earlier attempt with this phone in this contest",
    )


class CodeIn(Schema):
    model_config = {"json_schema_extra": {"examples": [{"phone": "0912 345 678"}]}}

    phone: str = Field(max_length=20, pattern=PHONE_PATTERN)


class CodeOut(Schema):
    detail: str
    expires_in: int = Field(description="seconds the code stays valid")


ANSWERS_MAX = 200  # more questions than any attempt draws
ANSWER_CHOICES_MAX = 20
LANG = "the language the text is in: the one asked for, or vi where it is not written yet"


class ChoiceOut(Schema):
    id: int
    text: str
    lang: str = Field(description=LANG)


class QuestionOut(Schema):
    id: int
    kind: str = Field(description="single: one choice; multiple: every correct choice")
    text: str
    lang: str = Field(description=LANG)
    choices: list[ChoiceOut]


class AttemptOut(Schema):
    id: uuid.UUID
    round: int
    number: int
    started_at: datetime.datetime
    deadline_at: datetime.datetime
    seconds_left: int
    resumed: bool = Field(description="true: the unfinished attempt of this entrant, resumed")
    device_token: str = Field(description="send with the next start instead of a new code")
    questions: list[QuestionOut]


class SubmitIn(Schema):
    model_config = {
        "json_schema_extra": {
            "examples": [{"answers": {"1": [2], "2": [5, 6]}, "prediction": 1200}]
        }
    }

    answers: dict[
        Annotated[str, Field(pattern=r"^[0-9]{1,10}$")],
        Annotated[list[ObjectId], Field(max_length=ANSWER_CHOICES_MAX)],
    ] = Field(
        max_length=ANSWERS_MAX,
        description="question id → the chosen choice ids (one for single-choice questions)",
    )
    prediction: int | None = Field(None, ge=0, le=settings.CONTEST_PREDICTION_MAX)


class ResultOut(Schema):
    id: uuid.UUID
    score: int | None = Field(description="null until the round closes, unless scored at once")
    max_score: int
    all_correct: bool | None
    duration_ms: int
    submitted_at: datetime.datetime
    score_published_at: datetime.datetime | None = Field(
        description="when the score becomes visible, if it is not yet"
    )
    first_submission: bool = Field(description="false when this repeated a recorded submission")


REFUSALS = {404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _refusal(refused: AttemptRefused):
    return Respond(refused.status, error_body(refused.message))


def _limited(limited: abuse.Limited):
    response = JsonResponse(
        error_body(limited.message),
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(limited.retry_after)
    return response


def _language(requested):
    codes = {code for code, _name in settings.LANGUAGES}
    return requested if requested in codes else settings.LANGUAGE_CODE


def _pages_by_contest(contest_ids, language):
    """Each contest's live page in ``language``, else in Vietnamese."""
    chosen = {}
    pages = ContestPage.objects.live().filter(contest_id__in=contest_ids).select_related("locale")
    for page in pages:
        code = page.locale.language_code
        if code == language or (code == settings.LANGUAGE_CODE and page.contest_id not in chosen):
            chosen[page.contest_id] = page
    return chosen


@router.get("/contests", response={200: list[ContestOut]}, auth=None, url_name="contests")
def list_contests(request, language: bounded_text(8) = "vi"):
    """Contests with a round open now, with the wording (in ``language``) an entrant consents to."""
    language = _language(language)
    now = timezone.now()
    rounds = {
        r.contest_id: r
        for r in Round.objects.filter(opens_at__lte=now, closes_at__gt=now).order_by("-number")
    }
    pages = _pages_by_contest(rounds, language)
    contests = Contest.objects.filter(pk__in=pages).order_by("pk")
    listed = []
    for contest in contests:
        page = pages[contest.pk]
        round_ = rounds[contest.pk]
        listed.append(
            {
                "id": contest.pk,
                "title": page.title,
                "url": page.full_url or "",
                "language": page.locale.language_code,
                "questions_per_attempt": contest.questions_per_attempt,
                "time_limit_seconds": contest.time_limit_seconds,
                "attempts_per_round": contest.attempts_per_round,
                "min_age_without_guardian": contest.min_age_without_guardian,
                "phone_codes": contest.phone_codes,
                "score_at_once": contest.score_at_once,
                "prediction_question": page.prediction_question,
                "consent_text": page.consent_text,
                "guardian_consent_text": page.guardian_consent_text,
                "current_round": round_,
            }
        )
    return listed


def _live_state(contest_id):
    """The contest's state when it has a live page; else a 404 refusal."""
    state = contest_state(contest_id) if 0 < contest_id <= MAX_ID else None
    if state is None or not state.pages:
        raise AttemptRefused(_("Không tìm thấy cuộc thi này."), "not_found", 404)
    return state


@router.post(
    "/contests/{contest_id}/codes",
    response={202: CodeOut, **REFUSALS, 503: ErrorOut},
    auth=None,
    url_name="contest_codes",
)
def send_code(request, contest_id: ObjectId, payload: CodeIn):
    """Send a one-time code by SMS to ``phone``, to prove the entrant controls it.

    The answer is the same whether or not the number has played. Limited per
    phone number and per client address (429).
    """
    try:
        state = _live_state(contest_id)
    except AttemptRefused as refused:
        return _refusal(refused)
    try:
        phone = normalise_phone(payload.phone)
    except ValidationError as invalid:
        raise ValidationError({"phone": invalid.messages}) from None  # 422 naming the field
    try:
        abuse.limit_code(request, phone_key(phone))
    except abuse.Limited as limited:
        return _limited(limited)
    try:
        identity.send_code(state.id, phone)
    except sms.NotSent:
        return Respond(503, error_body(code_not_sent_message()))
    return Respond(
        202, {"detail": code_sent_message(), "expires_in": settings.CONTEST_CODE_SECONDS}
    )


def _entry(payload: EntryIn, page: ContestPage, language: str) -> Entry:
    errors = {}
    venue_id = commune_id = None
    if payload.venue_code:
        venue_id = (
            Venue.objects.filter(code=payload.venue_code).values_list("pk", flat=True).first()
        )
        if venue_id is None:
            errors["venue_code"] = [_("Không tìm thấy trường, nơi làm việc này.")]
    if payload.commune_code:
        commune_id = (
            OrgUnit.objects.filter(code=payload.commune_code, level=Level.COMMUNE)
            .order_by("valid_until")
            .values_list("pk", flat=True)
            .first()
        )
        if commune_id is None:
            errors["commune_code"] = [_("Không tìm thấy xã, phường này.")]
    if errors:
        raise ValidationError(errors)
    return Entry(
        full_name=payload.full_name,
        phone=payload.phone,
        birth_year=payload.birth_year,
        consent=payload.consent,
        consent_text=page.consent_text,
        language=language,
        school_or_workplace=payload.school_or_workplace,
        venue_id=venue_id,
        commune_id=commune_id,
        guardian_name=payload.guardian_name,
        guardian_consent=payload.guardian_consent,
        guardian_consent_text=page.guardian_consent_text,
        join_code=payload.join_code,
    )


@router.post(
    "/contests/{contest_id}/attempts",
    response={201: AttemptOut, **REFUSALS},
    auth=None,
    url_name="contest_attempts",
)
def start(request, contest_id: ObjectId, payload: EntryIn):
    """Start an attempt in the open round: the drawn questions and the deadline, no answer key.

    Needs proof of controlling the phone when the contest uses codes
    (``phone_codes``): the ``code`` sent by POST /contests/{id}/codes, or the
    ``device_token`` of an earlier attempt. An unfinished attempt still in time
    is resumed (``resumed``), not counted as a new try. Consent is recorded
    with the wording of the contest's page in ``language``. Limited per client
    address and per phone number (429).
    """
    try:
        state = _live_state(contest_id)
    except AttemptRefused as refused:
        return _refusal(refused)
    language = _language(payload.language)
    page = state.page(language)
    try:
        key = phone_key(normalise_phone(payload.phone))
    except ValidationError:
        key = None
    try:
        abuse.limit_start(request, key)
    except abuse.Limited as limited:
        return _limited(limited)
    try:
        attempt = start_attempt(
            state.contest,
            _entry(payload, page, language),
            Proof(code=payload.code, device_token=payload.device_token),
        )
    except AttemptRefused as refused:
        return _refusal(refused)
    round_ = state.round(attempt.round_id)
    return _json(
        201,
        {
            "id": attempt.pk,
            "round": round_.number,
            "number": attempt.number,
            "started_at": attempt.started_at,
            "deadline_at": attempt.deadline_at,
            "seconds_left": max(0, int((attempt.deadline_at - timezone.now()).total_seconds())),
            "resumed": attempt.resumed,
            "device_token": device_token(
                state.id, attempt.participant_id, normalise_phone(payload.phone)
            ),
            "questions": questions_for(attempt, language),
        },
    )


@router.post(
    "/attempts/{attempt_id}/submit",
    response={200: ResultOut, **REFUSALS},
    auth=None,
    url_name="attempt_submit",
)
def submit(request, attempt_id: uuid.UUID, payload: SubmitIn):
    """Submit the answers by choice id; the score is computed on the server.

    The score (and ``all_correct``) stays null until the round closes, unless
    the contest scores at once and this address has not used up its scores of
    the round. Refused (409) after the deadline plus a few seconds of grace.
    Idempotent: a repeated submission returns the first result, with
    first_submission false.
    """
    try:
        abuse.limit_submit(request)
    except abuse.Limited as limited:
        return _limited(limited)
    try:
        result = submit_attempt(
            attempt_id,
            payload.answers,
            payload.prediction,
            may_show_score=score_allowance(request),
        )
    except AttemptRefused as refused:
        return _refusal(refused)
    attempt = result.attempt
    if result.first_submission:
        announce_completion(request, attempt)
    visible = score_visible(attempt)
    state = state_of_round(attempt.round_id)
    return _json(
        200,
        {
            "id": attempt.pk,
            "score": result.score if visible else None,
            "max_score": result.max_score,
            "all_correct": result.all_correct if visible else None,
            "duration_ms": result.duration_ms,
            "submitted_at": attempt.submitted_at,
            "score_published_at": None if visible else state.round(attempt.round_id).closes_at,
            "first_submission": result.first_submission,
        },
    )


def _json(status, data):
    """The answer as JSON, written directly: the hot path of the contest skips re-validating
    what it built itself (the schemas above still describe it)."""
    return HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )
