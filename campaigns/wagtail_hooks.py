"""The communication officer's admin: the media log and fanpage posts, in one menu.

Both are scoped to the user's subtree (``places.scope``): the viewsets are in
``campaigns.admin_media`` and ``campaigns.admin_fanpage``; the permission
policies add the scope to Wagtail's own per-object checks, and bulk actions
refuse objects outside it.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from campaigns.admin_fanpage import FanpagePostViewSet
from campaigns.admin_media import MediaItemViewSet
from campaigns.fanpage import FanpagePost
from campaigns.models import MediaItem
from places import scope
from places.viewsets import ScopedPermissionPolicy

# Before anything asks Wagtail for these policies (register_snippet does), or it makes
# fallback ones.
register_permission_policy(MediaItem, ScopedPermissionPolicy(MediaItem))
register_permission_policy(FanpagePost, ScopedPermissionPolicy(FanpagePost))

SCOPED_MODELS = (MediaItem, FanpagePost)


class CommunicationViewSetGroup(SnippetViewSetGroup):
    items = (MediaItemViewSet, FanpagePostViewSet)
    menu_icon = "media"
    menu_label = _("Truyền thông")
    menu_name = "communication"
    menu_order = 270


register_snippet(CommunicationViewSetGroup)


@hooks.register("before_bulk_action")
def refuse_bulk_actions_outside_scope(request, action_type, objects, action_class_instance):
    """Bulk actions take ids from the request: every object must lie in the subtree."""
    items = [obj for obj in objects if isinstance(obj, SCOPED_MODELS)]
    if any(not scope.can_see(request.user, obj) for obj in items):
        raise PermissionDenied
