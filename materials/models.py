"""The materials library: leaflets, posters, booklets, audio, video, and their language versions.

A material is a page, translated with wagtail-localize like every other page.
Its files are not: a PDF, an image or a recording is already in one language,
so each file row names its language and all rows live on the page that holds
them (the source page, usually the Vietnamese one). The H'Mông translator
uploads the H'Mông PDF as one more row there, beside the Vietnamese one; the
text of the H'Mông page goes through the PO round trip as usual. Keeping the
rows out of ``translatable_fields`` and out of ``copy_for_translation`` means
a synchronisation never copies the Vietnamese PDF over the H'Mông one.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from campaigns.models import Audience, CampaignPage
from common import page_views
from common.slugs import VietnameseSlugMixin
from locales.languages import VIETNAMESE_NAMES
from locales.samples import sample_translation_flag
from places.page_ownership import OwnedPageForm, OwnerUnitFormMixin, UnitOwnedPage


class MaterialType(models.TextChoices):
    LEAFLET = "leaflet", _("Tờ rơi")
    POSTER = "poster", _("Áp phích")
    BOOKLET = "booklet", _("Sách mỏng")
    QA = "qa", _("Hỏi đáp")
    HANDBOOK = "handbook", _("Sổ tay tuyên truyền viên")
    SLOGAN = "slogan", _("Khẩu hiệu")
    LOUDSPEAKER_SCRIPT = "loudspeaker_script", _("Bài phát thanh loa")
    AUDIO = "audio", _("Âm thanh")
    VIDEO = "video", _("Video clip")
    FILM = "film", _("Phim")


def language_choices():
    return [(code, language_name(code)) for code, _name in settings.LANGUAGES]


def language_name(code):
    """The language's name in itself, with the Vietnamese name for staff: "Hmoob (tiếng H'Mông)"."""
    local = dict(settings.LANGUAGES).get(code, code)
    if code == settings.LANGUAGE_CODE:
        return local
    vietnamese = VIETNAMESE_NAMES.get(code)
    return f"{local} ({vietnamese})" if vietnamese else local


class MaterialIndexPage(UnitOwnedPage, VietnameseSlugMixin, Page):
    """The library of one language tree: filters, search and pagination over its materials."""

    base_form_class = OwnedPageForm
    national_section = True

    intro = RichTextField(_("lời giới thiệu"), blank=True)
    awaiting_native_translation = sample_translation_flag()

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [
        FieldPanel("owner_unit"),
        FieldPanel("awaiting_native_translation"),
        *Page.settings_panels,
    ]
    # The sample flag belongs to each language version: not synchronised.
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        SynchronizedField("show_in_menus"),
        SynchronizedField("owner_unit"),
    ]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["materials.MaterialPage"]
    max_count_per_parent = 1
    template = "materials/material_index_page.html"

    class Meta:
        verbose_name = _("thư viện tài liệu")
        verbose_name_plural = _("thư viện tài liệu")

    def get_context(self, request, *args, **kwargs):
        return page_views.context(self, request, super().get_context(request, *args, **kwargs))


