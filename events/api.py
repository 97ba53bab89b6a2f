"""The API at /api/v1/: venues and sessions, for other systems and scripts.

Mounted by ``portal.api``. Every request carries a bearer token (``manage.py
create_api_token``) and acts as the token's user: the same permissions and the
same subtree. Every queryset goes through ``places.scope``, so an object
outside the user's subtree is answered exactly like one that does not exist
(404). Writes and reviews call ``events.services``, which hold the rules.
"""

from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status as Respond

from common.api import (
    MAX_PAGE_SIZE,
    SEARCH_MAX_LENGTH,
    BoundedPagination,
    ErrorOut,
    FilterDate,
    ObjectId,
    bounded_text,
    error_body,
)
from common.text import search_name_for
from events import photos, services
from events.api_schemas import (
    ReturnIn,
    SessionDetailOut,
    SessionIn,
    SessionOut,
    VenueDetailOut,
    VenueOut,
)
from events.checks import ABOVE_BASELINE, CODE_FIELD_NAMES, SessionInput
from events.models import TRAINEE_FIELDS, Session, Status
from places import scope
from places.models import Level, Venue, VenueKind
from places.services import venue_search_filter

router = Router()
REFUSALS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}

PAGE_SIZE = 50
CommuneCode = bounded_text(16)
VenueCode = bounded_text(32)
SESSION_READERS = ("events.view_session", "events.add_session", "events.review_session")
VENUE_READERS = ("places.view_venue", "events.add_session")


def _error(request, status, detail, errors=None, warnings=None):
    return Respond(status, error_body(detail, errors, warnings))


def _require_any_permission(user, permissions):
    if not any(user.has_perm(permission) for permission in permissions):
        raise PermissionDenied(_("Bạn không có quyền làm việc này."))


# --- Venues -------------------------------------------------------------------


def _venues(request):
    _require_any_permission(request.user, VENUE_READERS)
    return scope.scope_queryset(request.user, Venue.objects.select_related("org_unit"))


