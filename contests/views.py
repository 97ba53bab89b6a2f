"""The public contest pages: entry on the contest page, the quiz, the result. Never cached.

A browser that started an attempt keeps the signed device token of it in a
cookie of its own per contest: with it the entrant starts again (or resumes an
unfinished attempt) without a new SMS code, and the page can tell them how many
tries they have left.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from common import page_views
from contests import abuse, identity, sms
from contests.attempts import (
    AttemptRefused,
    Proof,
    answer_review,
    answers_visible,
    check_prediction,
    questions_for,
    score_visible,
    start_attempt,
    submit_attempt,
)
from contests.completion import (
    DEVICE_COOKIE,
    announce_completion,
    code_not_sent_message,
    code_sent_message,
    score_allowance,
)
from contests.forms import EntryForm, answers_from, prediction_from
from contests.identity import device_participant, device_token, normalise_phone, phone_key
from contests.models import Attempt, ContestPage
from contests.state import contest_state

TOKEN_COOKIE_AGE = identity.DEVICE_TOKEN_MAX_AGE


def token_cookie(contest_id) -> str:
    return f"contest_token_{contest_id}"


@page_views.server_of(ContestPage)
def serve_contest_page(page, request):
    """The contest page; its form starts an attempt, sends a code, or finds a school or commune."""
    if request.method not in ("GET", "HEAD", "POST"):
        response = TemplateResponse(request, "contests/refused.html", status=405)
        response["Allow"] = "GET, HEAD, POST"
        return response
    contest = page.contest
    token = request.COOKIES.get(token_cookie(contest.pk), "")
    form = EntryForm(request.POST) if request.method == "POST" else EntryForm()
    message = notice = None
    status = 200
    retry_after = None
    if request.method == "POST":
        if "find_places" in request.POST:
            form.find_places()
            form._errors = ErrorDict()  # a lookup is not a submission: no errors yet
        elif "send_code" in request.POST:
            notice, message, status, retry_after = _send_code(page, request, form)
            form.find_places()
        else:
            outcome = _start_from_form(page, request, form, token)
            if isinstance(outcome, Attempt):
                return _started(request, contest, outcome, form.cleaned_data["phone"])
            message, status, retry_after = outcome
            form.find_places()
    context = page.get_context(request)
    context |= _page_context(page, token) | {"form": form, "message": message, "notice": notice}
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def _send_code(page, request, form):
    """(notice, message, status, retry_after) after sending a one-time code to the typed phone."""
    try:
        abuse.check_form(request.POST)
        phone = normalise_phone(request.POST.get("phone"))
        abuse.limit_code(request, phone_key(phone))
        identity.send_code(page.contest_id, phone)
    except abuse.FormRefused as refused:
        return None, refused.message, 400, None
    except ValidationError as invalid:
        form.is_valid()
        form.add_error("phone", invalid)
        return None, None, 400, None
    except abuse.Limited as limited:
        return None, limited.message, 429, limited.retry_after
    except sms.NotSent:
        return None, code_not_sent_message(), 503, None
    form.is_valid()
    return code_sent_message(), None, 200, None


def _start_from_form(page, request, form, token):
    """The started (or resumed) attempt, or (message, status, retry_after) saying why not."""
    try:
        abuse.check_form(request.POST)
        phone = _phone_or_none(request.POST.get("phone"))
        abuse.limit_start(request, phone_key(phone) if phone else None)
    except abuse.FormRefused as refused:
        return refused.message, 400, None
    except abuse.Limited as limited:
        return limited.message, 429, limited.retry_after
    if not form.is_valid():
        return None, 400, None
    entry = form.entry(translation.get_language(), page.consent_text, page.guardian_consent_text)
    proof = Proof(code=form.cleaned_data["code"], device_token=token)
    try:
        return start_attempt(page.contest, entry, proof)
    except ValidationError as invalid:
        for field, messages in invalid.message_dict.items():
            for text in messages:
                form.add_error(field if field in form.fields else None, text)
        return None, 400, None
    except AttemptRefused as refused:
        return refused.message, refused.status, None


def _started(request, contest, attempt, raw_phone):
    """To the quiz, keeping on this device the token that proves who started it."""
    response = redirect("contests:quiz", attempt_id=attempt.pk)
    secure = not settings.DEBUG
    response.set_cookie(
        token_cookie(contest.pk),
        device_token(contest.pk, attempt.participant_id, normalise_phone(raw_phone)),
        max_age=TOKEN_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=secure,
    )
    if DEVICE_COOKIE not in request.COOKIES:
        response.set_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(16),
            max_age=TOKEN_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=secure,
        )
    return response


def _phone_or_none(raw):
    try:
        return normalise_phone(raw)
    except ValidationError:
        return None


def _page_context(page, token):
    contest = page.contest
    rounds = list(contest.rounds.all())
    now = timezone.now()
    current = next((r for r in rounds if r.opens_at <= now < r.closes_at), None)
    context = {
        "contest": contest,
        "rounds": rounds,
        "current_round": current,
        "now": now,
        "time_limit_minutes": max(1, contest.time_limit_seconds // 60),
        "honeypot_field": abuse.HONEYPOT_FIELD,
        # Fresh on every rendering: a form sent back after hours must not stay refused.
        "form_stamp": abuse.form_stamp(),
        "leaderboard_url": reverse("contests:leaderboard", args=[contest.pk]),
    }
    participant_id = device_participant(token, contest.pk)
    context |= {"has_token": participant_id is not None, "unfinished": None, "tries_left": None}
    if current is not None and participant_id is not None:
        attempts = list(Attempt.objects.filter(round=current, participant_id=participant_id))
        context["unfinished"] = next(
            (a for a in attempts if a.submitted_at is None and a.deadline_at > now), None
        )
        context["tries_left"] = max(0, contest.attempts_per_round - len(attempts))
    return context


def page_for(contest, language=None):
    """The contest's page in ``language``, else in Vietnamese, else any live one."""
    state = contest_state(contest.pk)
    if state is None or not state.pages:
        return None
    return state.page(language or translation.get_language()) or next(iter(state.pages.values()))


