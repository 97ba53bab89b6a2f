"""Online quiz contests.

The mechanics of a contest (its rounds, question bank, timing and attempts)
are one set of rows shared by every language; the prose a reader sees (rules,
prizes, eligibility, the prediction question) lives on a translatable page.
So a H'Mông and a Vietnamese entrant take part in the same round, and scoring
is by choice id, never by text.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from common import page_views
from common.slugs import VietnameseSlugMixin
from locales.samples import sample_translation_flag
from places import scope
from places.models import OrgUnit, Venue
from places.page_ownership import OwnedPageForm, OwnedPageMixin, UnitOwnedPage


class QuestionBank(models.Model):
    """A named set of questions a contest draws from, usually imported from a spreadsheet."""

    name = models.CharField(_("tên bộ câu hỏi"), max_length=200, unique=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị chủ quản"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Cán bộ của đơn vị này và cấp trên sửa được bộ câu hỏi."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bộ câu hỏi")
        verbose_name_plural = _("bộ câu hỏi")

    def __str__(self):
        return self.name


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Chọn một đáp án")
    MULTIPLE = "multiple", _("Chọn nhiều đáp án")


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey(
        "contests.Question", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Question(ClusterableModel):
    """One question in every language: ``texts`` maps a language code to its wording.

    ``texts`` is ``{"vi": {"text": "...", "explanation": "..."}, "hmn": {...}}``;
    a language without its own wording shows the Vietnamese one.
    """

    bank = models.ForeignKey(
        QuestionBank,
        verbose_name=_("bộ câu hỏi"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    code = models.CharField(_("mã câu hỏi"), max_length=32)
    kind = models.CharField(
        _("loại"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    difficulty = models.PositiveSmallIntegerField(_("độ khó (1–5)"), default=1)
    texts = models.JSONField(_("nội dung theo ngôn ngữ"), default=dict)
    tags = ClusterTaggableManager(through=QuestionTag, verbose_name=_("thẻ"), blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)

    scope_unit_field = "bank__org_unit"

    panels = [
        FieldPanel("bank"),
        FieldPanel("code"),
        FieldPanel("kind"),
        FieldPanel("difficulty"),
        FieldPanel("texts"),
        FieldPanel("tags"),
        FieldPanel("active"),
        InlinePanel("choices", label=_("đáp án")),
    ]

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        constraints = [
            models.UniqueConstraint(fields=["bank", "code"], name="contests_question_code_per_bank")
        ]

    def __str__(self):
        return f"{self.code} · {self.texts.get('vi', {}).get('text', '')[:80]}"


class Choice(models.Model):
    """An answer choice; correctness is stored here once, for every language."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    texts = models.JSONField(_("nội dung theo ngôn ngữ"), default=dict)
    is_correct = models.BooleanField(_("đáp án đúng"), default=False)

    class Meta:
        verbose_name = _("đáp án")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="contests_choice_position_per_question"
            )
        ]

    def __str__(self):
        return self.texts.get("vi", "")


class Contest(ClusterableModel):
    """The mechanics of a contest, shared by every language version of its page."""

    name = models.CharField(_("tên nội bộ"), max_length=200)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị chủ quản"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Cán bộ của đơn vị này và cấp trên sửa được cuộc thi và các trang của nó."),
    )
    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("bộ câu hỏi"), on_delete=models.PROTECT, related_name="+"
    )
    questions_per_attempt = models.PositiveSmallIntegerField(_("số câu mỗi lượt"), default=10)
    time_limit_seconds = models.PositiveIntegerField(_("thời gian làm bài (giây)"), default=600)
    attempts_per_round = models.PositiveSmallIntegerField(
        _("số lượt mỗi người mỗi tuần thi"),
        default=1,
        help_text=_("Nhiều lượt thì tính lượt có kết quả tốt nhất."),
    )
    balance_by_tag = models.BooleanField(_("chia đều câu hỏi theo thẻ"), default=False)
    show_answers_after_close = models.BooleanField(
        _("công bố đáp án và giải thích khi kết thúc tuần thi"), default=True
    )
    min_age_without_guardian = models.PositiveSmallIntegerField(
        _("tuổi tự đồng ý (dưới tuổi này cần người giám hộ đồng ý)"), default=16
    )
    phone_codes = models.BooleanField(
        _("xác minh số điện thoại bằng mã SMS"),
        default=True,
        help_text=_(
            "Tắt cho cuộc thi làm tại lớp học, có người coi thi. Khi tắt, bài dự thi không "
            "được tính vào chỉ tiêu tuyên truyền."
        ),
    )
    score_at_once = models.BooleanField(
        _("báo điểm ngay khi nộp bài"),
        default=False,
        help_text=_(
            "Khi tắt, người dự thi biết điểm sau khi tuần thi kết thúc. Khi bật, mỗi địa chỉ "
            "mạng và mỗi thiết bị chỉ được thi ít lượt trong một tuần thi, để không ai dò ra "
            "đáp án bằng nhiều số điện thoại."
        ),
    )
    results_final_at = models.DateTimeField(_("kết quả chính thức lúc"), null=True, blank=True)
    personal_data_purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("org_unit"),
        FieldPanel("bank"),
        FieldPanel("questions_per_attempt"),
        FieldPanel("time_limit_seconds"),
        FieldPanel("attempts_per_round"),
        FieldPanel("balance_by_tag"),
        FieldPanel("show_answers_after_close"),
        FieldPanel("min_age_without_guardian"),
        FieldPanel("phone_codes"),
        FieldPanel("score_at_once"),
        FieldPanel("results_final_at"),
        InlinePanel("rounds", label=_("tuần thi")),
    ]

    class Meta:
        verbose_name = _("cuộc thi")
        verbose_name_plural = _("cuộc thi")

    def __str__(self):
        return self.name


