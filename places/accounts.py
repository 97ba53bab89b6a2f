"""Accounts: who may manage which users, and which roles they may grant.

The rules, in one place (the user admin and ``import_users`` both use them):

- A superuser manages everyone and grants any role. Superusers are made with
  ``manage.py`` only (``createsuperuser``, ``ensure_admin``).
- Anyone else manages only users whose home unit lies in their own subtree
  (``places.scope``), never a superuser, and never a user whose role is above
  their own.
- Roles are the project's four groups (``places.models.Role``), ranked
  volunteer < reviewer < communication officer < administrator. A user's role is
  the highest of them that they hold.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from places import scope
from places.models import Membership, OrgUnit, Role

ROLE_RANK = {
    Role.VOLUNTEER: 1,
    Role.REVIEWER: 2,
    Role.COMMUNICATION_OFFICER: 3,
    Role.ADMINISTRATOR: 4,
}


def roles_by_group_name() -> dict[str, Role]:
    """Each role under the name of its group (Vietnamese, as the admin shows it)."""
    return {role.group_name: role for role in Role}


def role_of(user) -> Role | None:
    """The highest project role the user holds (None without one)."""
    roles = roles_by_group_name()
    held = [roles[group.name] for group in user.groups.all() if group.name in roles]
    return max(held, key=ROLE_RANK.get) if held else None


def _rank_of(user) -> int:
    if user.is_superuser:
        return len(ROLE_RANK) + 1
    role = role_of(user)
    return ROLE_RANK[role] if role else 0


def grantable_roles(user, *, strictly_below=False) -> list[Role]:
    """The roles ``user`` may give: not above their own (or below it, for imports)."""
    rank = _rank_of(user)
    return [
        role
        for role in Role
        if ROLE_RANK[role] < rank or (not strictly_below and ROLE_RANK[role] <= rank)
    ]


def users_visible_to(user):
    """The users ``user`` may list and manage: a queryset."""
    users = get_user_model().objects.all()
    if getattr(user, "is_superuser", False) and user.is_active:
        return users
    users = users.filter(is_superuser=False)
    return scope.scope_queryset(user, users, unit_field="membership__home_unit")


def can_manage(user, target) -> bool:
    """True if ``user`` may see and change the account ``target``."""
    if not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    if target.is_superuser or _rank_of(target) > _rank_of(user):
        return False
    return scope.is_in_scope(user, scope.home_unit(target))


def set_home_unit(target, unit: OrgUnit) -> None:
    Membership.objects.update_or_create(user=target, defaults={"home_unit": unit})
    scope.forget_home_unit(target)


def set_role(target, role: Role | None) -> None:
    """Give ``target`` exactly this project role; groups outside the role set stay."""
    with transaction.atomic():
        target.groups.remove(*Group.objects.filter(name__in=roles_by_group_name()))
        if role is not None:
            group, _created = Group.objects.get_or_create(name=role.group_name)
            target.groups.add(group)