def _attempt_or_404(attempt_id):
    return get_object_or_404(Attempt.objects.select_related("round__contest"), pk=attempt_id)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def quiz(request, attempt_id):
    """The questions of an attempt under way, as a plain form; POST submits it.

    A submission that leaves questions unanswered comes back once, naming them,
    with the choices made so far; "submit anyway" sends it as it is.
    """
    attempt = _attempt_or_404(attempt_id)
    if request.method == "POST":
        return _submit(request, attempt)
    if attempt.submitted_at is not None:
        return redirect("contests:result", attempt_id=attempt.pk)
    page = page_for(attempt.round.contest)
    if _too_late(attempt):
        return _refused(request, page, AttemptRefused(_time_up(), "late"))
    return _quiz_page(request, attempt, page)


def _quiz_page(request, attempt, page, *, chosen=None, unanswered=(), error=None, status=200):
    now = timezone.now()
    questions = questions_for(attempt, translation.get_language())
    chosen = chosen or {}
    for number, question in enumerate(questions, start=1):
        picked = {str(c) for c in chosen.get(str(question["id"]), [])}
        question = question | {
            "number": number,
            "chosen": picked,
            "unanswered": question["id"] in unanswered,
        }
        questions[number - 1] = question
    return TemplateResponse(
        request,
        "contests/quiz.html",
        {
            "attempt": attempt,
            "contest": attempt.round.contest,
            "contest_page": page,
            "questions": questions,
            "unanswered_numbers": [q["number"] for q in questions if q["unanswered"]],
            "prediction": (request.POST.get("prediction") or "")[:12],
            "prediction_error": error,
            "seconds_left": max(0, int((attempt.deadline_at - now).total_seconds())),
        },
        status=status,
    )


def _too_late(attempt):
    grace = datetime.timedelta(seconds=settings.CONTEST_SUBMIT_GRACE_SECONDS)
    return timezone.now() > attempt.deadline_at + grace


def _submit(request, attempt):
    page = page_for(attempt.round.contest)
    answers = answers_from(request.POST, attempt.question_ids)
    if attempt.submitted_at is None and not _too_late(attempt):
        unanswered = [int(q) for q, chosen in answers.items() if not chosen]
        prediction = prediction_from(request.POST)
        try:
            check_prediction(prediction)
        except ValidationError as invalid:
            error = invalid.message_dict["prediction"][0]
            return _quiz_page(request, attempt, page, chosen=answers, error=error, status=400)
        if unanswered and "confirm_unanswered" not in request.POST:
            return _quiz_page(request, attempt, page, chosen=answers, unanswered=set(unanswered))
    try:
        abuse.limit_submit(request)
        result = submit_attempt(
            attempt.pk,
            answers,
            prediction_from(request.POST),
            may_show_score=score_allowance(request),
        )
    except abuse.Limited as limited:
        response = _refused(request, page, AttemptRefused(limited.message, "limited", 429))
        response["Retry-After"] = str(limited.retry_after)
        return response
    except AttemptRefused as refused:
        return _refused(request, page, refused)
    if result.first_submission:
        announce_completion(request, attempt)
    return redirect("contests:result", attempt_id=attempt.pk)


def _time_up():
    return _("Đã hết thời gian làm bài: bài nộp sau thời hạn không được tính.")


def _refused(request, page, refused):
    return TemplateResponse(
        request,
        "contests/refused.html",
        {"message": refused.message, "contest_page": page},
        status=refused.status,
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def result(request, attempt_id):
    """The score once it may show; the answers that no later round draws; the way to the ranking."""
    attempt = _attempt_or_404(attempt_id)
    if attempt.submitted_at is None:
        return redirect("contests:quiz", attempt_id=attempt.pk)
    language = translation.get_language()
    contest = attempt.round.contest
    review = answer_review(attempt, language)
    used = Attempt.objects.filter(
        round_id=attempt.round_id, participant_id=attempt.participant_id
    ).count()
    round_open = attempt.round.closes_at > timezone.now()
    return TemplateResponse(
        request,
        "contests/result.html",
        {
            "attempt": attempt,
            "contest": contest,
            "contest_page": page_for(contest, language),
            "score_visible": score_visible(attempt),
            "review": review,
            "answers_later": contest.show_answers_after_close and not review,
            "answers_closed": answers_visible(attempt),
            "tries_left": max(0, contest.attempts_per_round - used) if round_open else 0,
            "leaderboard_url": reverse("contests:leaderboard", args=[contest.pk]),
        },
    )
