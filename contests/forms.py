"""The entry form of a contest page and the answers form of an attempt."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contests.attempts import Entry
from places.models import Level, OrgUnit, Venue
from places.services import search_units, spelling_rank, venue_search_filter

SEARCH_LIMIT = 8


class EntryForm(forms.Form):
    """Who the entrant is, and their consent (and a guardian's under 16), in the page's wording.

    Only the shapes are checked here; the rules (required fields, phone, age,
    consent) are checked once, in ``contests.attempts.validate_entry``.
    """

    full_name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        help_text=_("Dùng để liên hệ trao giải. Mỗi số điện thoại là một người dự thi."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    birth_year = forms.IntegerField(
        label=_("Năm sinh"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1900, "max": 2100}),
    )
    school_or_workplace = forms.CharField(
        label=_("Trường học hoặc nơi làm việc"),
        max_length=200,
        required=False,
        help_text=_("Gõ tên rồi bấm “Tìm trong danh sách” để chọn đúng trường, nơi làm việc."),
    )
    venue = forms.IntegerField(required=False, widget=forms.RadioSelect)
    commune_name = forms.CharField(label=_("Xã, phường"), max_length=120, required=False)
    commune = forms.IntegerField(required=False, widget=forms.RadioSelect)
    join_code = forms.CharField(
        label=_("Mã tham gia của lớp, ca làm việc (nếu có)"),
        max_length=16,
        required=False,
        help_text=_("Thầy cô hoặc người phụ trách nơi làm việc đưa mã này."),
    )
    code = forms.CharField(
        label=_("Mã xác minh"),
        max_length=12,
        required=False,
        help_text=_("Mã gồm 6 chữ số, gửi bằng tin nhắn tới số điện thoại của bạn."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 12}
        ),
    )
    consent = forms.BooleanField(required=False)
    guardian_name = forms.CharField(
        label=_("Họ tên cha mẹ hoặc người giám hộ"), max_length=120, required=False
    )
    guardian_consent = forms.BooleanField(required=False)
    # Hidden from people; a bot that fills every field gives itself away.
    website = forms.CharField(required=False, label=_("Để trống ô này"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.venue_matches = []
        self.commune_matches = []

    def find_places(self):
        """Venues and communes matching what was typed, for the entrant to pick from."""
        data = self.data
        school = (data.get("school_or_workplace") or "").strip()
        if len(school) >= 2:
            self.venue_matches = list(
                Venue.objects.filter(venue_search_filter(school))
                .select_related("org_unit")
                .annotate(spelling=spelling_rank(school))
                .order_by("spelling", "name")[:SEARCH_LIMIT]
            )
        commune = (data.get("commune_name") or "").strip()
        if len(commune) >= 2:
            found = search_units(
                commune,
                limit=SEARCH_LIMIT,
                on=timezone.localdate(),
                queryset=OrgUnit.objects.filter(level=Level.COMMUNE),
            )
            self.commune_matches = found

    def entry(self, language, consent_text, guardian_consent_text) -> Entry:
        data = self.cleaned_data
        return Entry(
            full_name=data["full_name"],
            phone=data["phone"],
            birth_year=data["birth_year"],
            consent=data["consent"],
            consent_text=consent_text,
            language=language,
            school_or_workplace=data["school_or_workplace"],
            venue_id=data["venue"] or None,
            commune_id=data["commune"] or None,
            guardian_name=data["guardian_name"],
            guardian_consent=data["guardian_consent"],
            guardian_consent_text=guardian_consent_text,
            join_code=data["join_code"],
        )


def answers_from(post, question_ids) -> dict[str, list[str]]:
    """The choices ticked on the quiz page: ``q<question id>`` holds the chosen choice ids."""
    return {str(qid): post.getlist(f"q{qid}") for qid in question_ids}


def prediction_from(post):
    """The prediction as typed ("1.200" and "1 200" are 1200), or None when empty or not a number.

    Its bounds are checked by ``contests.attempts.check_prediction``.
    """
    text = "".join((post.get("prediction") or "").split()).replace(".", "")[:20]
    return int(text) if text.isascii() and text.isdigit() else None