class MaterialPageForm(OwnerUnitFormMixin, WagtailAdminPageForm):
    """Refuses two file rows for the same language: the page shows one version per language."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("files")
        if formset is None:
            return cleaned
        seen = set()
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            language = data.get("language")
            if language in seen:
                form.add_error(
                    "language",
                    _("Đã có một dòng tệp cho %(language)s. Mỗi ngôn ngữ chỉ một dòng.")
                    % {"language": language_name(language)},
                )
            seen.add(language)
        return cleaned


class MaterialPage(UnitOwnedPage, VietnameseSlugMixin, Page):
    """One material, such as a leaflet, with its text and its files in each language."""

    material_type = models.CharField(_("loại tài liệu"), max_length=32, choices=MaterialType)
    audiences = ParentalManyToManyField(Audience, verbose_name=_("đối tượng"), blank=True)
    campaign = models.ForeignKey(
        CampaignPage,
        verbose_name=_("chiến dịch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = RichTextField(_("nội dung"), blank=True)
    awaiting_native_translation = sample_translation_flag()

    base_form_class = MaterialPageForm
    settings_panels = [
        FieldPanel("owner_unit"),
        FieldPanel("awaiting_native_translation"),
        *Page.settings_panels,
    ]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("material_type"),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("campaign"),
            ],
            heading=_("phân loại"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel(
            "files",
            heading=_("tệp theo ngôn ngữ"),
            label=_("tệp của một ngôn ngữ"),
            help_text=_(
                "Mỗi ngôn ngữ một dòng: tệp PDF hoặc tài liệu, ảnh, âm thanh, đường dẫn video. "
                "Bản tiếng dân tộc do người dịch tải lên ở đây, bên cạnh bản tiếng Việt."
            ),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("material_type"),
        index.FilterField("campaign"),
    ]
    # Listed explicitly: the file rows stay out, so no sync overwrites a translator's file.
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("summary"),
        TranslatableField("body"),
        SynchronizedField("material_type"),
        SynchronizedField("audiences"),
        # The Vietnamese campaign page stands for the campaign when it has no translation yet.
        SynchronizedField("campaign"),
        SynchronizedField("show_in_menus"),
        SynchronizedField("owner_unit"),
    ]
    exclude_fields_in_copy = ["files"]
    parent_page_types = ["materials.MaterialIndexPage"]
    subpage_types = []
    template = "materials/material_page.html"

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")

    def canonical(self):
        """The version counts and QR codes are kept on: the Vietnamese page, else this one."""
        if self.locale.language_code == settings.LANGUAGE_CODE:
            return self
        source = MaterialPage.objects.filter(
            translation_key=self.translation_key, locale__language_code=settings.LANGUAGE_CODE
        ).first()
        return source or self

    @cached_property
    def language_files(self):
        """The file rows of this material in every language, whichever live page version holds
        them (a version not published keeps its files unpublished; its own preview shows them)."""
        return list(
            MaterialFile.objects.filter(page__translation_key=self.translation_key)
            .filter(Q(page__live=True) | Q(page_id=self.pk))
            .select_related("document__material_preview", "image", "audio")
            .order_by("sort_order", "pk")
        )

    def files_in(self, language):
        return next((row for row in self.language_files if row.language == language), None)

    @property
    def file_languages(self):
        """The languages this material has a file in, Vietnamese first, as settings order them."""
        present = {row.language for row in self.language_files}
        return [code for code, _name in settings.LANGUAGES if code in present]

    def get_context(self, request, *args, **kwargs):
        return page_views.context(self, request, super().get_context(request, *args, **kwargs))


def offered_files():
    """File rows of live page versions only: what the library, the API and downloads offer."""
    return MaterialFile.objects.filter(page__live=True)


class MaterialFile(Orderable):
    """The files of a material in one language: a PDF or document, an image, audio, a video link."""

    page = ParentalKey(MaterialPage, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("ngôn ngữ"), max_length=12, choices=language_choices)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tệp PDF, tài liệu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audio = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tệp âm thanh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    video_url = models.URLField(_("đường dẫn video"), blank=True, max_length=500)

    panels = [
        FieldPanel("language"),
        FieldPanel("document"),
        FieldPanel("image"),
        FieldPanel("audio"),
        FieldPanel("video_url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("tệp theo ngôn ngữ")
        verbose_name_plural = _("tệp theo ngôn ngữ")

    def __str__(self):
        return f"{self.page_id} · {self.language}"

    @property
    def language_name(self):
        return language_name(self.language)

    @property
    def has_download(self):
        return bool(self.document_id or self.image_id or self.audio_id)

    @property
    def preview(self):
        """The first-page picture of this language's PDF, once the task has made it."""
        if self.document is None:
            return None
        try:
            preview = self.document.material_preview
        except DocumentPreview.DoesNotExist:
            return None
        return preview if preview.source_hash == self.document.file_hash else None


class DocumentPreview(models.Model):
    """A picture of the first page of a PDF, made by a task; kept per document and file hash.

    It is keyed by the document rather than stored on the file row: publishing a
    page rewrites its file rows from the revision and would forget the preview.
    """

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="material_preview"
    )
    source_hash = models.CharField(max_length=40, blank=True)
    image = models.ImageField(upload_to="material_previews/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    made_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ảnh trang đầu")

    def __str__(self):
        return f"{self.document_id} · {self.width}×{self.height}"


class DownloadCount(models.Model):
    """Real downloads of a material's file in one language on one day (Asia/Ho_Chi_Minh)."""

    material = models.ForeignKey(
        MaterialPage, on_delete=models.CASCADE, related_name="download_counts"
    )
    language = models.CharField(_("ngôn ngữ"), max_length=12)
    day = models.DateField(_("ngày"))
    count = models.PositiveIntegerField(_("lượt tải"), default=0)

    class Meta:
        verbose_name = _("lượt tải tài liệu")
        verbose_name_plural = _("lượt tải tài liệu")
        constraints = [
            models.UniqueConstraint(
                fields=["material", "language", "day"], name="one_download_count_per_day"
            )
        ]

    def __str__(self):
        return f"{self.material_id} · {self.language} · {self.day}: {self.count}"


class QrCode(models.Model):
    """The short code printed as a QR code for one material in one language."""

    code = models.CharField(max_length=16, unique=True)
    material = models.ForeignKey(MaterialPage, on_delete=models.CASCADE, related_name="qr_codes")
    language = models.CharField(_("ngôn ngữ"), max_length=12)

    class Meta:
        verbose_name = _("mã QR")
        constraints = [
            models.UniqueConstraint(fields=["material", "language"], name="one_qr_per_language")
        ]

    def __str__(self):
        return self.code


class ScanCount(models.Model):
    """Scans of one QR code from one print batch ('' when unnamed) on one day."""

    qr_code = models.ForeignKey(QrCode, on_delete=models.CASCADE, related_name="scan_counts")
    batch = models.CharField(_("đợt in"), max_length=32, blank=True)
    day = models.DateField(_("ngày"))
    count = models.PositiveIntegerField(_("lượt quét"), default=0)

    class Meta:
        verbose_name = _("lượt quét mã QR")
        constraints = [
            models.UniqueConstraint(
                fields=["qr_code", "batch", "day"], name="one_scan_count_per_batch_day"
            )
        ]

    def __str__(self):
        return f"{self.qr_code_id} · {self.batch or '-'} · {self.day}: {self.count}"
