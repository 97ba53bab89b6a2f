"""The public contest pages: entry on the contest page, the quiz, the result. Never cached."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from common import page_views
from common.analytics import send_event
from contests import abuse
from contests.attempts import (
    AttemptRefused,
    answer_review,
    answers_visible,
    questions_for,
    start_attempt,
    submit_attempt,
)
from contests.forms import EntryForm, answers_from, prediction_from
from contests.identity import normalise_phone
from contests.models import Attempt, ContestPage


@page_views.server_of(ContestPage)
def serve_contest_page(page, request):
    """The contest page; its form starts an attempt (or looks up a school or commune)."""
    if request.method not in ("GET", "HEAD", "POST"):
        response = TemplateResponse(request, "contests/refused.html", status=405)
        response["Allow"] = "GET, HEAD, POST"
        return response
    form = EntryForm(request.POST) if request.method == "POST" else EntryForm()
    message = None
    status = 200
    retry_after = None
    if request.method == "POST":
        if "find_places" in request.POST:
            form.find_places()
            form._errors = ErrorDict()  # a lookup is not a submission: no errors yet
        else:
            outcome = _start_from_form(page, request, form)
            if isinstance(outcome, Attempt):
                return redirect("contests:quiz", attempt_id=outcome.pk)
            message, status, retry_after = outcome
            form.find_places()
    context = page.get_context(request)
    context |= _page_context(page) | {"form": form, "message": message}
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def _start_from_form(page, request, form):
    """The started attempt, or (message, status, retry_after) saying why not."""
    try:
        abuse.check_form(request.POST)
        phone = _phone_or_none(request.POST.get("phone"))
        abuse.limit_start(request, phone)
    except abuse.FormRefused as refused:
        return refused.message, 400, None
    except abuse.Limited as limited:
        return limited.message, 429, limited.retry_after
    if not form.is_valid():
        return None, 400, None
    entry = form.entry(translation.get_language(), page.consent_text, page.guardian_consent_text)
    try:
        return start_attempt(page.contest, entry)
    except ValidationError as invalid:
        for field, messages in invalid.message_dict.items():
            for text in messages:
                form.add_error(field if field in form.fields else None, text)
        return None, 400, None
    except AttemptRefused as refused:
        return refused.message, refused.status, None


def _phone_or_none(raw):
    try:
        return normalise_phone(raw)
    except ValidationError:
        return None


def _page_context(page):
    contest = page.contest
    rounds = list(contest.rounds.all())
    now = timezone.now()
    current = next((r for r in rounds if r.opens_at <= now < r.closes_at), None)
    return {
        "contest": contest,
        "rounds": rounds,
        "current_round": current,
        "now": now,
        "time_limit_minutes": max(1, contest.time_limit_seconds // 60),
        "honeypot_field": abuse.HONEYPOT_FIELD,
    }


def page_for(contest, language=None):
    """The contest's page in ``language``, else in Vietnamese, else any live one."""
    pages = ContestPage.objects.live().filter(contest=contest).select_related("locale")
    by_language = {p.locale.language_code: p for p in pages}
    language = language or translation.get_language()
    return (
        by_language.get(language)
        or by_language.get(settings.LANGUAGE_CODE)
        or next(iter(by_language.values()), None)
    )


def _attempt_or_404(attempt_id):
    return get_object_or_404(Attempt.objects.select_related("round__contest"), pk=attempt_id)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def quiz(request, attempt_id):
    """The questions of an attempt under way, as a plain form; POST submits it."""
    attempt = _attempt_or_404(attempt_id)
    if request.method == "POST":
        return _submit(request, attempt)
    if attempt.submitted_at is not None:
        return redirect("contests:result", attempt_id=attempt.pk)
    now = timezone.now()
    grace = datetime.timedelta(seconds=settings.CONTEST_SUBMIT_GRACE_SECONDS)
    page = page_for(attempt.round.contest)
    if now > attempt.deadline_at + grace:
        return _refused(request, page, AttemptRefused(_time_up(), "late"))
    return TemplateResponse(
        request,
        "contests/quiz.html",
        {
            "attempt": attempt,
            "contest_page": page,
            "questions": questions_for(attempt, translation.get_language()),
            "seconds_left": max(0, int((attempt.deadline_at - now).total_seconds())),
        },
    )


def _submit(request, attempt):
    page = page_for(attempt.round.contest)
    try:
        abuse.limit_submit(request)
        result = submit_attempt(
            attempt.pk,
            answers_from(request.POST, attempt.question_ids),
            prediction_from(request.POST),
        )
    except abuse.Limited as limited:
        response = _refused(request, page, AttemptRefused(limited.message, "limited", 429))
        response["Retry-After"] = str(limited.retry_after)
        return response
    except AttemptRefused as refused:
        return _refused(request, page, refused)
    if result.first_submission:
        send_event(
            request,
            "Contest completed",
            props={"contest": attempt.round.contest.name, "language": attempt.language},
        )
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
    """The score; after the round closes (if the contest allows) the answers and explanations."""
    attempt = _attempt_or_404(attempt_id)
    if attempt.submitted_at is None:
        return redirect("contests:quiz", attempt_id=attempt.pk)
    language = translation.get_language()
    return TemplateResponse(
        request,
        "contests/result.html",
        {
            "attempt": attempt,
            "contest_page": page_for(attempt.round.contest, language),
            "review": answer_review(attempt, language),
            "answers_later": attempt.round.contest.show_answers_after_close
            and not answers_visible(attempt),
        },
    )
