"""Purge the page cache whenever what the public sees may have changed.

Any save of a page (publishing, unpublishing, moving and scheduled publishing
all save it), any page deletion, a change of a page's privacy, of a site or of
a site setting (the footer), and any publish of a snippet purge the cache; a
draft saved in the admin does not, as the public does not see it. What else a
page shows (download counts, posts) refreshes within PAGE_CACHE_SECONDS. The purge
also runs when the transaction commits: a visitor who rendered the page between
the first purge and the commit saw the old text and stored it under the new
generation.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from portal import frontend_cache, page_cache

# A save touching only these leaves the live page as it was.
DRAFT_FIELDS = frozenset(
    {
        "draft_title",
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def purge_page_cache(**kwargs):
    page_cache.purge()
    transaction.on_commit(page_cache.purge)
    frontend_cache.schedule_purge()


# A restriction added to a page must hide it from the next anonymous visitor.
PUBLIC_FACING = (Page, PageViewRestriction, Site, BaseSiteSetting, BaseGenericSetting)


def purge_on_page_change(sender, **kwargs):
    if not (isinstance(sender, type) and issubclass(sender, PUBLIC_FACING)):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= DRAFT_FIELDS:
        return
    purge_page_cache()


def connect():
    post_save.connect(purge_on_page_change, dispatch_uid="page-cache-save")
    post_delete.connect(purge_on_page_change, dispatch_uid="page-cache-delete")
    # Publishing, unpublishing and moving also save the page; these say so explicitly, and
    # ``published``/``unpublished`` cover snippets shown on pages.
    for name, signal in {
        "page-published": page_published,
        "page-unpublished": page_unpublished,
        "page-moved": post_page_move,
        "published": published,
        "unpublished": unpublished,
    }.items():
        signal.connect(purge_page_cache, dispatch_uid=f"page-cache-{name}")
