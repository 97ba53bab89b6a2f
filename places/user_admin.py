"""Wagtail's Users and Groups admin, limited by ``places.accounts`` like everything else.

``places.user_apps.ScopedUsersConfig`` replaces ``wagtail.users`` in INSTALLED_APPS
and points Wagtail at the view sets here:

- the user list, search, edit, delete and history show only the users the
  administrator may manage (their subtree, never a superuser, never a higher
  role); another user's page answers 403;
- the add and edit forms take the home unit and the role on one screen; a
  non-superuser never sees "Administrator" (``is_superuser``) nor Wagtail's
  group checkboxes, and is offered only the roles not above their own;
- groups (the role definitions) are read-only for everyone but superusers;
- the bulk actions on users check every chosen user; assigning a group in bulk
  is for superusers only.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.widgets import AdminSnippetChooser
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as user_views

from common.names import family_name_first
from places import accounts, scope
from places.models import OrgUnit, Role

WRITE_ACTIONS = frozenset({"add", "change", "delete"})


# --- Permission policies --------------------------------------------------------------


class ScopedUserPolicy(ModelPermissionPolicy):
    """Django's user permissions, for the users ``places.accounts`` lets one manage."""

    def user_has_permission_for_instance(self, user, action, instance):
        return super().user_has_permission(user, action) and accounts.can_manage(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        return instances & accounts.users_visible_to(user)


class SuperuserEditsGroupsPolicy(ModelPermissionPolicy):
    """Anyone with the permission may read the groups; only superusers change them."""

    def user_has_permission(self, user, action):
        if action in WRITE_ACTIONS and not user.is_superuser:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if set(actions) <= WRITE_ACTIONS:
            return get_user_model().objects.filter(is_superuser=True, is_active=True)
        return super().users_with_any_permission(actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


def register_policies():
    """Called from ``ScopedUsersConfig.ready`` instead of Wagtail's default policies."""
    from wagtail.permissions import register_permission_policy

    register_permission_policy(get_user_model(), ScopedUserPolicy(get_user_model()))
    register_permission_policy(Group, SuperuserEditsGroupsPolicy(Group))


# --- Forms --------------------------------------------------------------------------


class ScopedUserFormMixin:
    """Home unit and role on the user form; superuser and group fields for superusers only."""

    def __init__(self, *args, request_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_user = request_user
        superuser = bool(request_user and request_user.is_superuser)
        target = self.instance if self.instance.pk else None
        self.fields["home_unit"] = forms.ModelChoiceField(
            queryset=scope.units_visible_to(request_user),
            label=_("Đơn vị"),
            required=not superuser,
            widget=AdminSnippetChooser(OrgUnit),
            initial=scope.home_unit(target) if target else None,
            help_text=_("Người dùng thấy và làm việc với dữ liệu của đơn vị này và cấp dưới."),
        )
        self.fields["role"] = forms.ChoiceField(
            label=_("Vai trò"),
            required=False,
            choices=[("", "—")]
            + [(role.value, role.label) for role in accounts.grantable_roles(request_user)],
            initial=(accounts.role_of(target) or "") if target else "",
        )
        if superuser:
            if "groups" in self.fields:
                self.fields["groups"].queryset = Group.objects.exclude(
                    name__in=accounts.roles_by_group_name()
                ).order_by("name")
                self.fields["groups"].label = _("Nhóm khác")
        else:
            self.fields.pop("is_superuser", None)
            self.fields.pop("groups", None)
        family_name_first(self.fields)

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            self.save_scope(user)
        return user

    def save_scope(self, user):
        unit = self.cleaned_data.get("home_unit")
        if unit is not None:
            accounts.set_home_unit(user, unit)
        role = self.cleaned_data.get("role")
        accounts.set_role(user, Role(role) if role else None)


class ScopedUserCreationForm(ScopedUserFormMixin, UserCreationForm):
    pass


class ScopedUserEditForm(ScopedUserFormMixin, UserEditForm):
    pass


# --- Views --------------------------------------------------------------------------


class ManagedUserMixin:
    """A view of one user, refused unless the requesting user may manage them."""

    def get_object(self, *args, **kwargs):
        target = super().get_object(*args, **kwargs)
        if not accounts.can_manage(self.request.user, target):
            raise PermissionDenied
        return target


class FormRequestUserMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["request_user"] = self.request.user
        return kwargs


class ScopedIndexView(user_views.IndexView):
    def get_base_queryset(self):
        return accounts.users_visible_to(self.request.user)


class ScopedCreateView(FormRequestUserMixin, user_views.CreateView):
    pass


class ScopedEditView(FormRequestUserMixin, ManagedUserMixin, user_views.EditView):
    pass


class ScopedDeleteView(ManagedUserMixin, user_views.DeleteView):
    pass


class ScopedHistoryView(ManagedUserMixin, user_views.HistoryView):
    pass


class ScopedUserViewSet(user_views.UserViewSet):
    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    create_template_name = "places/users/create.html"
    edit_template_name = "places/users/edit.html"

    def get_form_class(self, for_update=False):
        return ScopedUserEditForm if for_update else ScopedUserCreationForm


def refuse_user_bulk_actions(request, action_type, objects, action_class_instance):
    """``before_bulk_action`` hook: every chosen user must be one the requester manages."""
    users = [obj for obj in objects if isinstance(obj, get_user_model())]
    if not users:
        return
    if action_type == "assign_role" and not request.user.is_superuser:
        raise PermissionDenied
    if any(not accounts.can_manage(request.user, user) for user in users):
        raise PermissionDenied
