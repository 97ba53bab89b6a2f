"""What a page says about itself to search engines and to sharing on Facebook, Zalo, X:
its canonical address, its language versions, and Open Graph and Twitter card tags."""

from urllib.parse import urljoin

from django.utils.html import strip_tags
from django.utils.text import Truncator

from common.addresses import public_url
from portal import page_cache
from portal.sitemaps import hreflang_alternates

OG_IMAGE_SPEC = "fill-1200x630"
DESCRIPTION_WORDS = 40


def og_locale(code):
    """Open Graph wants language_TERRITORY; every language served here is one of Vietnam's."""
    return f"{code}_VN"


def description(page):
    text = page.search_description or strip_tags(str(getattr(page, "intro", "") or ""))
    return Truncator(" ".join(text.split())).words(DESCRIPTION_WORDS)


def og_type(page):
    from campaigns.models import ArticlePage

    return "article" if isinstance(page, ArticlePage) else "website"


def share_image(page):
    """The page's ``og_image()`` if it has one, else its hero image, else None."""
    if callable(getattr(page, "og_image", None)):
        return page.og_image()
    return getattr(page, "hero_image", None)


def live_translations(page):
    """The live language versions of a page, itself included; kept until the next publish."""
    if not hasattr(page, "_live_translations"):
        page._live_translations = page_cache.remember(
            f"translations:{page.pk}",
            lambda: list(page.get_translations(inclusive=True).live().select_related("locale")),
        )
    return page._live_translations


def page_meta(page, request):
    canonical = public_url(page.get_url(request))
    translations = live_translations(page)
    urls = {t.locale.language_code: public_url(t.get_url(request)) for t in translations}
    language = next(
        (t.locale.language_code for t in translations if t.pk == page.pk),
        page.locale.language_code,
    )
    meta = {
        "canonical": canonical,
        "alternates": hreflang_alternates(urls),
        "title": page.seo_title or page.title,
        "description": description(page),
        "type": og_type(page),
        "locale": og_locale(language),
        "locale_alternates": [og_locale(code) for code in urls if code != language],
        "published": getattr(page, "date", None) if og_type(page) == "article" else None,
        "image": None,
    }
    image = share_image(page)
    if image is not None:
        rendition = image.get_rendition(OG_IMAGE_SPEC)
        meta["image"] = {
            "url": urljoin(canonical, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": rendition.alt,
        }
    return meta
