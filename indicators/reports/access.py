"""Who may read, prepare and finalise a report.

A report belongs to its unit: the officers whose home unit it is prepare it
(``indicators.add_report``) and finalise it (``indicators.finalise_report``).
Users of the units above it, whose subtree contains it (``places.scope``), read
it once it is finalised and submitted, never while it is a draft. Nobody else
sees it. A superuser may do everything.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from indicators.models import Report
from places.scope import home_unit, is_in_scope, scope_queryset

VIEW = "indicators.view_report"
PREPARE = "indicators.add_report"
FINALISE = "indicators.finalise_report"


def _is_own(user, unit) -> bool:
    home = home_unit(user)
    return home is not None and home.pk == unit.pk


def may_read_reports(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(VIEW) or user.has_perm(PREPARE))


def can_prepare(user, unit) -> bool:
    """May the user create, generate and edit the reports of ``unit``?"""
    if not user.is_active:
        return False
    return user.is_superuser or (user.has_perm(PREPARE) and _is_own(user, unit))


def can_finalise(user, unit) -> bool:
    if not user.is_active:
        return False
    return user.is_superuser or (user.has_perm(FINALISE) and _is_own(user, unit))


def can_view(user, report: Report) -> bool:
    if not may_read_reports(user) or not is_in_scope(user, report.org_unit):
        return False
    return user.is_superuser or _is_own(user, report.org_unit) or report.is_locked


def visible_reports(user):
    """Reports the user may open: their unit's, and the finalised ones below it."""
    if not may_read_reports(user):
        return Report.objects.none()
    reports = scope_queryset(user, Report.objects.all())
    if user.is_superuser:
        return reports
    home = home_unit(user)
    return reports.filter(Q(org_unit=home) | Q(status__in=Report.LOCKED))


def require_view(user, report):
    if not can_view(user, report):
        raise PermissionDenied


def require_prepare(user, unit):
    if not can_prepare(user, unit):
        raise PermissionDenied


def require_finalise(user, unit):
    if not can_finalise(user, unit):
        raise PermissionDenied
