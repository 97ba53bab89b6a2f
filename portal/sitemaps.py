"""The sitemap: every live public page of every language, each with its translations.

Wagtail's own sitemap lists the descendants of the site's root page, which is
the Vietnamese home; the other languages' homes are its translations, beside it
in the tree. Each URL carries ``xhtml:link rel="alternate" hreflang`` for every
language version of the page (itself included, as search engines expect) and
``x-default`` pointing at the Vietnamese one.
"""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page

from common.addresses import public_url

X_DEFAULT = "x-default"


def hreflang_alternates(urls_by_language):
    """[(hreflang, url)] in the order of LANGUAGES, then x-default (the Vietnamese version)."""
    alternates = [
        (code, urls_by_language[code])
        for code, _name in settings.LANGUAGES
        if code in urls_by_language
    ]
    if settings.LANGUAGE_CODE in urls_by_language:
        alternates.append((X_DEFAULT, urls_by_language[settings.LANGUAGE_CODE]))
    return alternates


class LanguageSitemap(Sitemap):
    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_home = reduce(or_, (Q(path__startswith=home.path) for home in homes), Q(pk__in=[]))
        return (
            Page.objects.filter(in_a_home)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        entries, by_translation = [], defaultdict(dict)
        for item in self.paginator.page(page).object_list.iterator():
            for info in item.get_sitemap_urls(self.request):
                info["location"] = public_url(info["location"])
                entries.append((item.translation_key, info))
            by_translation[item.translation_key][languages[item.locale_id]] = public_url(
                item.get_url(self.request)
            )
        urls = []
        for key, info in entries:
            info["alternates"] = [
                {"lang_code": code, "location": url}
                for code, url in hreflang_alternates(by_translation[key])
            ]
            urls.append(info)
        last_mods = {info.get("lastmod") for info in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
