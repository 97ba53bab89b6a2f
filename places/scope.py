"""Which objects a user may see and change: their home unit's subtree.

The one place that decides it; every view's queryset goes through here.

- ``units_visible_to(user)``: the org units the user may see.
- ``scope_queryset(user, queryset)``: any queryset, cut down to the user's subtree.
- ``can_see(user, obj)`` / ``can_change(user, obj)``: the same rule for one object.
- ``require_scope(user, unit)``: raise PermissionDenied unless the unit is in scope.

Rules: a superuser sees everything; an anonymous or inactive user, or a user
without a home unit (no ``Membership``), sees nothing; everyone else sees their
home unit and everything below it, historical units included.

An object belongs to the unit named by its model's ``scope_unit_field``
attribute (``"org_unit"`` when the model does not say; ``""`` for OrgUnit
itself, whose objects are their own unit). It may follow relations, e.g.
``"venue__org_unit"``. Pass ``unit_field`` to override it.
"""

from django.core.exceptions import PermissionDenied

from places.models import Level, Membership, OrgUnit

DEFAULT_UNIT_FIELD = "org_unit"
_SEES_ALL = object()
_CACHE_ATTRIBUTE = "_places_scope_unit"


def home_unit(user) -> OrgUnit | None:
    """The user's home unit, or None. One query per user object, then cached on it."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, _CACHE_ATTRIBUTE):
        membership = Membership.objects.select_related("home_unit").filter(user=user).first()
        setattr(user, _CACHE_ATTRIBUTE, membership.home_unit if membership else None)
    return getattr(user, _CACHE_ATTRIBUTE)


def national_unit() -> OrgUnit | None:
    """The country: the root of the unit tree."""
    return OrgUnit.objects.filter(level=Level.COUNTRY, parent__isnull=True).order_by("pk").first()


def forget_home_unit(user) -> None:
    """Drop the cached home unit, e.g. after changing the user's membership."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def _scope_root(user):
    """``_SEES_ALL``, the unit whose subtree the user sees, or None for nothing."""
    if not getattr(user, "is_active", False):
        return None
    if user.is_superuser:
        return _SEES_ALL
    return home_unit(user)


def _unit_field(model, unit_field: str | None) -> str:
    if unit_field is not None:
        return unit_field
    return getattr(model, "scope_unit_field", DEFAULT_UNIT_FIELD)


def units_visible_to(user):
    """The org units the user may see: their home unit's subtree (a queryset)."""
    return scope_queryset(user, OrgUnit.objects.all())


def scope_queryset(user, queryset, unit_field: str | None = None):
    """``queryset`` narrowed to objects whose unit lies in the user's subtree.

    One indexed prefix condition on the unit's path, joined in the same query.
    """
    root = _scope_root(user)
    if root is _SEES_ALL:
        return queryset
    if root is None:
        return queryset.none()
    field = _unit_field(queryset.model, unit_field)
    path_lookup = f"{field}__path__startswith" if field else "path__startswith"
    return queryset.filter(**{path_lookup: root.path})


def unit_of(obj, unit_field: str | None = None) -> OrgUnit | None:
    """The org unit ``obj`` belongs to (following ``unit_field`` through relations)."""
    field = _unit_field(type(obj), unit_field)
    unit = obj
    for name in field.split("__") if field else ():
        unit = getattr(unit, name, None)
        if unit is None:
            return None
    return unit


def is_in_scope(user, unit: OrgUnit | None) -> bool:
    """True if ``unit`` lies in the user's subtree (no query once the home unit is known)."""
    return is_path_in_scope(user, unit.path if unit is not None else None)


def is_path_in_scope(user, path: str | None) -> bool:
    """``is_in_scope`` for a unit known by its path, e.g. one annotated on a listing's rows."""
    root = _scope_root(user)
    if root is _SEES_ALL:
        return True
    return root is not None and path is not None and path.startswith(root.path)


def can_see(user, obj, unit_field: str | None = None) -> bool:
    """True if ``obj`` belongs to a unit in the user's subtree."""
    return is_in_scope(user, unit_of(obj, unit_field))


def can_change(user, obj, unit_field: str | None = None) -> bool:
    """True if ``obj`` is in the user's subtree and their role lets them change such objects.

    The role part is Django's ``<app>.change_<model>`` permission, which the
    role groups carry (see ``places.services.setup_roles``).
    """
    opts = obj._meta
    return can_see(user, obj, unit_field) and user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def require_scope(user, unit: OrgUnit | None) -> None:
    """Raise PermissionDenied unless ``unit`` lies in the user's subtree."""
    if not is_in_scope(user, unit):
        raise PermissionDenied