class Round(models.Model):
    """A round with its opening and closing time; ranked by a task once it closes."""

    contest = ParentalKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("tuần thi số"))
    opens_at = models.DateTimeField(_("mở lúc"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    ranked_at = models.DateTimeField(null=True, blank=True, editable=False)
    all_correct_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    results_published = models.BooleanField(_("công bố kết quả"), default=False)
    winners_count = models.PositiveSmallIntegerField(_("số giải công bố"), default=10)

    panels = [
        FieldPanel("number"),
        FieldPanel("opens_at"),
        FieldPanel("closes_at"),
        FieldPanel("winners_count"),
        FieldPanel("results_published"),
    ]

    class Meta:
        verbose_name = _("tuần thi")
        verbose_name_plural = _("tuần thi")
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="contests_round_number"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="contests_round_closes_after_opening",
            ),
        ]

    def __str__(self):
        return f"{self.contest} · {self.number}"


class ContestIndexPage(UnitOwnedPage, VietnameseSlugMixin, Page):
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
    # awaiting_native_translation belongs to each language version: not copied by localize.
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        SynchronizedField("owner_unit"),
    ]
    template = "contests/contest_index_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contest_pages"] = (
            ContestPage.objects.child_of(self).live().select_related("contest")
        )
        return context

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["contests.ContestPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("danh sách cuộc thi")


class ContestPageForm(WagtailAdminPageForm):
    """A contest page may only be given a contest of the editor's own subtree."""

    def clean_contest(self):
        contest = self.cleaned_data.get("contest")
        user = self.for_user
        if contest is not None and user is not None and not scope.can_see(user, contest):
            raise ValidationError(_("Cuộc thi này thuộc đơn vị ngoài phạm vi của bạn."))
        return contest


class ContestPage(OwnedPageMixin, VietnameseSlugMixin, Page):
    """What a reader sees of a contest, in their language; it belongs to its contest's unit."""

    contest = models.ForeignKey(
        Contest, verbose_name=_("cuộc thi"), on_delete=models.PROTECT, related_name="pages"
    )
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("chiến dịch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contests",
    )
    intro = models.TextField(_("tóm tắt"), blank=True)
    rules = RichTextField(_("thể lệ"), blank=True)
    prizes = RichTextField(_("giải thưởng"), blank=True)
    eligibility = RichTextField(_("đối tượng dự thi"), blank=True)
    prediction_question = models.CharField(
        _("câu hỏi dự đoán"),
        max_length=300,
        default=_("Theo bạn, tuần này có bao nhiêu người trả lời đúng tất cả các câu?"),
    )
    consent_text = models.TextField(
        _("nội dung đồng ý xử lý dữ liệu cá nhân"),
        help_text=_("Lưu cùng thời điểm đồng ý của từng người dự thi."),
    )
    guardian_consent_text = models.TextField(
        _("nội dung đồng ý của cha mẹ, người giám hộ"),
        help_text=_("Người dự thi dưới 16 tuổi cần người giám hộ đồng ý."),
    )
    awaiting_native_translation = sample_translation_flag()

    base_form_class = ContestPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("contest"),
        FieldPanel("campaign"),
        FieldPanel("intro"),
        FieldPanel("rules"),
        FieldPanel("prizes"),
        FieldPanel("eligibility"),
        FieldPanel("prediction_question"),
        FieldPanel("consent_text"),
        FieldPanel("guardian_consent_text"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("rules")]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        TranslatableField("rules"),
        TranslatableField("prizes"),
        TranslatableField("eligibility"),
        TranslatableField("prediction_question"),
        TranslatableField("consent_text"),
        TranslatableField("guardian_consent_text"),
        SynchronizedField("contest"),
        SynchronizedField("campaign"),
    ]
    settings_panels = [FieldPanel("awaiting_native_translation"), *Page.settings_panels]
    parent_page_types = ["contests.ContestIndexPage"]
    subpage_types = []
    template = "contests/contest_page.html"

    unit_path_lookup = "contest__org_unit__path"

    def owning_unit(self):
        contest = Contest.objects.filter(pk=self.contest_id).select_related("org_unit").first()
        return contest.org_unit if contest is not None else None

    def serve(self, request, *args, **kwargs):
        # The page carries a signed form stamp, a CSRF token and the current round: never cached.
        return page_views.serve(self, request)

    class Meta:
        verbose_name = _("trang cuộc thi")
        verbose_name_plural = _("trang cuộc thi")


