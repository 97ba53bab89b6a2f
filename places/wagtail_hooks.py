from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from places import page_ownership, scope, user_admin
from places.models import Membership, OrgUnit
from places.viewsets import MembershipViewSet, OrgUnitViewSet, ScopedPermissionPolicy

# Policies first: Wagtail refuses a custom policy once it has made a fallback one.
register_permission_policy(OrgUnit, ScopedPermissionPolicy(OrgUnit, read_only=True))
register_permission_policy(Membership, ScopedPermissionPolicy(Membership))

register_snippet(OrgUnitViewSet)
register_snippet(MembershipViewSet)


hooks.register("before_bulk_action", user_admin.refuse_user_bulk_actions)


@hooks.register("construct_explorer_page_queryset")
def annotate_unit_paths(parent_page, pages, request):
    """The explorer's rows carry their unit's path: its buttons ask no query per row."""
    return page_ownership.with_unit_paths(pages)


@hooks.register("before_bulk_action")
def refuse_bulk_actions_outside_scope(request, action_type, objects, action_class_instance):
    """Bulk actions take object ids from the request: check each against the user's scope."""
    scoped = [obj for obj in objects if isinstance(obj, (OrgUnit, Membership))]
    if any(not scope.can_see(request.user, obj) for obj in scoped):
        raise PermissionDenied


# The venue registry (venues and their yearly population figures) registers itself.
from places import venue_admin  # noqa: E402, F401
