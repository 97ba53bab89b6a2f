"""The media log: press, radio, TV and other items that carried the programme's topic.

(Campaign and article pages come with the publishing issue.)
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from places.models import OrgUnit


class MediaLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCIAL = "provincial", _("Tỉnh, thành phố")
    LOCAL = "local", _("Xã, phường")


class MediaChannel(models.TextChoices):
    NEWSPAPER = "newspaper", _("Báo in")
    MAGAZINE = "magazine", _("Tạp chí")
    ONLINE_NEWSPAPER = "online_newspaper", _("Báo điện tử")
    RADIO = "radio", _("Phát thanh")
    TELEVISION = "television", _("Truyền hình")
    LOUDSPEAKER = "loudspeaker", _("Loa truyền thanh cơ sở")
    FANPAGE = "fanpage", _("Trang mạng xã hội")
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