class Participant(models.Model):
    """One person in one contest, known by their normalised phone number (E.164)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="participants")
    # NULL once purged: the per-contest uniqueness must not collide on purged rows.
    phone = models.CharField(_("số điện thoại"), max_length=20, null=True, blank=True)  # noqa: DJ001
    full_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    school_or_workplace = models.CharField(_("trường, nơi làm việc"), max_length=200, blank=True)
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("trường, nơi làm việc (trong danh mục)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contest_participants",
    )
    commune = models.ForeignKey(
        OrgUnit,
        verbose_name=_("xã, phường"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contest_participants",
    )
    language = models.CharField(_("ngôn ngữ dự thi"), max_length=8, default="vi")
    # Set when the entrant proved control of the phone with a code sent to it.
    phone_verified_at = models.DateTimeField(_("số điện thoại xác minh lúc"), null=True, blank=True)
    join_code = models.ForeignKey(
        "contests.JoinCode",
        verbose_name=_("mã tham gia của trường, nơi làm việc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
    )
    consent_text = models.TextField(blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    guardian_name = models.CharField(_("họ tên người giám hộ"), max_length=120, blank=True)
    guardian_consent_text = models.TextField(blank=True)
    guardian_consent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("người dự thi")
        verbose_name_plural = _("người dự thi")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "phone"], name="contests_one_participant_per_phone"
            )
        ]

    def __str__(self):
        return self.full_name or str(self.pk)


class JoinCode(models.Model):
    """A code a school or workplace officer prints for one class or shift of one contest.

    An entrant who types it (with a verified phone) is vouched for by the venue,
    and only vouched entries count as reach. Each code takes a limited number of
    entrants; rotating it closes the old code and prints a new one.
    """

    contest = models.ForeignKey(
        Contest, verbose_name=_("cuộc thi"), on_delete=models.CASCADE, related_name="join_codes"
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("trường, nơi làm việc"),
        on_delete=models.CASCADE,
        related_name="contest_join_codes",
    )
    label = models.CharField(_("lớp, ca làm việc"), max_length=60, blank=True)
    code = models.CharField(_("mã tham gia"), max_length=16, unique=True)
    max_uses = models.PositiveIntegerField(_("số người được dùng mã"))
    uses = models.PositiveIntegerField(_("số người đã dùng"), default=0)
    active = models.BooleanField(_("còn hiệu lực"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mã tham gia")
        verbose_name_plural = _("mã tham gia")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(uses__lte=models.F("max_uses")),
                name="contests_join_code_within_uses",
            )
        ]

    def __str__(self):
        return f"{self.code} · {self.label}"


class PhoneCode(models.Model):
    """A one-time code sent by SMS; only keyed hashes of the phone and the code are stored."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    phone_key = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["contest", "phone_key"])]

    def __str__(self):
        return f"{self.contest_id} · {self.created_at:%d/%m/%Y %H:%M}"


class Attempt(models.Model):
    """One try at a round; the server keeps the start, the drawn questions and the score."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="attempts")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("lượt thứ"))
    language = models.CharField(max_length=8, default="vi")
    question_ids = models.JSONField(default=list)
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    prediction = models.PositiveIntegerField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(default=0)
    all_correct = models.BooleanField(default=False)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    # The contest scores at once and this submission was within its address's allowance.
    score_shown_at_once = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("lượt thi")
        verbose_name_plural = _("lượt thi")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant", "number"], name="contests_attempt_number"
            )
        ]
        indexes = [models.Index(fields=["round", "submitted_at"])]

    def __str__(self):
        return f"{self.round} · {self.participant_id} · {self.number}"


class RankedEntry(models.Model):
    """A participant's place in a closed round, from their best attempt."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ranking")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField()
    score = models.PositiveSmallIntegerField()
    prediction_distance = models.PositiveIntegerField(null=True)
    duration_ms = models.PositiveIntegerField()
    submitted_at = models.DateTimeField()
    display_name = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["round", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="contests_rank_once"),
            models.UniqueConstraint(fields=["round", "rank"], name="contests_rank_unique"),
        ]

    def __str__(self):
        return f"{self.round} · {self.rank}"


class ContestChange(models.Model):
    """A change to a contest, or to a question bank it draws from, after one of its rounds
    opened: who made it, when, what and why (``contests.ownership``)."""

    contest = models.ForeignKey(
        Contest, null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    bank = models.ForeignKey(
        QuestionBank, null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(_("thay đổi"), max_length=300)
    reason = models.TextField(_("lý do"))

    class Meta:
        verbose_name = _("thay đổi sau khi tuần thi mở")
        verbose_name_plural = _("thay đổi sau khi tuần thi mở")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} · {self.what}"
