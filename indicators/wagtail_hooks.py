"""The indicators in the Wagtail admin: the dashboard ("Chỉ tiêu"), its drill-down, plans.

The dashboard is for everyone who may enter the admin; each user sees the
units of their subtree (``places.scope``). Plans and unit years are edited by
the roles holding ``indicators.change_plan`` / ``indicators.change_unityear``.
"""

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from indicators import (
    dashboard,
    report_hooks,  # noqa: F401  (registers the report pages and menu)
    views,
)
from indicators.models import Plan, UnitYear
from indicators.viewsets import PlanningGroup, PlanPermissionPolicy
from places import scope
from places.viewsets import ScopedPermissionPolicy

# Policies first: Wagtail refuses a custom policy once it has made a fallback one.
register_permission_policy(Plan, PlanPermissionPolicy(Plan))
register_permission_policy(UnitYear, ScopedPermissionPolicy(UnitYear))

register_snippet(PlanningGroup)

dashboard_urls = [
    path("", views.DashboardView.as_view(), name="index"),
    path("unit-plans/<int:pk>/", views.unit_plan_document, name="unit_plan"),
    path("plans/<int:pk>/copy-next/", views.copy_plan_view, name="copy_plan"),
    path("<slug:code>/", views.TraceView.as_view(), name="trace"),
]


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [path("indicators/", include((dashboard_urls, views.ADMIN_NAMESPACE)))]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return dashboard.scope_root(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        _("Chỉ tiêu"),
        reverse_lazy(f"{views.ADMIN_NAMESPACE}:index"),
        name="indicators",
        icon_name="table",
        order=150,
    )


@hooks.register("before_bulk_action")
def refuse_bulk_actions_outside_scope(request, action_type, objects, action_class_instance):
    """Bulk actions take ids from the request: each plan or unit year must be in the subtree."""
    scoped = [obj for obj in objects if isinstance(obj, (Plan, UnitYear))]
    if any(not scope.can_see(request.user, obj) for obj in scoped):
        raise PermissionDenied
