"""The volunteer's logging form: parse what the phone sent, then record it through the services.

``SessionForm`` only parses (text to numbers, ids to venues and communes); the
rules stay in ``events.checks`` and ``events.services``. ``save_session`` runs
them in the order a volunteer should hear about problems: every refusal at
once, then the warnings to confirm (more people than the venue holds, a likely
duplicate), then the save itself with its photos, all or nothing.
"""

import uuid
from dataclasses import dataclass, field

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.spreadsheets import parse_count
from events import photos, services
from events.checks import COUNT_FIELDS, SessionInput, check_session
from events.models import TRAINEE_FIELDS, Session
from places.models import OrgUnit, Venue

MAX_MATERIALS = 5
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
# Keys of problems that belong to no single model field.
PHOTOS = "photos"
DUPLICATE = "duplicate"

CREATED = "created"
SAME = "same"
UPDATED = "updated"
INVALID = "invalid"
CONFLICT = "conflict"

_TOO_LONG = gettext_lazy("Tối đa %(limit_value)d ký tự.")


class StringListField(forms.Field):
    """Every value of a repeated field (checkboxes), stripped; unknown codes are the checks' job."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [str(item).strip() for item in value if str(item).strip()]


def _text(max_length, **kwargs):
    return forms.CharField(
        required=False, max_length=max_length, error_messages={"max_length": _TOO_LONG}, **kwargs
    )


class SessionForm(forms.Form):
    """What the phone (or a browser without JavaScript) posts for one session."""

    client_id = forms.UUIDField(
        required=False, error_messages={"invalid": gettext_lazy("Mã bản ghi không hợp lệ.")}
    )
    venue = _text(20)
    org_unit = _text(20)
    date = forms.DateField(
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": gettext_lazy("Ngày không hợp lệ, hãy nhập ngày/tháng/năm.")},
    )
    form = _text(32)
    audience = _text(32)
    cohort = _text(120)
    participants = _text(12)
    female = _text(12)
    ethnic_minority = _text(12)
    under_18 = _text(12)
    trainees_province = _text(12)
    trainees_district = _text(12)
    trainees_commune = _text(12)
    trainees_rapporteurs = _text(12)
    trainees_peer_educators = _text(12)
    trainees_press = _text(12)
    trainees_volunteers = _text(12)
    languages = StringListField(required=False)
    organizer = _text(32)
    note = _text(2000)
    confirm_above_baseline = forms.BooleanField(required=False)
    confirm_not_duplicate = forms.BooleanField(required=False)
    intent = _text(16)

    REQUIRED_CHOICES = {
        "form": gettext_lazy("Chọn hình thức."),
        "audience": gettext_lazy("Chọn đối tượng."),
        "organizer": gettext_lazy("Chọn đơn vị tổ chức."),
    }

    def clean_venue(self):
        raw = self.cleaned_data["venue"]
        if not raw:
            return None
        venue = (
            Venue.objects.select_related("org_unit").filter(pk=int(raw)).first()
            if raw.isdigit()
            else None
        )
        if venue is None:
            raise ValidationError(_("Không tìm thấy địa điểm này. Hãy chọn lại."))
        return venue

    def clean_org_unit(self):
        raw = self.cleaned_data["org_unit"]
        if not raw:
            return None
        unit = OrgUnit.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        if unit is None:
            raise ValidationError(_("Không tìm thấy xã, phường này. Hãy chọn lại."))
        return unit

    def clean(self):
        cleaned = super().clean()
        for name, message in self.REQUIRED_CHOICES.items():
            if name in cleaned and not cleaned[name]:
                self.add_error(name, str(message))
        cleaned["materials"] = self._materials()
        return cleaned

    def _materials(self):
        """Up to five (description, quantity) rows; a row left empty is not a row.

        The checks judge names and quantities; only the length is parsing's business.
        """
        rows = []
        self.material_errors = []
        for index in range(MAX_MATERIALS):
            description = str(self.data.get(f"material_description_{index}", "")).strip()
            quantity = str(self.data.get(f"material_quantity_{index}", "")).strip()
            if not description and not quantity:
                continue
            if len(description) > 255 and not self.material_errors:
                self.material_errors.append(_("Tên tài liệu tối đa 255 ký tự."))
            rows.append((description[:255], quantity))
        return rows

    @property
    def submit(self):
        """ "Gửi duyệt" sends the record for review; "Lưu nháp" keeps it as a draft."""
        return self.cleaned_data.get("intent") != "draft"

    def to_input(self) -> SessionInput:
        """The session as the services take it; unparseable counts become None for the checks."""
        data = self.cleaned_data
        venue = data.get("venue")
        counts = {}
        for name in (*COUNT_FIELDS, *TRAINEE_FIELDS):
            raw = (data.get(name) or "").strip()
            # Leaving "of whom female" empty means none; leaving participants empty is an error.
            counts[name] = (
                (None if name == "participants" else 0) if raw == "" else parse_count(raw)
            )
        return SessionInput(
            date=data.get("date"),
            venue=venue,
            org_unit=None if venue is not None else data.get("org_unit"),
            form=data.get("form") or "",
            audience=data.get("audience") or "",
            cohort=data.get("cohort") or "",
            languages=data.get("languages") or [],
            organizer=data.get("organizer") or "",
            note=data.get("note") or "",
            materials=data.get("materials") or [],
            **counts,
        )


class LogLoginForm(AuthenticationForm):
    """Django's login form with messages a volunteer reads in their language (never English)."""

    error_messages = {
        "invalid_login": gettext_lazy(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường."
        ),
        "inactive": gettext_lazy("Tài khoản này đã bị khoá. Hãy liên hệ cán bộ phụ trách."),
    }


