"""Campaigns, their news articles, and the media log of press items that carried the topic.

Audiences are shared by every kind of public content (campaigns, articles,
materials, contests) and use the same codes as the audiences of sessions.
"""

from datetime import date

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from campaigns.visibility import publicly_visible
from common import page_views
from common.slugs import VietnameseSlugMixin
from locales.languages import content_language_choices
from locales.samples import sample_translation_flag
from places.models import OrgUnit
from places.page_ownership import OwnedPageForm, UnitOwnedPage


class AudienceCode(models.TextChoices):
    STUDENTS = "students", _("Học sinh, sinh viên")
    IZ_WORKERS = "iz_workers", _("Người lao động khu công nghiệp")
    ESTABLISHMENT_WORKERS = "establishment_workers", _("Người lao động tại cơ sở dịch vụ")
    COMMUNITY = "community", _("Cộng đồng dân cư")
    CADRES = "cadres", _("Cán bộ")


class Audience(models.Model):
    """One audience of public content; the rows are the codes above, made by a migration."""

    code = models.CharField(_("mã"), max_length=32, unique=True, choices=AudienceCode.choices)

    class Meta:
        verbose_name = _("đối tượng")
        verbose_name_plural = _("đối tượng")
        ordering = ["id"]

    def __str__(self):
        return str(self.get_code_display())


# Title, slug and SEO texts of every page are translated; the sample flag is left out on
# purpose: it belongs to each language version and must not be copied from Vietnamese.
PAGE_TRANSLATABLE_FIELDS = [
    TranslatableField("title"),
    TranslatableField("slug"),
    TranslatableField("seo_title"),
    TranslatableField("search_description"),
    SynchronizedField("show_in_menus"),
    SynchronizedField("owner_unit"),
]

SAMPLE_SETTINGS_PANELS = [
    FieldPanel("owner_unit"),
    FieldPanel("awaiting_native_translation"),
    *Page.settings_panels,
]


