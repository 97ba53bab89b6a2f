from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InterfaceString(models.Model):
    """A translator's text for one interface string, entered in the admin (no git needed).

    The committed catalogs stay the source of what the site shows; ``manage.py
    apply_interface_strings`` writes these rows into them (reviewed ones flagged
    ``reviewed``) for a developer to commit. Only people write these rows: nothing here
    calls a translation service.
    """

    language = models.CharField(_("ngôn ngữ"), max_length=12)
    domain = models.CharField(_("miền"), max_length=16, default="django")
    context = models.CharField(_("ngữ cảnh"), max_length=200, blank=True)
    msgid = models.TextField(_("bản gốc"))
    text = models.TextField(_("bản dịch"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dịch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người bản ngữ đã duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("chuỗi giao diện đã dịch")
        verbose_name_plural = _("chuỗi giao diện đã dịch")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "domain", "context", "msgid"], name="one_text_per_string"
            )
        ]
        permissions = [("translate_interface", _("Dịch chuỗi giao diện"))]

    def __str__(self):
        return f"{self.language}: {self.msgid[:40]}"

    @property
    def reviewed(self):
        return self.reviewed_at is not None
