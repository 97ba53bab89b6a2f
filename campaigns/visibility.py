"""Which pages a listing may show, and what it fetches with them: page-type agnostic, so that
the page models and every listing (news, campaigns, contests, materials) share them."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def with_hero_images(pages):
    """Fetch the hero images with the pages, and all their renditions in one more query."""
    return pages.select_related("hero_image").prefetch_related("hero_image__renditions")


def publicly_visible(pages):
    """Leave out pages under a view restriction (their own or an ancestor's) inside the same
    query; Wagtail's ``public()`` reads every restriction first, one more query per listing."""
    restricted_ancestor = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.filter(~Exists(restricted_ancestor))


def live_pages_of_campaign(model, campaign):
    """Live, public pages of ``model`` in the campaign's language that belong to the campaign
    (matched by translation key: translations keep pointing at the Vietnamese campaign)."""
    return publicly_visible(
        model.objects.live().filter(
            locale_id=campaign.locale_id, campaign__translation_key=campaign.translation_key
        )
    )
