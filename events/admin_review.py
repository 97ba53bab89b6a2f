"""The review queue in the Wagtail admin: menu item, URLs, bulk actions, permission policy.

Sessions are read and reviewed here, never created or edited: volunteers log
on /log/ and officers import files. The permission policy therefore refuses
add, change and delete to everyone, superusers included, and limits every
per-object check to the user's subtree. Views are in ``events.review_views``.
"""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from events import services
from events.models import Session, Status
from events.review_views import (
    URL_NAMESPACE,
    ApproveView,
    ReasonForm,
    ReturnView,
    ReviewIndexView,
    SessionDetailView,
    SessionPhotoView,
    UnlockView,
    listed_sessions,
    reviewable_sessions,
    url,
)
from places import scope
from places.viewsets import ScopedPermissionPolicy

# Before anything asks Wagtail for Session's policy, or it makes a fallback one.
register_permission_policy(Session, ScopedPermissionPolicy(Session, read_only=True))


class SessionURLFinder(ModelAdminURLFinder):
    """Links to a session from elsewhere in the admin go to its review page."""

    def construct_edit_url(self, instance):
        return url("detail", instance.pk)

    def get_edit_url(self, instance):
        if self.user and not (
            self.user.has_perm(services.REVIEW_PERMISSION) and scope.can_see(self.user, instance)
        ):
            return None
        return self.construct_edit_url(instance)


class ReviewViewSet(ModelViewSet):
    model = Session
    name = "review"  # /admin/review/
    url_namespace = URL_NAMESPACE
    icon = "tasks"
    menu_label = _("Duyệt hoạt động")
    menu_order = 250
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = ReviewIndexView
    url_finder_class = SessionURLFinder

    def get_urlpatterns(self):
        # No add, edit, delete, copy, history or usage views: sessions are only reviewed here.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", SessionDetailView.as_view(), name="detail"),
            path("<int:pk>/approve/", ApproveView.as_view(), name="approve"),
            path("<int:pk>/return/", ReturnView.as_view(), name="return"),
            path("<int:pk>/unlock/", UnlockView.as_view(), name="unlock"),
            path("<int:pk>/photos/<int:photo_pk>/", SessionPhotoView.as_view(), name="photo"),
            path(
                "<int:pk>/photos/<int:photo_pk>/thumbnail/",
                SessionPhotoView.as_view(),
                {"thumbnail": True},
                name="photo_thumbnail",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_review_queue():
    return ReviewViewSet()


# --- Bulk actions -------------------------------------------------------------


class SessionBulkAction(BulkAction):
    """Approve or return the ticked sessions, each checked like a single review.

    The ids come from the request, so they are looked up in the reviewer's
    subtree only: an id from another province is simply not found.
    """

    models = [Session]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(services.REVIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, model, object_ids):
        sessions = reviewable_sessions(self.request.user)
        if not isinstance(object_ids, list):  # "select all in listing": a queryset of ids
            return list(sessions.filter(pk__in=object_ids))
        ids = [int(value) for value in object_ids if str(value).isdigit()]
        return list(sessions.filter(pk__in=ids))

    def get_all_objects_in_listing_query(self, parent_id):
        return listed_sessions(self.request).values_list("pk", flat=True)

    def get_actionable_objects(self):
        user = self.request.user
        objects, own, not_waiting = [], [], []
        for session in self.get_queryset(self.model, self._requested_ids()):
            if session.created_by_id == user.pk:
                own.append(session)
            elif session.status != Status.SUBMITTED:
                not_waiting.append(session)
            elif services.can_review(user, session):
                objects.append(session)
        return objects, {"own_records": own, "items_not_waiting": not_waiting}

    def _requested_ids(self):
        ids = self.request.GET.getlist("id")
        if "all" in ids:
            return self.get_all_objects_in_listing_query(self.request.GET.get("childOf"))
        return ids

    def object_context(self, session):
        return {"item": session, "url": url("detail", session.pk)}

    def get_execution_context(self):
        return {"reviewer": self.request.user}


class ApproveBulkAction(SessionBulkAction):
    display_name = _("Duyệt")
    action_type = "approve"
    aria_label = _("Duyệt các bản ghi đã chọn")
    template_name = "events/admin/review_bulk_approve.html"
    action_priority = 10

    @classmethod
    def execute_action(cls, objects, reviewer=None, **kwargs):
        return services.approve(reviewer, objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "Đã duyệt %(count)d bản ghi.", "Đã duyệt %(count)d bản ghi.", num_parent_objects
        ) % {"count": num_parent_objects}


class ReturnBulkAction(SessionBulkAction):
    display_name = _("Trả lại")
    action_type = "return"
    aria_label = _("Trả lại các bản ghi đã chọn cho người ghi")
    template_name = "events/admin/review_bulk_return.html"
    action_priority = 20
    form_class = ReasonForm

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "reason": self.cleaned_form.cleaned_data["reason"],
        }

    @classmethod
    def execute_action(cls, objects, reviewer=None, reason="", **kwargs):
        return services.return_to_author(reviewer, objects, reason), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "Đã trả lại %(count)d bản ghi cho người ghi.",
            "Đã trả lại %(count)d bản ghi cho người ghi.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", ReturnBulkAction)