class CampaignIndexPage(UnitOwnedPage, VietnameseSlugMixin, Page):
    """Lists the campaigns of one language tree: current and coming ones first, then past ones."""

    base_form_class = OwnedPageForm
    national_section = True

    awaiting_native_translation = sample_translation_flag()

    intro = RichTextField(_("lời giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = SAMPLE_SETTINGS_PANELS
    translatable_fields = [*PAGE_TRANSLATABLE_FIELDS, TranslatableField("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("danh sách chiến dịch")

    def get_context(self, request, *args, **kwargs):
        return page_views.context(self, request, super().get_context(request, *args, **kwargs))


class CampaignPage(UnitOwnedPage, VietnameseSlugMixin, Page):
    """A campaign such as "Tháng hành động": theme, period, peak dates, audiences."""

    base_form_class = OwnedPageForm

    awaiting_native_translation = sample_translation_flag()

    theme = models.CharField(_("chủ đề"), max_length=255)
    intro = models.TextField(_("tóm tắt"), blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    audiences = ParentalManyToManyField(Audience, verbose_name=_("đối tượng"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đầu trang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(_("nội dung"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("theme"),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading=_("thời gian")),
        InlinePanel("peak_dates", heading=_("cao điểm"), label=_("cao điểm")),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    settings_panels = SAMPLE_SETTINGS_PANELS
    search_fields = [
        *Page.search_fields,
        index.SearchField("theme"),
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("starts_on"),
    ]
    translatable_fields = [
        *PAGE_TRANSLATABLE_FIELDS,
        TranslatableField("theme"),
        TranslatableField("intro"),
        TranslatableField("body"),
        TranslatableField("peak_dates"),
        SynchronizedField("starts_on"),
        SynchronizedField("ends_on"),
        SynchronizedField("audiences"),
        SynchronizedField("hero_image"),
    ]
    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("chiến dịch")
        verbose_name_plural = _("chiến dịch")

    def og_image(self):
        return self.hero_image

    def is_current(self, on=None):
        on = on or date.today()
        return self.starts_on <= on <= self.ends_on

    def get_context(self, request, *args, **kwargs):
        return page_views.context(self, request, super().get_context(request, *args, **kwargs))


class CampaignPeak(TranslatableMixin, Orderable):
    """A peak within a campaign, such as the action month or a national day."""

    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="peak_dates")
    label = models.CharField(_("tên đợt cao điểm"), max_length=200)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))

    panels = [FieldPanel("label"), FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")])]
    translatable_fields = [
        TranslatableField("label"),
        SynchronizedField("starts_on"),
        SynchronizedField("ends_on"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]


# Wagtail serves only slug-like paths, so the feeds live at rss/ and atom/ below the index.
FEED_SLUGS = ("rss", "atom")


class ArticleIndexPage(UnitOwnedPage, VietnameseSlugMixin, RoutablePageMixin, Page):
    """The news of one language tree, newest first, filtered by campaign, audience and tag,
    with its RSS and Atom feeds at ``rss/`` and ``atom/`` below the page."""

    base_form_class = OwnedPageForm
    national_section = True

    awaiting_native_translation = sample_translation_flag()

    intro = RichTextField(_("lời giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = SAMPLE_SETTINGS_PANELS
    translatable_fields = [*PAGE_TRANSLATABLE_FIELDS, TranslatableField("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["campaigns.ArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("danh sách tin bài")

    def live_articles(self):
        return publicly_visible(ArticlePage.objects.child_of(self).live()).order_by("-date", "-pk")

    def route(self, request, path_components):
        # An article is fetched as its specific class with what its page shows, in one
        # query, instead of Wagtail's generic child lookup followed by ``.specific``.
        if len(path_components) == 1 and path_components[0] not in FEED_SLUGS:
            article = (
                ArticlePage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("locale", "hero_image", "campaign")
                .first()
            )
            if article is not None:
                article._cached_parent_obj = self
                return article.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        return page_views.context(self, request, super().get_context(request, *args, **kwargs))

    @path("rss/", name="rss")
    def rss_feed(self, request):
        from campaigns.feeds import ArticleRssFeed

        return ArticleRssFeed(self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from campaigns.feeds import ArticleAtomFeed

        return ArticleAtomFeed(self)(request)


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "campaigns.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("trích dẫn"))
    attribution = blocks.CharBlock(label=_("người nói"), required=False)

    class Meta:
        label = _("trích dẫn")
        icon = "openquote"
        template = "campaigns/blocks/quote.html"


class ArticleBody(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("đoạn văn"))
    image = ImageBlock(label=_("ảnh"), template="campaigns/blocks/image.html")
    embed = EmbedBlock(label=_("video, bài đăng nhúng"))
    quote = QuoteBlock()
    document = DocumentChooserBlock(label=_("tài liệu"), template="campaigns/blocks/document.html")


class ArticlePage(UnitOwnedPage, VietnameseSlugMixin, Page):
    """A news article, usually under a campaign."""

    base_form_class = OwnedPageForm

    awaiting_native_translation = sample_translation_flag()

    date = models.DateField(_("ngày đăng"))
    intro = models.TextField(_("tóm tắt"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đầu bài"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ArticleBody(), verbose_name=_("nội dung"), blank=True)
    campaign = models.ForeignKey(
        CampaignPage,
        verbose_name=_("chiến dịch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    audiences = ParentalManyToManyField(Audience, verbose_name=_("đối tượng"), blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, verbose_name=_("thẻ"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("campaign"),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("thông tin bài"),
        ),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    settings_panels = SAMPLE_SETTINGS_PANELS
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    # The campaign stays the Vietnamese page: listings match campaigns by translation key,
    # so an article can be translated before its campaign is.
    translatable_fields = [
        *PAGE_TRANSLATABLE_FIELDS,
        TranslatableField("intro"),
        TranslatableField("body"),
        SynchronizedField("date"),
        SynchronizedField("hero_image"),
        SynchronizedField("campaign"),
        SynchronizedField("audiences"),
        SynchronizedField("tags"),
    ]
    parent_page_types = ["campaigns.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        ordering = ["-date"]

    def og_image(self):
        return self.hero_image

    def get_context(self, request, *args, **kwargs):
        return page_views.context(self, request, super().get_context(request, *args, **kwargs))


class MediaLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCIAL = "provincial", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Quận, huyện")
    COMMUNE = "commune", _("Xã, phường")


class MediaChannel(models.TextChoices):
    """The kind of a media item (loại hình)."""

    NEWSPAPER = "newspaper", _("Báo in")
    MAGAZINE = "magazine", _("Tạp chí")
    ONLINE_NEWSPAPER = "online_newspaper", _("Báo điện tử")
    RADIO = "radio", _("Phát thanh")
    TELEVISION = "television", _("Truyền hình")
    LOUDSPEAKER = "loudspeaker", _("Loa truyền thanh cơ sở")
    SOCIAL_POST = "social_post", _("Bài đăng mạng xã hội")
    # Kept for what fits none of the above (a provincial e-portal, a bulletin): never press.
    OTHER = "other", _("Khác")


# What the press indicator counts: the press proper, at central or provincial level.
PRESS_CHANNELS = (
    MediaChannel.NEWSPAPER,
    MediaChannel.MAGAZINE,
    MediaChannel.ONLINE_NEWSPAPER,
    MediaChannel.RADIO,
    MediaChannel.TELEVISION,
)
PRESS_LEVELS = (MediaLevel.CENTRAL, MediaLevel.PROVINCIAL)


class MediaItem(models.Model):
    """One article, broadcast or post about the programme, logged by an officer."""

    published_on = models.DateField(_("ngày đăng, phát"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    outlet = models.CharField(_("cơ quan báo chí, kênh"), max_length=200)
    channel = models.CharField(_("loại hình"), max_length=32, choices=MediaChannel.choices)
    level = models.CharField(_("cấp"), max_length=16, choices=MediaLevel.choices)
    url = models.URLField(_("đường dẫn"), blank=True, max_length=500)
    # db_default too: bulk loaders that write rows with SQL (bench/) need not name it.
    language = models.CharField(
        _("ngôn ngữ"),
        max_length=8,
        choices=content_language_choices,
        default="vi",
        db_default="vi",
    )
    campaign = models.ForeignKey(
        CampaignPage,
        verbose_name=_("chiến dịch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="media_items",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị ghi nhận"),
        on_delete=models.PROTECT,
        related_name="media_items",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tin, bài truyền thông")
        verbose_name_plural = _("nhật ký truyền thông")
        ordering = ["-published_on"]
        indexes = [models.Index(fields=["published_on", "level", "channel"])]

    def __str__(self):
        return f"{self.published_on:%d/%m/%Y} · {self.outlet} · {self.title}"


from campaigns.fanpage import FanpageFigures, FanpagePost  # noqa: E402, F401
