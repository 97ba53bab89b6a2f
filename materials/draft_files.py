"""A document that only pages not yet published hold is not served to the public.

Wagtail serves every document by id at ``/documents/<id>/<name>``. A file uploaded for a
page that is not live (a material version offline or a translator's draft, an article
never published that links it in its text or picks it in a block) must not be fetched by
someone who guesses or keeps its address; those who may edit one of the pages holding it,
or change the document itself, still open it from the admin.

The pages holding a document are the material versions listing it as a file and the
pages whose saved content refers to it in Wagtail's reference index. A document that
nothing holds, or that something other than a page refers to (a snippet, a setting),
is served as before.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from materials.models import MaterialFile


def holding_pages(document):
    """The pages that hold the document, or None if something other than a page refers to it."""
    references = ReferenceIndex.get_references_to(document)
    page_type = ContentType.objects.get_for_model(Page)
    if references.exclude(base_content_type=page_type).exists():
        return None
    page_ids = {int(pk) for pk in references.values_list("object_id", flat=True)}
    page_ids.update(MaterialFile.objects.filter(document=document).values_list("page", flat=True))
    return Page.objects.filter(pk__in=page_ids)


def held_only_by_drafts(document) -> bool:
    """True if some page holds the document and none of those pages is live."""
    pages = holding_pages(document)
    return pages is not None and pages.exists() and not pages.filter(live=True).exists()


def may_open_draft_file(user, document) -> bool:
    """Editors of a page holding it, and those who may change the document, open it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    documents = policy_registry.get_by_type(get_document_model())
    if documents.user_has_permission_for_instance(user, "change", document):
        return True
    pages = holding_pages(document).specific()
    return any(page.permissions_for_user(user).can_edit() for page in pages)


def refuse_draft_file(document, request):
    """``before_serve_document``: a draft's file answers like a document that does not exist."""
    if held_only_by_drafts(document) and not may_open_draft_file(request.user, document):
        raise Http404
