"""What can happen to a session: record, edit, submit, review, unlock.

Every change writes one ``SessionChange`` row (who, when, which fields from
what to what) in the same transaction as the change itself.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import clean_text
from events import follow_ups
from events.checks import SessionInput, check_session
from events.models import (
    TRAINEE_FIELDS,
    Action,
    MaterialHandedOut,
    Session,
    SessionChange,
    Status,
)
from places import freshness, scope

REVIEW_PERMISSION = "events.review_session"
# Fields compared to decide whether a resent record is the same record.
CONTENT_FIELDS = (
    "date",
    "venue_id",
    "org_unit_id",
    "form",
    "audience",
    "cohort",
    "participants",
    "female",
    "ethnic_minority",
    "under_18",
    *TRAINEE_FIELDS,
    "languages",
    "organizer",
    "note",
)


class SessionRefused(ValidationError):
    """The record failed its checks; ``check`` holds the errors and warnings by field."""

    def __init__(self, check):
        self.check = check
        messages = {name: msgs for name, msgs in check.errors.items()}
        if not messages:
            messages = {name: [text] for name, text in check.warnings.items()}
        super().__init__(messages)


class ConflictingResubmission(Exception):
    """A client id already names a different record."""

    def __init__(self, session):
        self.session = session
        super().__init__(f"client_id {session.client_id} already names another record")


def session_content(session_or_values):
    """What makes two records the same record: their CONTENT_FIELDS, normalised."""
    get = (
        session_or_values.get
        if isinstance(session_or_values, dict)
        else lambda name: getattr(session_or_values, name)
    )
    content = {name: get(name) for name in CONTENT_FIELDS}
    for name in ("cohort", "note"):
        if isinstance(content.get(name), str):
            content[name] = clean_text(content[name]).strip()
    for name in TRAINEE_FIELDS:
        content[name] = content[name] or 0
    content["date"] = str(content["date"])
    content["languages"] = sorted(content["languages"] or [])
    return content


def session_values(data: SessionInput):
    """The Session field values a SessionInput stands for."""
    unit = data.unit()
    return {
        "date": data.date,
        "venue_id": data.venue.pk if data.venue else None,
        "org_unit_id": unit.pk,
        "form": data.form,
        "audience": data.audience,
        "cohort": clean_text(data.cohort).strip(),
        "participants": data.participants,
        "female": data.female,
        "ethnic_minority": data.ethnic_minority,
        "under_18": data.under_18,
        **{name: getattr(data, name) or 0 for name in TRAINEE_FIELDS},
        "languages": sorted(set(data.languages)),
        "organizer": data.organizer,
        "note": clean_text(data.note).strip(),
    }


def material_lines(data):
    """The materials handed out, as sorted (description, quantity) pairs."""
    return sorted((clean_text(d).strip(), int(q)) for d, q in data.materials)


def _session_materials(session):
    return sorted(
        (clean_text(m.description).strip(), m.quantity) for m in session.materials_handed_out.all()
    )


def _validate(user, data, confirm_above_baseline):
    check = check_session(user, data, today=timezone.localdate())
    if not check.ok or (check.warnings and not confirm_above_baseline):
        raise SessionRefused(check)
    return check


def _log(session, user, action, changes=None, reason=""):
    SessionChange.objects.create(
        session=session, user=user, action=action, changes=changes or {}, reason=reason
    )


def record_session(
    user,
    data: SessionInput,
    *,
    client_id: uuid.UUID | None = None,
    submit: bool = True,
    confirm_above_baseline: bool = False,
    action: str = Action.CREATED,
) -> tuple[Session, bool]:
    """Create a session, or return the one this client id already made.

    A resend with the same client id and the same content returns the first
    record (created=False); with other content it raises ConflictingResubmission.
    """
    client_id = str(client_id or uuid.uuid4())
    existing = Session.objects.filter(client_id=client_id, import_unit__isnull=True).first()
    if existing is not None:
        return _same_record_or_conflict(user, existing, data)
    check = _validate(user, data, confirm_above_baseline)
    values = session_values(data)
    try:
        with transaction.atomic():
            session = Session.objects.create(
                client_id=client_id,
                created_by=user,
                above_baseline_confirmed=bool(check.warnings),
                **values,
            )
            MaterialHandedOut.objects.bulk_create(
                MaterialHandedOut(session=session, description=d, quantity=q)
                for d, q in material_lines(data)
            )
            _log(session, user, action, {"fields": session_content(values)})
            if submit:
                _submit(session, user)
    except IntegrityError:
        # Two copies of one resend raced: the other one won, and it is the same record.
        existing = Session.objects.filter(client_id=client_id, import_unit__isnull=True).first()
        if existing is None:
            raise
        return _same_record_or_conflict(user, existing, data)
    return session, True


def _same_record_or_conflict(user, existing, data):
    if existing.created_by_id != user.pk and not scope.can_see(user, existing):
        raise PermissionDenied
    same = (
        data.unit() is not None
        and session_content(existing) == session_content(session_values(data))
        and _session_materials(existing) == material_lines(data)
    )
    if not same:
        raise ConflictingResubmission(existing)
    return existing, False


def update_session(
    user, session: Session, data: SessionInput, *, submit: bool, confirm_above_baseline=False
):
    """The author edits a draft or a returned record; an approved one is locked."""
    check = _validate(user, data, confirm_above_baseline)
    values = session_values(data)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.created_by_id != user.pk:
            raise PermissionDenied(_("Chỉ người ghi mới được sửa bản ghi này."))
        if not session.is_editable_by_author:
            raise PermissionDenied(_("Bản ghi đã gửi hoặc đã duyệt, không sửa được."))
        before = session_content(session)
        for name, value in values.items():
            setattr(session, name, value)
        session.above_baseline_confirmed = bool(check.warnings)
        session.save()
        if _session_materials(session) != material_lines(data):
            session.materials_handed_out.all().delete()
            MaterialHandedOut.objects.bulk_create(
                MaterialHandedOut(session=session, description=d, quantity=q)
                for d, q in material_lines(data)
            )
        after = session_content(session)
        diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if diff:
            _log(session, user, Action.EDITED, diff)
        if submit:
            _submit(session, user)
    return session


def _submit(session, user):
    session.status = Status.SUBMITTED
    session.submitted_at = timezone.now()
    session.return_reason = ""
    session.save(update_fields=["status", "submitted_at", "return_reason", "updated_at"])
    _log(session, user, Action.SUBMITTED)


def submit_session(user, session):
    """The author sends a draft or returned record for review."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.created_by_id != user.pk or not session.is_editable_by_author:
            raise PermissionDenied
        _submit(session, user)
    return session


