"""Fanpage posts on Facebook, YouTube, TikTok and Zalo, and the figures they earned.

A post goes idea → planned (with a time) → published (with its link). Figures
are kept as dated snapshots (``FanpageFigures``, one per post and as-of date)
rather than one overwritten set: reach and views keep growing after a post
goes out, a six-month report needs them as they stood at the period's end, and
re-importing the same export (same as-of date) replaces that day's snapshot
instead of adding one.

``campaigns.models`` imports this module at its end, so that Django finds these models;
this module names the campaign page by its label and never imports ``campaigns.models``.
"""

import datetime
import itertools
import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from locales.languages import content_language_choices
from places.models import OrgUnit

SOURCE_LANGUAGE = "vi"
HASHTAG = re.compile(r"#?([^\s#,;]+)")


class FanpageChannel(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"
    ZALO = "zalo", "Zalo"


class PostStatus(models.TextChoices):
    IDEA = "idea", _("Ý tưởng")
    PLANNED = "planned", _("Đã lên lịch")
    PUBLISHED = "published", _("Đã đăng")


class FanpagePostQuerySet(models.QuerySet):
    def with_calendar_time(self):
        """Annotate ``calendar_at``: when the post went out, else when it is planned."""
        return self.annotate(calendar_at=Coalesce("published_at", "planned_at"))

    def on_calendar_between(self, first_day: datetime.date, last_day: datetime.date):
        """Posts whose calendar time falls on ``first_day`` … ``last_day`` (local days)."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(
            last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        return self.with_calendar_time().filter(calendar_at__gte=start, calendar_at__lt=end)

    def latest_published(self, campaign, language=None, limit=5):
        """The campaign's newest published posts, for its public page.

        A post belongs to the campaign whatever translation of the campaign page
        it names (they share a translation key). With ``language``, only posts
        in that language or in Vietnamese, which stands in for an untranslated one.
        """
        posts = self.filter(
            status=PostStatus.PUBLISHED,
            campaign__translation_key=campaign.translation_key,
        )
        if language:
            posts = posts.filter(language__in={language, SOURCE_LANGUAGE})
        return posts.order_by("-published_at", "-pk")[:limit]


class FanpagePost(ClusterableModel):
    """One post for a fanpage or channel, from idea to published, with its figures."""

    channel = models.CharField(_("kênh"), max_length=16, choices=FanpageChannel.choices)
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("chiến dịch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fanpage_posts",
    )
    language = models.CharField(
        _("ngôn ngữ"), max_length=8, choices=content_language_choices, default=SOURCE_LANGUAGE
    )
    text = models.TextField(_("nội dung bài đăng"))
    media_url = models.URLField(
        _("ảnh, video (đường dẫn)"),
        max_length=500,
        blank=True,
        help_text=_("Đường dẫn tới ảnh hoặc video đi kèm bài đăng."),
    )
    hashtags = models.CharField(
        _("hashtag"),
        max_length=300,
        blank=True,
        help_text=_("Cách nhau bằng dấu cách, ví dụ: #PhongChongMaiDam #ThangHanhDong"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=PostStatus.choices, default=PostStatus.IDEA
    )
    planned_at = models.DateTimeField(_("dự kiến đăng lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("đã đăng lúc"), null=True, blank=True)
    published_url = models.URLField(_("đường dẫn bài đã đăng"), max_length=500, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="fanpage_posts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FanpagePostQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài đăng fanpage")
        verbose_name_plural = _("bài đăng fanpage")
        ordering = ["-planned_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["planned_at"]),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.summary()}"

    def summary(self, length=60):
        text = " ".join(self.text.split())
        return text if len(text) <= length else text[: length - 1].rstrip() + "…"

    def hashtag_list(self):
        """["#PhongChongMaiDam", …] from the hashtags field, each once, with its "#"."""
        tags = []
        for name in HASHTAG.findall(self.hashtags):
            tag = f"#{name}"
            if tag not in tags:
                tags.append(tag)
        return tags

    def calendar_time(self):
        return self.published_at or self.planned_at

    def latest_figures(self):
        """The newest snapshot (from prefetched figures when there are some)."""
        snapshots = sorted(self.figures.all(), key=lambda f: f.as_of, reverse=True)
        return snapshots[0] if snapshots else None

    def post_keys(self):
        """What identifies this post in a platform's export: its link and the id in it."""
        return post_keys(self.published_url)


class FanpageFigures(models.Model):
    """What a post had earned as of one date (a snapshot; later dates do not replace it)."""

    post = ParentalKey(FanpagePost, on_delete=models.CASCADE, related_name="figures")
    as_of = models.DateField(_("số liệu tính đến ngày"))
    reach = models.PositiveIntegerField(_("lượt tiếp cận"), null=True, blank=True)
    views = models.PositiveIntegerField(_("lượt xem"), null=True, blank=True)
    reactions = models.PositiveIntegerField(_("lượt bày tỏ cảm xúc"), null=True, blank=True)
    shares = models.PositiveIntegerField(_("lượt chia sẻ"), null=True, blank=True)
    comments = models.PositiveIntegerField(_("bình luận"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("số liệu bài đăng")
        verbose_name_plural = _("số liệu bài đăng")
        ordering = ["-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["post", "as_of"], name="one_snapshot_per_post_and_day")
        ]

    def __str__(self):
        return f"{self.post_id} @ {self.as_of:%d/%m/%Y}"


# --- Recognising a post by its link -------------------------------------------------------

# Query parameters that carry a post's id on some platforms.
_ID_PARAMETERS = ("v", "story_fbid", "fbid", "id")
_SEGMENTS_BEFORE_ID = {"posts", "videos", "video", "reel", "reels", "shorts", "photos", "p"}


def post_keys(value: str) -> set[str]:
    """Keys under which a post may appear in an export: its normalised link and its id.

    "https://www.facebook.com/page/posts/123?ref=x" gives {"facebook.com/page/posts/123",
    "123"}; a bare id ("123", or Facebook's "pageid_123") gives itself (and "123").
    """
    text = (value or "").strip()
    if not text:
        return set()
    if "/" not in text and "." not in text.split("_")[-1]:
        keys = {text.lower()}
        if "_" in text:
            keys.add(text.rsplit("_", 1)[1].lower())
        return keys
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    segments = [s for s in parts.path.split("/") if s]
    keys = {"/".join([host, *segments]).lower()}
    query = parse_qs(parts.query)
    for name in _ID_PARAMETERS:
        if query.get(name):
            keys.add(query[name][0].lower())
            break
    else:
        for before, segment in itertools.pairwise(segments):
            if before.lower() in _SEGMENTS_BEFORE_ID:
                keys.add(segment.lower())
        if host == "youtu.be" and segments:
            keys.add(segments[0].lower())
    return keys