@dataclass
class Outcome:
    """What became of one submission, for the HTML page and the JSON answer alike."""

    status: str
    session: Session | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)
    duplicates: list[Session] = field(default_factory=list)

    @property
    def saved(self):
        return self.status in {CREATED, SAME, UPDATED}


def _form_errors(form):
    errors = {
        name: [str(message) for message in messages] for name, messages in form.errors.items()
    }
    if getattr(form, "material_errors", None):
        errors["materials"] = list(form.material_errors)
    return errors


def _photo_errors(files, already):
    """Check each photo by its content before anything is saved, so one bad photo saves nothing."""
    if already + len(files) > photos.MAX_PHOTOS_PER_SESSION:
        return [
            _("Mỗi buổi chỉ đính kèm tối đa %(count)d ảnh.")
            % {"count": photos.MAX_PHOTOS_PER_SESSION}
        ]
    messages = []
    for upload in files:
        try:
            photos.clean_photo(upload)
        except ValidationError as refused:
            messages += [f"{upload.name}: {message}" for message in refused.messages]
    return messages


def save_session(user, form, photo_files=(), session=None) -> Outcome:
    """Record a new session (``session`` None) or the author's edit of one, with its photos.

    A resend of a client id the server already holds is answered by the
    service: the first record (its photos came with it) or a conflict. Nothing
    is saved unless every check passes and every photo is a photo.
    """
    photo_files = list(photo_files)
    form.is_valid()
    errors = _form_errors(form)
    data = form.to_input()
    client_id = form.cleaned_data.get("client_id") or uuid.uuid4()
    confirm_baseline = bool(form.cleaned_data.get("confirm_above_baseline"))

    if (
        session is None
        and not errors
        and Session.objects.filter(client_id=str(client_id), import_unit__isnull=True).exists()
    ):
        return _resend(user, form, data, client_id, confirm_baseline)

    check = check_session(user, data, today=timezone.localdate())
    for name, messages in check.errors.items():
        # A parse error says more than the check on the value it could not read.
        errors.setdefault(name, messages)
    already = session.photos.count() if session is not None else 0
    if problems := _photo_errors(photo_files, already):
        errors[PHOTOS] = problems
    if errors:
        return Outcome(INVALID, errors=errors)

    outcome = Outcome(INVALID)
    if check.warnings and not confirm_baseline:
        outcome.warnings = dict(check.warnings)
    if not form.cleaned_data.get("confirm_not_duplicate"):
        exclude = session.pk if session is not None else None
        duplicates = services.likely_duplicates(user, data, exclude_pk=exclude)
        outcome.duplicates = list(
            duplicates.select_related("venue", "org_unit", "created_by").order_by("-created_at")[:5]
        )
        if outcome.duplicates:
            outcome.errors[DUPLICATE] = [
                _(
                    "Có thể buổi này đã được ghi: cùng địa điểm, ngày, hình thức và nhóm tham dự. "
                    "Kiểm tra các bản ghi dưới đây; nếu đây là một buổi khác, hãy xác nhận."
                )
            ]
    if outcome.warnings or outcome.errors:
        return outcome

    try:
        with transaction.atomic():
            if session is None:
                saved, created = services.record_session(
                    user,
                    data,
                    client_id=client_id,
                    submit=form.submit,
                    confirm_above_baseline=confirm_baseline,
                )
                status = CREATED if created else SAME
            else:
                saved = services.update_session(
                    user, session, data, submit=form.submit, confirm_above_baseline=confirm_baseline
                )
                status = UPDATED
            # A resend that raced its twin gets the twin's record, which carries the photos.
            if status != SAME:
                for upload in photo_files:
                    photos.add_photo(saved, upload)
    except services.SessionRefused as refused:  # the data changed between the check and the save
        return Outcome(INVALID, errors=refused.check.errors, warnings=refused.check.warnings)
    except services.ConflictingResubmission as conflict:
        return Outcome(CONFLICT, session=conflict.session)
    except ValidationError as refused:  # a photo the pre-check let through
        return Outcome(INVALID, errors={PHOTOS: refused.messages})
    return Outcome(status, session=saved)


def _resend(user, form, data, client_id, confirm_baseline):
    try:
        saved, _created = services.record_session(
            user,
            data,
            client_id=client_id,
            submit=form.submit,
            confirm_above_baseline=confirm_baseline,
        )
    except services.ConflictingResubmission as conflict:
        return Outcome(CONFLICT, session=conflict.session)
    except PermissionDenied:
        # Another person's record (a client id can only clash on purpose): say nothing about it.
        return Outcome(CONFLICT)
    return Outcome(SAME, session=saved)
