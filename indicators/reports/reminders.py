"""E-mail reminders before a report deadline.

A daily beat task looks at every unit in force that has officers able to
prepare its report (``indicators.add_report``, an e-mail address, the unit as
home unit). For each reporting period whose deadline (``deadlines.deadline_for``)
falls within the next ``REPORT_REMINDER_DAYS`` days and whose report is not yet
submitted, it e-mails those officers. ``REPORT_REMINDER_DAYS`` is one number
(default 5) or several ("7,1"): one reminder per threshold crossed, each sent
once per (unit, period, threshold) and recorded in ``ReportReminder``; a run
that finds several thresholds crossed at once sends one e-mail for all of them.

An ad-hoc report requested by a higher unit with its own date (a ``Deadline`` of
kind ``ad_hoc``, ``deadlines.ad_hoc_requests``) goes through the same thresholds:
its officers are reminded before its date, once per threshold, recorded under
the request's own key (``ad_hoc_key``) in place of a period.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.notices import language_of
from indicators.models import Plan, Report, ReportReminder
from indicators.reports.deadlines import ad_hoc_due_between, asks, deadline_for
from indicators.reports.labels import period_label

logger = logging.getLogger(__name__)
DEFAULT_DAYS = 5


def thresholds() -> list[int]:
    """The configured days-before thresholds, largest first."""
    value = getattr(settings, "REPORT_REMINDER_DAYS", DEFAULT_DAYS)
    if isinstance(value, int):
        values = [value]
    elif isinstance(value, list | tuple):
        values = [int(v) for v in value]
    else:
        values = [int(part) for part in str(value).split(",") if part.strip()]
    return sorted({v for v in values if v >= 0}, reverse=True) or [DEFAULT_DAYS]


def candidate_periods(today: datetime.date, horizon: int) -> list[str]:
    """Report periods whose deadline could fall between today and ``horizon`` days on."""
    years = range(today.year, (today + datetime.timedelta(days=horizon)).year + 1)
    codes = []
    for year in years:
        codes += [f"{year}-Q{q}" for q in range(1, 5)]
        codes += [f"{year}-H1", f"{year}-H2", f"{year}-M9", str(year)]
    for first, last in Plan.objects.values_list("first_year", "last_year").distinct():
        if last in years:
            codes.append(f"{first}-{last}")
    return codes


def _preparers():
    """Active officers with an e-mail who may prepare their home unit's report, by unit."""
    permission = Permission.objects.filter(
        content_type__app_label="indicators", codename="add_report"
    ).first()
    if permission is None:
        return {}
    users = (
        get_user_model()
        .objects.filter(is_active=True, membership__isnull=False)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions=permission)
            | Q(groups__permissions=permission)
        )
        .distinct()
        .select_related("membership__home_unit__parent")
    )
    by_unit = defaultdict(list)
    units = {}
    for user in users:
        unit = user.membership.home_unit
        units[unit.pk] = unit
        by_unit[unit.pk].append(user)
    return {units[pk]: recipients for pk, recipients in by_unit.items()}


def send_due(today=None) -> int:
    """Send what is due today; returns the number of (unit, period) reminders sent."""
    today = today or timezone.localdate()
    days = thresholds()
    codes = candidate_periods(today, max(days))
    requests = ad_hoc_due_between(today, today + datetime.timedelta(days=max(days)))
    deadlines = {}  # a deadline depends only on the unit's parent and the period
    sent = 0
    for unit, recipients in _preparers().items():
        if not unit.is_valid_on(today):
            continue
        for request in requests:
            if not asks(request, unit):
                continue
            left = (request.due - today).days
            crossed = [d for d in days if 0 <= left <= d]
            if crossed and _remind(
                unit, ad_hoc_key(request), request.due, left, crossed, recipients, None, request
            ):
                sent += 1
        for code in codes:
            key = (unit.parent_id, code)
            if key not in deadlines:
                deadlines[key] = deadline_for(unit, code)
            deadline = deadlines[key]
            if deadline is None:
                continue
            left = (deadline - today).days
            crossed = [d for d in days if 0 <= left <= d]
            if not crossed:
                continue
            report = Report.objects.filter(org_unit=unit, period=code).first()
            if report is not None and report.is_locked:
                continue
            if _remind(unit, code, deadline, left, crossed, recipients, report):
                sent += 1
    return sent


def ad_hoc_key(request) -> str:
    """What a reminder of an ad-hoc request is recorded under in place of a period."""
    return f"ad_hoc-{request.pk}"


def _remind(unit, code, deadline, left, crossed, recipients, report, request=None) -> bool:
    try:
        with transaction.atomic():
            recorded = set(
                ReportReminder.objects.filter(
                    org_unit=unit, period=code, days_before__in=crossed
                ).values_list("days_before", flat=True)
            )
            pending = [d for d in crossed if d not in recorded]
            if not pending:
                return False
            ReportReminder.objects.bulk_create(
                ReportReminder(
                    org_unit=unit,
                    period=code,
                    days_before=d,
                    deadline=deadline,
                    recipients=len(recipients),
                )
                for d in pending
            )
            for user in recipients:
                _send(user, unit, code, deadline, left, report, request)
    except IntegrityError:  # another run recorded it first
        return False
    return True


def _reports_url():
    try:
        path = reverse("indicators_reports")
    except NoReverseMatch:  # the admin pages are not registered in this process
        path = "/admin/"
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(user, unit, code, deadline, left, report, request=None):
    with translation.override(language_of(user)):
        if request is not None:
            label = _("đột xuất theo %(plan)s") % {"plan": request.plan.citation()}
        else:
            label = period_label(code)
        context = {
            "user": user,
            "unit": unit,
            "period": code,
            "period_label": label,
            "request": request,
            "deadline": deadline,
            "days_left": left,
            "report": report,
            "url": _reports_url(),
        }
        subject = render_to_string("indicators/reports/email/reminder_subject.txt", context)
        body = render_to_string("indicators/reports/email/reminder.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])
