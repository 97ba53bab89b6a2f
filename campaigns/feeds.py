"""RSS and Atom feeds of one news index: the newest articles of that language."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from wagtail.models import Site

from common.addresses import public_url

FEED_ITEMS = 20


class ArticleRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page
        self.language = index_page.locale.language_code

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        site = Site.find_for_request(self.request)
        site_name = site.site_name if site and site.site_name else ""
        return f"{self.index_page.title} · {site_name}" if site_name else self.index_page.title

    def link(self):
        return public_url(self.index_page.get_url(self.request))

    def description(self):
        return self.index_page.search_description or self.index_page.title

    def items(self):
        return self.index_page.live_articles().prefetch_related("tags")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.search_description or item.intro

    def item_link(self, item):
        return public_url(item.get_url(self.request))

    def item_guid(self, item):
        return public_url(item.get_url(self.request))

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time.min))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class ArticleAtomFeed(ArticleRssFeed):
    feed_type = Atom1Feed
    subtitle = ArticleRssFeed.description
