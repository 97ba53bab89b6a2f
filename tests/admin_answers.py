"""How Wagtail's admin answers a user who may not do what they asked."""

from django.urls import reverse


def _to_dashboard(response) -> bool:
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def refused(response) -> bool:
    """A PermissionDenied: 403, or Wagtail's redirect to its dashboard."""
    return response.status_code == 403 or _to_dashboard(response)


def refused_or_hidden(response) -> bool:
    """``refused``, or a 404 where the answer must not tell that the object exists."""
    return response.status_code == 404 or refused(response)
