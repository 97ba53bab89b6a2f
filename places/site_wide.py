"""Settings the whole site shares are changed only from the country.

An administrator's role group holds every model permission (``places.services.setup_roles``),
and the views of the project's own data cut them down to the user's subtree
(``places.scope``). Wagtail's site-wide settings have no unit to cut by: the site and its
host name, redirects (one could send ``/vi/`` elsewhere), languages, workflows, and the
interface's translations. Only superusers and users whose home unit is the country use
them; an administrator of a province meets them neither in the menu nor at their addresses.

``SiteWideSettingsBackend`` sits before Django's ``ModelBackend``: for these permissions it
raises ``PermissionDenied``, which ends Django's permission check with a refusal.
"""

from django.core.exceptions import PermissionDenied

from places.models import Level
from places.scope import home_unit

_MODELS = (
    ("wagtailcore", "site"),
    ("wagtailcore", "locale"),
    ("wagtailcore", "workflow"),
    ("wagtailcore", "task"),
    ("wagtailredirects", "redirect"),
)
SITE_WIDE_PERMISSIONS = frozenset(
    {
        *(
            f"{app}.{action}_{model}"
            for app, model in _MODELS
            for action in ("add", "change", "delete", "view")
        ),
        "locales.translate_interface",
    }
)


def works_for_the_whole_site(user) -> bool:
    if user.is_superuser:
        return True
    unit = home_unit(user)
    return unit is not None and unit.level == Level.COUNTRY and unit.parent_id is None


class SiteWideSettingsBackend:
    """Refuses, never grants, and logs no one in. Not a ``BaseBackend``: where no backend is
    named (the test client's ``force_login``), Django logs in with the first that has
    ``get_user``, and this one must never be it."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if perm in SITE_WIDE_PERMISSIONS and not works_for_the_whole_site(user_obj):
            raise PermissionDenied
        return False
