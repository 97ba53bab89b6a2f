"""A document that only versions not yet published hold is not served to the public.

Wagtail serves every document by id at ``/documents/<id>/<name>``. A file uploaded for a
material version that is not live (a translator's draft, a version taken offline) must
not be fetched by someone who guesses or keeps its address; those who may edit one of the
versions holding it, or change the document itself, still open it from the admin.
"""

from django.db.models import Count, Q
from django.http import Http404
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from materials.models import MaterialFile, MaterialPage


def held_only_by_drafts(document) -> bool:
    """True if some material version holds the document and none of those versions is live."""
    held = MaterialFile.objects.filter(document=document).aggregate(
        rows=Count("pk"), live=Count("pk", filter=Q(page__live=True))
    )
    return held["rows"] > 0 and held["live"] == 0


def may_open_draft_file(user, document) -> bool:
    """Editors of a version holding it, and those who may change the document, open it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    documents = policy_registry.get_by_type(get_document_model())
    if documents.user_has_permission_for_instance(user, "change", document):
        return True
    versions = MaterialPage.objects.filter(files__document=document).distinct()
    return any(version.permissions_for_user(user).can_edit() for version in versions)


def refuse_draft_file(document, request):
    """``before_serve_document``: a draft's file answers like a document that does not exist."""
    if held_only_by_drafts(document) and not may_open_draft_file(request.user, document):
        raise Http404
