from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from common.slugs import VietnameseSlugMixin
from places.page_ownership import OwnedPageForm, UnitOwnedPage


class HomePage(UnitOwnedPage, VietnameseSlugMixin, Page):
    """The root page of one language tree; one per enabled language."""

    base_form_class = OwnedPageForm
    national_section = True

    intro = models.TextField(_("lời giới thiệu"), blank=True)
    body = RichTextField(_("nội dung"), blank=True)
    hotline_label = models.CharField(_("nhãn đường dây nóng"), max_length=120, blank=True)
    hotline_number = models.CharField(_("số đường dây nóng"), max_length=20, blank=True)
    awaiting_native_translation = models.BooleanField(
        _("bản mẫu, chờ người dịch bản ngữ"),
        default=False,
        help_text=_(
            "Bật khi nội dung của ngôn ngữ này chỉ là bản mẫu, chưa do người bản ngữ dịch. "
            "Trang sẽ hiện thông báo cho người đọc."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("hotline_label"),
        FieldPanel("hotline_number"),
    ]
    settings_panels = [
        HelpPanel(
            content=_(
                "Bản dịch sang tiếng dân tộc phải do người bản ngữ thực hiện. "
                "Đánh dấu bản mẫu cho đến khi có bản dịch thật."
            )
        ),
        FieldPanel("owner_unit"),
        FieldPanel("awaiting_native_translation"),
        *Page.settings_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    template = "pages/home_page.html"
    # Listed explicitly to leave out awaiting_native_translation: the flag belongs to each
    # language version, and wagtail-localize must not copy the Vietnamese value over it.
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        TranslatableField("body"),
        TranslatableField("hotline_label"),
        SynchronizedField("hotline_number"),
        SynchronizedField("show_in_menus"),
        SynchronizedField("owner_unit"),
    ]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("trang chủ")
        verbose_name_plural = _("trang chủ")
