"""What the campaign and article pages list, each in as few queries as the page allows.

Translations of an article keep pointing at the Vietnamese campaign (the campaign
field is synchronised), and contest pages do the same, so every listing matches a
campaign by its translation key and shows the pages of the reader's language.
"""

from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Sum
from taggit.models import Tag

from campaigns import sections
from campaigns.fanpage import FanpagePost
from campaigns.models import (
    ArticleIndexPage,
    ArticlePage,
    Audience,
    AudienceCode,
    CampaignIndexPage,
    CampaignPage,
)
from campaigns.visibility import live_pages_of_campaign, publicly_visible, with_hero_images
from common import page_views
from events.models import Session

ARTICLES_PER_PAGE = 10
CAMPAIGN_ARTICLES_SHOWN = 6
CAMPAIGN_POSTS_SHOWN = 5
RELATED_ARTICLES_SHOWN = 3


def campaigns_by_period(index_page, today=None):
    """Current and coming campaigns (soonest first), then past ones (latest first)."""
    today = today or date.today()
    campaigns = list(
        with_hero_images(
            publicly_visible(CampaignPage.objects.child_of(index_page).live())
        ).order_by("starts_on", "pk")
    )
    current = [campaign for campaign in campaigns if campaign.ends_on >= today]
    past = sorted(
        (campaign for campaign in campaigns if campaign.ends_on < today),
        key=lambda campaign: campaign.ends_on,
        reverse=True,
    )
    return {"current_campaigns": current, "past_campaigns": past, "today": today}


def news_index_of(locale_id):
    return ArticleIndexPage.objects.live().filter(locale_id=locale_id).first()


def approved_sessions_during(campaign):
    """How many approved outreach sessions were held in the campaign's period, and how many
    people took part (one aggregate query; sessions are counted, not de-duplicated)."""
    return (
        Session.objects.approved()
        .filter(date__gte=campaign.starts_on, date__lte=campaign.ends_on)
        .aggregate(count=Count("pk"), participants=Sum("participants", default=0))
    )


def campaign_contents(campaign):
    """The campaign's articles, fanpage posts and sessions, and what other apps list for it."""
    articles = with_hero_images(
        live_pages_of_campaign(ArticlePage, campaign).order_by("-date", "-pk")
    )[:CAMPAIGN_ARTICLES_SHOWN]
    return {
        "peaks": campaign.peak_dates.all(),
        "campaign_audiences": campaign.audiences.all(),
        "campaign_articles": articles,
        "news_index": news_index_of(campaign.locale_id),
        "posts": FanpagePost.objects.latest_published(
            campaign, campaign.locale.language_code, CAMPAIGN_POSTS_SHOWN
        ),
        "sessions_summary": approved_sessions_during(campaign),
        **sections.sections_of(campaign),
    }


def article_campaign(article):
    """The article's campaign in the article's language, else the Vietnamese one."""
    campaign = article.campaign
    if campaign is None:
        return None
    if campaign.locale_id == article.locale_id:
        return campaign if campaign.live else None
    versions = CampaignPage.objects.live().filter(translation_key=campaign.translation_key)
    by_locale = {version.locale_id: version for version in versions}
    return by_locale.get(article.locale_id) or by_locale.get(campaign.locale_id)


def related_articles(article, campaign):
    """The newest other articles of the same campaign in the article's language (or of the
    same news index when it has no campaign)."""
    related = publicly_visible(ArticlePage.objects.live().filter(locale_id=article.locale_id))
    if campaign is not None:
        related = related.filter(campaign__translation_key=campaign.translation_key)
    else:
        related = related.child_of(article.get_parent())
    return (
        related.exclude(pk=article.pk)
        .select_related("hero_image")
        .order_by("-date", "-pk")[:RELATED_ARTICLES_SHOWN]
    )


def article_details(article):
    campaign = article_campaign(article)
    return {
        "article_campaign": campaign,
        "article_tags": article.tags.all(),
        "article_audiences": article.audiences.all(),
        "related_articles": related_articles(article, campaign),
        # An article always sits right below its news index (parent_page_types), so the
        # index's URL is the article's minus its own slug: one query fewer per page view.
        "news_index_url": article.url.rstrip("/").rsplit("/", 1)[0] + "/" if article.url else "",
    }


def filtered_articles(index_page, request):
    """The index's live articles, filtered by campaign (slug), audience (code) and tag (slug),
    ten to a page. A filter value that names nothing gives an empty list, not every article."""
    locale_id = index_page.locale_id
    articles = index_page.live_articles()
    chosen = {}

    campaign_slug = request.GET.get("campaign", "").strip()
    if campaign_slug:
        chosen["campaign"] = campaign_slug
        campaign_keys = CampaignPage.objects.filter(locale_id=locale_id, slug=campaign_slug).values(
            "translation_key"
        )
        articles = articles.filter(campaign__translation_key__in=campaign_keys)

    audience = request.GET.get("audience", "").strip()
    if audience:
        chosen["audience"] = audience
        if audience in AudienceCode.values:
            articles = articles.filter(audiences__code=audience)
        else:
            articles = articles.none()

    tag = request.GET.get("tag", "").strip()
    if tag:
        chosen["tag"] = tag
        articles = articles.filter(tags__slug=tag)

    page_obj = Paginator(with_hero_images(articles.distinct()), ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    tags = (
        Tag.objects.filter(
            campaigns_articletag_items__content_object__in=index_page.live_articles()
        )
        .distinct()
        .order_by("name")
    )
    return {
        "articles": page_obj,
        "chosen": chosen,
        "filter_query": urlencode(chosen),
        "campaign_options": CampaignPage.objects.live()
        .filter(locale_id=locale_id)
        .order_by("-starts_on")
        .only("title", "slug"),
        "audience_options": Audience.objects.all(),
        "tag_options": tags,
    }


@page_views.context_of(CampaignIndexPage)
def campaign_index_context(page, request):
    return campaigns_by_period(page)


@page_views.context_of(CampaignPage)
def campaign_context(page, request):
    return campaign_contents(page)


@page_views.context_of(ArticleIndexPage)
def news_index_context(page, request):
    return filtered_articles(page, request)


@page_views.context_of(ArticlePage)
def article_context(page, request):
    return article_details(page)
