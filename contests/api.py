"""The public contest API for a mobile or Zalo mini-app client: open contests, start, submit.

No token: entrants are the public. Starting is rate-limited per client IP and
per phone number, submitting per client IP. The answer key never appears in
any response; a repeated submission returns the first result.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status as Respond

from common.analytics import send_event
from contests import abuse
from contests.attempts import AttemptRefused, Entry, questions_for, start_attempt, submit_attempt
from contests.identity import normalise_phone
from contests.models import Contest, ContestPage, Round
from places.models import Level, OrgUnit, Venue

router = Router(tags=["contests"])


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}
    warnings: dict[str, list[str]] = {}


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
    prediction_question: str
    consent_text: str
    guardian_consent_text: str
    current_round: RoundOut


class EntryIn(Schema):
    full_name: str = Field(max_length=120)
    phone: str = Field(max_length=20)
    birth_year: int = Field(ge=1900, le=2100)
    language: str = Field("vi", max_length=8)
    school_or_workplace: str = Field("", max_length=200)
    venue_code: str = Field("", max_length=32, description="a venue's code from /venues")
    commune_code: str = Field("", max_length=16, description="the commune's official code")
    consent: bool = Field(description="consent to the contest's consent_text")
    guardian_name: str = Field("", max_length=120)
    guardian_consent: bool = Field(
        False, description="under min_age_without_guardian: the guardian's consent"
    )


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
    questions: list[QuestionOut]


class SubmitIn(Schema):
    answers: dict[str, list[int]] = Field(
        description="question id → the chosen choice ids (one for single-choice questions)"
    )
    prediction: int | None = Field(None, ge=0)


class ResultOut(Schema):
    id: uuid.UUID
    score: int
    max_score: int
    all_correct: bool
    duration_ms: int
    submitted_at: datetime.datetime
    first_submission: bool = Field(description="false when this repeated a recorded submission")


REFUSALS = {404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _refusal(refused: AttemptRefused):
    return Respond(refused.status, {"detail": refused.message, "errors": {}, "warnings": {}})


def _limited(limited: abuse.Limited):
    response = JsonResponse(
        {"detail": limited.message, "errors": {}, "warnings": {}},
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
def list_contests(request, language: str = "vi"):
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
                "prediction_question": page.prediction_question,
                "consent_text": page.consent_text,
                "guardian_consent_text": page.guardian_consent_text,
                "current_round": round_,
            }
        )
    return listed


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
    )


@router.post(
    "/contests/{contest_id}/attempts",
    response={201: AttemptOut, **REFUSALS},
    auth=None,
    url_name="contest_attempts",
)
def start(request, contest_id: int, payload: EntryIn):
    """Start an attempt in the open round: the drawn questions and the deadline, no answer key.

    Consent is recorded with the wording of the contest's page in ``language``
    (as listed by GET /contests). Under the contest's age, the guardian's
    consent is required. Limited per client IP and per phone number (429).
    """
    contest = get_object_or_404(Contest, pk=contest_id)
    language = _language(payload.language)
    page = _pages_by_contest([contest.pk], language).get(contest.pk)
    if page is None:
        return _refusal(AttemptRefused(_("Không tìm thấy cuộc thi này."), "not_found", 404))
    try:
        phone = normalise_phone(payload.phone)
    except ValidationError:
        phone = None
    try:
        abuse.limit_start(request, phone)
    except abuse.Limited as limited:
        return _limited(limited)
    try:
        attempt = start_attempt(contest, _entry(payload, page, language))
    except AttemptRefused as refused:
        return _refusal(refused)
    questions = questions_for(attempt, language)
    return Respond(
        201,
        {
            "id": attempt.pk,
            "round": attempt.round.number,
            "number": attempt.number,
            "started_at": attempt.started_at,
            "deadline_at": attempt.deadline_at,
            "seconds_left": max(0, int((attempt.deadline_at - timezone.now()).total_seconds())),
            "questions": questions,
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

    Refused (409) after the deadline plus a few seconds of grace. Idempotent:
    a repeated submission returns the first result, with first_submission false.
    """
    try:
        abuse.limit_submit(request)
    except abuse.Limited as limited:
        return _limited(limited)
    try:
        result = submit_attempt(attempt_id, payload.answers, payload.prediction)
    except AttemptRefused as refused:
        return _refusal(refused)
    attempt = result.attempt
    if result.first_submission:
        send_event(
            request,
            "Contest completed",
            props={"contest": attempt.round.contest.name, "language": attempt.language},
        )
    return {
        "id": attempt.pk,
        "score": result.score,
        "max_score": result.max_score,
        "all_correct": result.all_correct,
        "duration_ms": result.duration_ms,
        "submitted_at": attempt.submitted_at,
        "first_submission": result.first_submission,
    }