def can_review(user, session) -> bool:
    """A reviewer whose subtree holds the session, and who did not log it."""
    return (
        user.has_perm(REVIEW_PERMISSION)
        and session.created_by_id != user.pk
        and scope.can_see(user, session)
    )


def _require_review(user, session):
    if session.created_by_id == user.pk:
        raise PermissionDenied(_("Không ai được tự duyệt bản ghi của mình."))
    if not can_review(user, session):
        raise PermissionDenied(_("Bản ghi này ngoài quyền duyệt của bạn."))


def approve(reviewer, sessions) -> int:
    """Approve submitted sessions; an approved record is locked. Returns how many changed."""
    return _review(reviewer, sessions, Status.APPROVED, Action.APPROVED, reason="")


def return_to_author(reviewer, sessions, reason: str) -> int:
    """Send sessions back to their authors with a reason they will read."""
    reason = clean_text(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Nhập lý do trả lại để người ghi biết cần sửa gì.")]})
    return _review(reviewer, sessions, Status.RETURNED, Action.RETURNED, reason=reason)


def _review(reviewer, sessions, status, action, reason):
    sessions = list(sessions)
    for session in sessions:
        _require_review(reviewer, session)
    changed = 0
    approved = []
    now = timezone.now()
    with transaction.atomic():
        locked = Session.objects.select_for_update().filter(
            pk__in=[s.pk for s in sessions], status=Status.SUBMITTED
        )
        for session in locked:
            session.status = status
            session.reviewed_by = reviewer
            session.reviewed_at = now
            session.return_reason = reason
            session.save(
                update_fields=[
                    "status",
                    "reviewed_by",
                    "reviewed_at",
                    "return_reason",
                    "updated_at",
                ]
            )
            _log(session, reviewer, action, reason=reason)
            follow_ups.schedule_review_notice(session, action)
            if status == Status.APPROVED:
                follow_ups.schedule_indicator_refresh(session)
                approved.append(session)
            changed += 1
        if approved:
            # The stored figures are marked in the approval's own transaction, and their
            # refresh queued as it commits (the follow-up only catches what this missed).
            freshness.inputs_changed(
                {s.org_unit_id for s in approved},
                start=min(s.date for s in approved),
                end=max(s.date for s in approved),
            )
    return changed


def unlock(reviewer, session, reason: str):
    """Reopen an approved record: it goes back to its author as returned, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Nhập lý do mở khoá.")]})
    _require_review(reviewer, session)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.status != Status.APPROVED:
            raise ValidationError({"status": [_("Chỉ mở khoá được bản ghi đã duyệt.")]})
        session.status = Status.RETURNED
        session.return_reason = reason
        session.save(update_fields=["status", "return_reason", "updated_at"])
        _log(session, reviewer, Action.UNLOCKED, reason=reason)
        follow_ups.schedule_review_notice(session, Action.UNLOCKED)
        follow_ups.schedule_indicator_refresh(session)
    return session


def likely_duplicates(user, data: SessionInput, exclude_pk=None):
    """Sessions with the same venue (or commune), date, form and cohort, in the user's scope."""
    unit_filter = {"venue": data.venue} if data.venue else {"org_unit": data.org_unit}
    queryset = Session.objects.filter(
        date=data.date, form=data.form, cohort__iexact=data.cohort.strip(), **unit_filter
    ).exclude(status=Status.RETURNED)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return scope.scope_queryset(user, queryset)


def earlier_cohorts(venue, audience=None, limit=30):
    """Cohort labels already used at a venue, most recent first, to offer for reuse."""
    queryset = Session.objects.filter(venue=venue).exclude(cohort="")
    if audience:
        queryset = queryset.filter(audience=audience)
    labels = []
    for label in queryset.order_by("-date").values_list("cohort", flat=True)[: limit * 5]:
        if label not in labels:
            labels.append(label)
        if len(labels) == limit:
            break
    return labels
