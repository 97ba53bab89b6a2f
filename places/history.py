"""Wagtail's site-history report, limited by ``places.scope`` like everything else.

Wagtail shows a non-superuser every log entry of every model they hold any
permission on, so a province officer read other provinces' venue, membership
and user names there. ``ScopedLogEntriesView`` (routed in ``portal.urls`` in
place of Wagtail's) keeps the entries of scoped objects (models with a unit:
``scope_unit_field`` or an ``org_unit`` field) and of users only when the object
lies in the reader's subtree, and offers only visible users in its filter.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.models import ModelLogEntry

from places import accounts, scope


def _has_unit(model) -> bool:
    if hasattr(model, "scope_unit_field"):
        return True
    try:
        model._meta.get_field(scope.DEFAULT_UNIT_FIELD)
    except FieldDoesNotExist:
        return False
    return True


def visible_ids(user, model):
    """The ids (as text, as log entries keep them) of ``model``'s objects ``user`` may see,
    or None when the model belongs to no unit."""
    if model is get_user_model():
        objects = accounts.users_visible_to(user)
    elif _has_unit(model):
        objects = scope.scope_queryset(user, model._default_manager.all())
    else:
        return None
    return objects.annotate(id_text=Cast("pk", CharField())).values("id_text")


def scope_log_entries(user, entries):
    """``entries`` (model log entries) without those of objects outside the user's subtree."""
    if user.is_superuser:
        return entries
    type_ids = ModelLogEntry.objects.values_list("content_type_id", flat=True).distinct()
    hidden = Q()
    for content_type in ContentType.objects.filter(pk__in=type_ids):
        model = content_type.model_class()
        ids = visible_ids(user, model) if model else None
        if ids is not None:
            hidden |= Q(content_type=content_type) & ~Q(object_id__in=ids)
    return entries.exclude(hidden) if hidden else entries


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    def get_user_choices(self):
        user = self.request.user
        choices = super().get_user_choices()
        if user.is_superuser:
            return choices
        return choices.filter(
            Q(pk__in=accounts.users_visible_to(user).values("pk")) | Q(pk=user.pk)
        )


class ScopedLogEntriesView(LogEntriesView):
    filterset_class = ScopedSiteHistoryFilterSet

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if queryset.model is ModelLogEntry:
            queryset = scope_log_entries(self.request.user, queryset)
        return queryset
