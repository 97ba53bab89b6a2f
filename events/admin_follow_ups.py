"""The admin's list of given-up background work (outbox rows that kept failing).

A follow-up (thumbnail, notice, indicator refresh, a purge or a task that waited
for the broker) is sent at most ``follow_ups.MAX_TRIES`` times; after that the
dispatcher stops and the row appears here, with its last error, for an
administrator, who may send it again once the cause is fixed.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events import follow_ups
from events.models import FollowUp

SHOWN = 500


class GivenUpView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/follow_ups_given_up.html"
    page_title = _("Việc nền bị dừng")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        rows = FollowUp.objects.filter(given_up_at__isnull=False, done_at__isnull=True)
        return {
            **super().get_context_data(**kwargs),
            "follow_ups": rows.order_by("-given_up_at", "-pk")[:SHOWN],
            "total": rows.count(),
            "max_tries": follow_ups.MAX_TRIES,
        }

    def post(self, request):
        ids = [int(value) for value in request.POST.getlist("follow_up") if value.isdigit()]
        follow_ups.retry(ids)
        return redirect(reverse("events_follow_ups_given_up"))


@hooks.register("register_admin_urls")
def register_follow_up_urls():
    return [path("follow-ups/given-up/", GivenUpView.as_view(), name="events_follow_ups_given_up")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_follow_ups_menu():
    return SuperuserMenuItem(
        _("Việc nền bị dừng"),
        reverse("events_follow_ups_given_up"),
        name="follow-ups-given-up",
        icon_name="warning",
        order=900,
    )