@router.get("/venues", response={200: list[VenueOut], **REFUSALS}, tags=["venues"])
@paginate(BoundedPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_venues(
    request,
    commune: CommuneCode | None = None,
    kind: VenueKind | None = None,
    q: Annotated[
        bounded_text(SEARCH_MAX_LENGTH) | None,
        Query(description="words of the name, with or without diacritics"),
    ] = None,
):
    """Venues in the user's subtree; ``q`` matches names typed with or without diacritics."""
    venues = _venues(request)
    if commune:
        venues = venues.filter(org_unit__code=commune)
    if kind:
        venues = venues.filter(kind=kind)
    if q and search_name_for(q):
        venues = venues.filter(venue_search_filter(q))
    return venues.order_by("name", "pk")


@router.get("/venues/{code}", response={200: VenueDetailOut, **REFUSALS}, tags=["venues"])
def get_venue(request, code: VenueCode):
    """One venue with its population figures by year."""
    venues = _venues(request).prefetch_related("baselines")
    return get_object_or_404(venues, code=code)


# --- Sessions -----------------------------------------------------------------


def _sessions(request):
    _require_any_permission(request.user, SESSION_READERS)
    sessions = Session.objects.select_related("venue", "org_unit", "created_by")
    return scope.scope_queryset(request.user, sessions.prefetch_related("materials_handed_out"))


def _session_or_404(request, session_id):
    sessions = _sessions(request).prefetch_related("photos")
    return get_object_or_404(sessions, pk=session_id)


@router.get("/sessions", response={200: list[SessionOut], **REFUSALS}, tags=["sessions"])
@paginate(BoundedPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_sessions(
    request,
    status: Status | None = None,
    date_from: FilterDate | None = None,
    date_to: FilterDate | None = None,
    commune: CommuneCode | None = None,
    venue: VenueCode | None = None,
):
    """Sessions in the user's subtree, newest first; ``commune`` and ``venue`` take codes."""
    sessions = _sessions(request)
    if status:
        sessions = sessions.filter(status=status)
    if date_from:
        sessions = sessions.filter(date__gte=date_from)
    if date_to:
        sessions = sessions.filter(date__lte=date_to)
    if commune:
        sessions = sessions.filter(org_unit__code=commune)
    if venue:
        sessions = sessions.filter(venue__code=venue)
    return sessions.order_by("-date", "-pk")


@router.get(
    "/sessions/{session_id}", response={200: SessionDetailOut, **REFUSALS}, tags=["sessions"]
)
def get_session(request, session_id: ObjectId):
    """One session with its materials and photos."""
    return _session_or_404(request, session_id)


# Served here, in the token's scope; outside the schema (an image, not JSON).
@router.get(
    "/sessions/{session_id}/photos/{photo_id}",
    include_in_schema=False,
    url_name="session_photo",
)
def get_session_photo(request, session_id: int, photo_id: int):
    session = _session_or_404(request, session_id)
    return photos.photo_response(get_object_or_404(session.photos, pk=photo_id))


@router.get(
    "/sessions/{session_id}/photos/{photo_id}/thumbnail",
    include_in_schema=False,
    url_name="session_photo_thumbnail",
)
def get_session_photo_thumbnail(request, session_id: int, photo_id: int):
    session = _session_or_404(request, session_id)
    return photos.photo_response(get_object_or_404(session.photos, pk=photo_id), thumbnail=True)


def _place(user, payload):
    """The venue or commune the payload names, looked up inside the user's subtree only.

    A code outside the subtree gets the same answer as an unknown code, so the
    API never tells whether another province holds it.
    """
    if payload.venue_code:
        venues = scope.scope_queryset(user, Venue.objects.select_related("org_unit"))
        venue = venues.filter(code=payload.venue_code).first()
        if venue is None:
            return (
                None,
                None,
                {"venue_code": [_("Không có địa điểm mã này trong địa bàn bạn phụ trách.")]},
            )
        if payload.commune_code and payload.commune_code != venue.org_unit.code:
            return (
                None,
                None,
                {"commune_code": [_("Xã, phường này không phải nơi có địa điểm đã chọn.")]},
            )
        return venue, None, {}
    if payload.commune_code:
        communes = scope.units_visible_to(user).filter(
            code=payload.commune_code, level=Level.COMMUNE
        )
        # Codes are reused across the 2025 reform: take the unit in force on the day.
        commune = communes.valid_on(payload.date).first() or communes.current().first()
        if commune is None:
            return (
                None,
                None,
                {"commune_code": [_("Không có xã, phường mã này trong địa bàn bạn phụ trách.")]},
            )
        return None, commune, {}
    return None, None, {"venue_code": [_("Chọn địa điểm, hoặc xã, phường nơi tổ chức.")]}


@router.post(
    "/sessions",
    response={200: SessionOut, 201: SessionOut, **REFUSALS},
    tags=["sessions"],
)
def create_session(request, payload: SessionIn):
    """Record a session (submitted for review unless ``submit`` is false).

    201: recorded. 200: this ``client_id`` already holds the same record, which is
    returned unchanged. 409: it holds a different record. 422: a check failed
    (errors by field), or participants exceed the venue's population and
    ``confirm_above_baseline`` was not set.
    """
    user = request.user
    _require_any_permission(user, ("events.add_session",))
    venue, commune, errors = _place(user, payload)
    if errors:
        return _error(request, 422, _("Dữ liệu gửi lên chưa đúng."), errors)
    data = SessionInput(
        date=payload.date,
        venue=venue,
        org_unit=commune,
        form=payload.form,
        audience=payload.audience,
        cohort=payload.cohort,
        participants=payload.participants,
        female=payload.female,
        ethnic_minority=payload.ethnic_minority,
        under_18=payload.under_18,
        **{name: getattr(payload, name) for name in TRAINEE_FIELDS},
        languages=payload.languages,
        organizer=payload.organizer,
        note=payload.note,
        materials=[(m.description, m.quantity) for m in payload.materials],
    )
    try:
        session, created = services.record_session(
            user,
            data,
            client_id=payload.client_id,
            submit=payload.submit,
            confirm_above_baseline=payload.confirm_above_baseline,
        )
    except services.SessionRefused as refused:
        return _refusal(request, refused.check)
    except services.ConflictingResubmission:
        return _conflict(request)
    except PermissionDenied:
        # The id names a record this user may not see: say no more than "taken".
        return _conflict(request)
    session = _session_or_404(request, session.pk)
    return Respond(201 if created else 200, session)


def _refusal(request, check):
    if check.errors:
        errors = {CODE_FIELD_NAMES.get(f, f): messages for f, messages in check.errors.items()}
        return _error(request, 422, _("Dữ liệu gửi lên chưa đúng."), errors)
    warning = check.warnings[ABOVE_BASELINE]
    return _error(
        request,
        422,
        _("Cần xác nhận: gửi lại với confirm_above_baseline = true nếu số liệu đúng."),
        errors={"participants": [warning]},
        warnings={ABOVE_BASELINE: warning},
    )


def _conflict(request):
    return _error(
        request,
        409,
        _("Mã client_id này đã dùng cho một bản ghi khác. Tạo mã mới cho bản ghi mới."),
        errors={"client_id": [_("Mã đã được dùng cho bản ghi có nội dung khác.")]},
    )


# --- Review -------------------------------------------------------------------


def _reviewable(request, session_id):
    """The session, if the user reviews it; refusals say why, without leaking other provinces."""
    user = request.user
    _require_any_permission(user, (services.REVIEW_PERMISSION,))
    session = _session_or_404(request, session_id)
    if session.created_by_id == user.pk:
        raise PermissionDenied(_("Không ai được tự duyệt bản ghi của mình."))
    return session


def _not_waiting(request):
    return _error(
        request,
        409,
        _("Chỉ duyệt hoặc trả lại được bản ghi đang chờ duyệt."),
        errors={"status": [_("Bản ghi không ở trạng thái chờ duyệt.")]},
    )


@router.post(
    "/sessions/{session_id}/approve",
    response={200: SessionDetailOut, **REFUSALS},
    tags=["review"],
)
def approve_session(request, session_id: ObjectId):
    """Approve a submitted session: it then counts in indicators and is locked."""
    session = _reviewable(request, session_id)
    if services.approve(request.user, [session]) == 0:
        return _not_waiting(request)
    return _session_or_404(request, session_id)


@router.post(
    "/sessions/{session_id}/return",
    response={200: SessionDetailOut, **REFUSALS},
    tags=["review"],
)
def return_session(request, session_id: ObjectId, payload: ReturnIn):
    """Return a submitted session to its author with a reason they will read."""
    session = _reviewable(request, session_id)
    if services.return_to_author(request.user, [session], payload.reason) == 0:
        return _not_waiting(request)
    return _session_or_404(request, session_id)
