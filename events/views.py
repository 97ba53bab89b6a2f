"""The volunteer's phone pages under ``/<lang>/log/``: their records, the logging form, the app.

Views are thin: parse with ``events.forms``, narrow every queryset with
``places.scope`` (and to the author's own records), call the services, render.
The plain HTML form works without JavaScript; with it, the page keeps records
on the device and posts them to ``submit/``, which answers in JSON: 201
created, 200 the same record again, 409 a different record under that client
id, 400 the problems by field.
"""

import hashlib
import json
import uuid
from functools import lru_cache, wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Case, Exists, F, IntegerField, Max, OuterRef, Prefetch, Q, Value, When
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from common.text import search_name_for
from events import forms as log_forms
from events import photos as session_photos
from events import services
from events.checks import COUNT_FIELDS, SESSION_LANGUAGES
from events.models import (
    COMMUNE_WIDE_FORMS,
    TRAINEE_FIELDS,
    Audience,
    Form,
    Organizer,
    Session,
    SessionChange,
    SessionPhoto,
)
from locales.languages import VIETNAMESE_NAMES, lang_info
from places import scope
from places.models import Level, PopulationBaseline, Venue
from places.services import spelling_rank, venue_search_filter

LOG_PERMISSION = "events.add_session"
PER_PAGE = 20
VENUE_CHOICES_LIMIT = 100  # the plain <select> without JavaScript; more means "search first"
VENUE_SEARCH_LIMIT = 15
VENUE_START_LIMIT = 30  # what the picker keeps on the phone for offline use
COHORTS_PER_VENUE = 10
COMMUNE_CHOICES_LIMIT = 300
# How the error summary names each field; the same words as the form's labels.
FIELD_LABELS = {
    "venue": _lazy("Địa điểm"),
    "org_unit": _lazy("Xã, phường"),
    "date": _lazy("Ngày tổ chức"),
    "form": _lazy("Hình thức"),
    "audience": _lazy("Đối tượng"),
    "cohort": _lazy("Nhóm tham dự"),
    "participants": _lazy("Số người tham dự"),
    "female": _lazy("Trong đó nữ"),
    "ethnic_minority": _lazy("Trong đó dân tộc thiểu số"),
    "under_18": _lazy("Trong đó dưới 18 tuổi"),
    "languages": _lazy("Ngôn ngữ sử dụng"),
    "organizer": _lazy("Đơn vị tổ chức"),
    "materials": _lazy("Tài liệu đã phát"),
    "photos": _lazy("Ảnh"),
    "note": _lazy("Ghi chú"),
    **{name: Session._meta.get_field(name).verbose_name for name in TRAINEE_FIELDS},
}
# Where each problem shows on the page, top to bottom: the error summary follows it.
FORM_ORDER = [
    "venue",
    "org_unit",
    "date",
    "form",
    "audience",
    "cohort",
    "participants",
    "female",
    "ethnic_minority",
    "under_18",
    *TRAINEE_FIELDS,
    "above_baseline",
    "languages",
    "organizer",
    "materials",
    "photos",
    "note",
    "duplicate",
]
STATIC_SHELL = (
    "css/site.css",
    "events/log/log.css",
    "events/log/queue.js",
    "events/log/log.js",
    "events/log/icon.svg",
    "events/log/icon-192.png",
)


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def log_access(view):
    """Signed in (else to the log's login page), allowed to log sessions, and with a home unit."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            if _wants_json(request):
                return JsonResponse({"error": _("Cần đăng nhập lại để gửi.")}, status=401)
            return redirect_to_login(request.get_full_path(), reverse("log:login"))
        allowed = user.has_perm(LOG_PERMISSION) and (
            user.is_superuser or scope.home_unit(user) is not None
        )
        if not allowed:
            message = _(
                "Tài khoản của bạn chưa được phép ghi hoạt động hoặc chưa được gán xã, phường. "
                "Hãy liên hệ cán bộ phụ trách."
            )
            if _wants_json(request):
                return JsonResponse({"error": message}, status=403)
            return render(request, "events/log/forbidden.html", {"message": message}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def own_sessions(user):
    """The user's own records, within their scope: the only ones /log/ shows."""
    return scope.scope_queryset(user, Session.objects.filter(created_by=user))


# --- Pages ----------------------------------------------------------------------


@never_cache
@log_access
def session_list(request):
    sessions = own_sessions(request.user).select_related("venue", "org_unit")
    page = Paginator(sessions.order_by("-date", "-created_at"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "events/log/list.html", {"page": page, **_page_context(request, "list")})


@never_cache
@log_access
def new_session(request):
    if request.method != "POST":
        initial = {
            "client_id": str(uuid.uuid4()),
            "date": timezone.localdate().isoformat(),
            "languages": ["vi"],
        }
        return _render_form(request, values=initial, fresh=True)
    form = log_forms.SessionForm(request.POST)
    if "find_venue" in request.POST:
        return _render_form(request, values=_posted_values(request.POST))
    outcome = log_forms.save_session(request.user, form, request.FILES.getlist("photos"))
    if outcome.saved:
        messages.success(request, _saved_message(outcome))
        return redirect("log:detail", pk=outcome.session.pk)
    return _render_form(request, values=_posted_values(request.POST), outcome=outcome)


@never_cache
@log_access
def edit_session(request, pk):
    session = get_object_or_404(
        own_sessions(request.user).select_related("venue", "org_unit"), pk=pk
    )
    if not session.is_editable_by_author:
        return _locked(request, session)
    if request.method != "POST":
        return _render_form(request, values=_session_values(session), session=session)
    form = log_forms.SessionForm(request.POST)
    if "find_venue" in request.POST:
        return _render_form(request, values=_posted_values(request.POST), session=session)
    outcome = log_forms.save_session(
        request.user, form, request.FILES.getlist("photos"), session=session
    )
    if _wants_json(request):
        return _outcome_response(request, outcome)
    if outcome.saved:
        messages.success(request, _saved_message(outcome))
        return redirect("log:detail", pk=session.pk)
    return _render_form(
        request, values=_posted_values(request.POST), session=session, outcome=outcome
    )


@never_cache
@require_POST
@log_access
def submit_json(request):
    """Where the device's queue sends each record; safe to call again with the same client id."""
    form = log_forms.SessionForm(request.POST)
    outcome = log_forms.save_session(request.user, form, request.FILES.getlist("photos"))
    return _outcome_response(request, outcome)


@never_cache
@log_access
def session_detail(request, pk):
    changes = SessionChange.objects.select_related("user").order_by("at", "pk")
    session = get_object_or_404(
        own_sessions(request.user)
        .select_related("venue", "org_unit", "reviewed_by")
        .prefetch_related("materials_handed_out", "photos", Prefetch("changes", queryset=changes)),
        pk=pk,
    )
    context = {
        "session": session,
        "languages": [_language(code) for code in session.languages],
        "trail": [_trail_entry(change) for change in session.changes.all()],
        "saved": request.GET.get("saved") == "1",
        **_page_context(request, "detail"),
    }
    return render(request, "events/log/detail.html", context)


@require_POST
@log_access
def send_for_review(request, pk):
    session = get_object_or_404(own_sessions(request.user), pk=pk)
    if not session.is_editable_by_author:
        return _locked(request, session)
    services.submit_session(request.user, session)
    messages.success(request, _("Đã gửi bản ghi để duyệt."))
    return redirect("log:detail", pk=session.pk)


@require_GET
@log_access
def photo(request, pk, thumbnail=False):
    """A session photo, for its author only: photos show people, often minors."""
    queryset = scope.scope_queryset(
        request.user, SessionPhoto.objects.filter(session__created_by=request.user)
    )
    return session_photos.photo_response(get_object_or_404(queryset, pk=pk), thumbnail)


@never_cache
@require_GET
@log_access
def venue_search(request):
    """Venues in the user's scope by name typed without diacritics (or code), with cohorts.

    Without a query: the venues the user logged at most recently, then by name,
    so the phone has a useful list to search offline.
    """
    query = request.GET.get("q", "").strip()[:100]
    text = search_name_for(query)
    baselines = PopulationBaseline.objects.filter(year__lte=timezone.localdate().year).order_by(
        "-year"
    )
    labelled = Session.objects.filter(venue=OuterRef("pk")).exclude(cohort="")
    venues = scope.scope_queryset(request.user, Venue.objects.all()).select_related("org_unit")
    venues = venues.prefetch_related(Prefetch("baselines", queryset=baselines)).annotate(
        has_cohorts=Exists(labelled)
    )
    if text:
        venues = (
            venues.filter(venue_search_filter(query))
            .annotate(
                rank=Case(
                    When(code__iexact=query, then=Value(0)),
                    When(search_name__startswith=text, then=Value(1)),
                    When(search_name__contains=f" {text}", then=Value(2)),
                    default=Value(3),
                    output_field=IntegerField(),
                )
            )
            .annotate(spelling=spelling_rank(query))
            .order_by("rank", "spelling", "name", "pk")[:VENUE_SEARCH_LIMIT]
        )
    else:
        mine = Q(sessions__created_by=request.user)
        venues = venues.annotate(last_used=Max("sessions__date", filter=mine)).order_by(
            F("last_used").desc(nulls_last=True), "name", "pk"
        )[:VENUE_START_LIMIT]
    found = [_venue_json(venue) for venue in venues]
    return JsonResponse(
        {"query": query, "venues": found}, json_dumps_params={"ensure_ascii": False}
    )


# --- The app: login, service worker, manifest ------------------------------------


class LogLoginView(auth_views.LoginView):
    """A light login page for phones; Wagtail's admin login weighs far more than /log/ may."""

    template_name = "events/log/login.html"
    authentication_form = log_forms.LogLoginForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("log:list")


class LogLogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("log:login")


@require_GET
def service_worker(request):
    """The service worker, served under /<lang>/log/ so that its scope is the log."""
    scope_url = reverse("log:list")
    config = {
        "lang": get_language(),
        "version": _shell_version(),
        "scope": scope_url,
        "queue": static("events/log/queue.js"),
        "static": [static(path) for path in STATIC_SHELL] + [reverse("log:manifest")],
        "staticPrefix": settings.STATIC_URL,
        "pages": [scope_url, reverse("log:new")],
        "venues": reverse("log:venues"),
        "submit": reverse("log:submit"),
        "noCache": [reverse("log:login"), reverse("log:logout"), reverse("log:sw")],
        "offline": {
            "title": _("Không có mạng"),
            "text": _(
                "Trang này chưa được lưu trên máy. Bạn vẫn ghi được buổi mới khi không có mạng."
            ),
            "new": _("Ghi buổi mới"),
            "list": _("Hồ sơ của tôi"),
        },
    }
    body = render(
        request,
        "events/log/sw.js",
        {"config": json.dumps(config, ensure_ascii=False)},
        content_type="application/javascript; charset=utf-8",
    )
    body["Service-Worker-Allowed"] = scope_url
    body["Cache-Control"] = "no-cache"
    return body


@require_GET
def manifest(request):
    """The web app manifest: installable, opening on the volunteer's list."""
    start = reverse("log:list")
    data = {
        "name": _("Sổ ghi hoạt động tuyên truyền"),
        "short_name": _("Sổ ghi"),
        "description": _("Ghi buổi tuyên truyền từ điện thoại, cả khi không có mạng."),
        "lang": get_language(),
        "dir": "ltr",
        "start_url": start,
        "scope": start,
        "id": start,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0b5d6b",
        "icons": [
            {"src": static("events/log/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {
                "src": static("events/log/icon-192.png"),
                "sizes": "192x192",
                "type": "image/png",
                "purpose": "any maskable",
            },
            {
                "src": static("events/log/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "any maskable",
            },
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


# --- Helpers --------------------------------------------------------------------


@lru_cache(maxsize=1)
def _cached_shell_version():
    return _compute_shell_version()


def _shell_version():
    """Changes whenever a file of the app shell changes, so the worker refreshes its cache."""
    return _compute_shell_version() if settings.DEBUG else _cached_shell_version()


def _compute_shell_version():
    digest = hashlib.sha256()
    for path in STATIC_SHELL:
        digest.update(static(path).encode())
        found = finders.find(path)
        if found:
            with open(found, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


def _language(code):
    info = lang_info(code) if code in SESSION_LANGUAGES and code != "vi" else None
    return {
        "code": code,
        "name": VIETNAMESE_NAMES.get(code, code),
        "local": info["name_local"] if info else "",
    }


def _trail_entry(change):
    fields = []
    for name in change.changes if change.action == "edited" else ():
        model_field = name.removesuffix("_id")
        try:
            fields.append(str(Session._meta.get_field(model_field).verbose_name))
        except FieldDoesNotExist:  # a field renamed since the change was logged
            fields.append(name)
    who = ""
    if change.user is not None:
        who = change.user.get_full_name() or change.user.get_username()
    return {
        "at": change.at,
        "who": who,
        "action": change.get_action_display(),
        "reason": change.reason,
        "fields": fields,
    }


def _venue_json(venue):
    baseline = next(iter(venue.baselines.all()), None)
    return {
        "id": venue.pk,
        "code": venue.code,
        "name": venue.name,
        "search": venue.search_name,
        "kind": venue.get_kind_display(),
        "commune": venue.org_unit.name,
        # A query per venue that has any cohort label; the annotation spares the others.
        "cohorts": (
            services.earlier_cohorts(venue, limit=COHORTS_PER_VENUE) if venue.has_cohorts else []
        ),
        "population": {"year": baseline.year, "total": baseline.total} if baseline else None,
    }


def _saved_message(outcome):
    if outcome.session.status == "draft":
        return _("Đã lưu nháp.")
    return _("Đã ghi buổi tuyên truyền và gửi duyệt.")


def _outcome_response(request, outcome):
    if outcome.saved:
        session = outcome.session
        body = {
            "id": session.pk,
            "client_id": str(session.client_id),
            "status": session.status,
            "status_label": session.get_status_display(),
            "url": reverse("log:detail", args=[session.pk]),
        }
        status = 201 if outcome.status == log_forms.CREATED else 200
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if outcome.status == log_forms.CONFLICT:
        body = {
            "error": _(
                "Mã bản ghi này đã được dùng cho một bản ghi có nội dung khác. "
                "Bản ghi trên máy không được gửi; hãy xem bản ghi đã có."
            )
        }
        if outcome.session is not None and outcome.session.created_by_id == request.user.pk:
            body["url"] = reverse("log:detail", args=[outcome.session.pk])
        return JsonResponse(body, status=409, json_dumps_params={"ensure_ascii": False})
    body = {
        "errors": outcome.errors,
        "warnings": outcome.warnings,
        "duplicates": [_duplicate_json(request, s) for s in outcome.duplicates],
    }
    return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})


def _duplicate_json(request, session):
    return {
        "id": session.pk,
        "text": _duplicate_text(session),
        "url": reverse("log:detail", args=[session.pk])
        if session.created_by_id == request.user.pk
        else None,
    }


def _duplicate_text(session):
    author = session.created_by.get_full_name() or session.created_by.get_username()
    return " · ".join(
        part
        for part in (
            f"{session.date:%d/%m/%Y}",
            str(session.venue or session.org_unit),
            session.get_form_display(),
            session.cohort,
            _("%(count)d người") % {"count": session.participants},
            session.get_status_display(),
            _("ghi bởi %(name)s") % {"name": author},
        )
        if part
    )


def _locked(request, session):
    message = (
        _("Bản ghi đã duyệt được khoá. Muốn sửa, hãy đề nghị người duyệt mở khoá.")
        if session.is_locked
        else _(
            "Bản ghi đang chờ duyệt nên chưa sửa được. Nếu người duyệt trả lại, bạn sẽ sửa được."
        )
    )
    if _wants_json(request):
        return JsonResponse({"error": message}, status=403)
    return render(
        request,
        "events/log/forbidden.html",
        {"message": message, "session": session, **_page_context(request, "detail")},
        status=403,
    )


def _session_values(session):
    materials = list(session.materials_handed_out.all())
    values = {
        "client_id": str(session.client_id),
        "venue": str(session.venue_id or ""),
        "org_unit": "" if session.venue_id else str(session.org_unit_id),
        "date": session.date.isoformat(),
        "form": session.form,
        "audience": session.audience,
        "cohort": session.cohort,
        "participants": str(session.participants),
        "female": str(session.female),
        "ethnic_minority": str(session.ethnic_minority),
        "under_18": str(session.under_18),
        **{name: str(getattr(session, name) or "") for name in TRAINEE_FIELDS},
        "languages": list(session.languages),
        "organizer": session.organizer,
        "note": session.note,
    }
    for index, material in enumerate(materials[: log_forms.MAX_MATERIALS]):
        values[f"material_description_{index}"] = material.description
        values[f"material_quantity_{index}"] = str(material.quantity)
    return values


def _posted_values(post):
    values = {name: post.get(name, "") for name in post if name not in {"languages", "photos"}}
    values["languages"] = post.getlist("languages")
    return values


def _communes(user, selected_id):
    communes = scope.units_visible_to(user).filter(level=Level.COMMUNE)
    current = communes.current()
    if selected_id and str(selected_id).isdigit():
        current = current | communes.filter(pk=int(selected_id))
    return list(current.order_by("name", "pk")[:COMMUNE_CHOICES_LIMIT])


def _venue_choices(user, query, selected_id):
    """The options of the plain venue list: matches of the no-JavaScript search, else the first."""
    venues = scope.scope_queryset(user, Venue.objects.select_related("org_unit"))
    text = search_name_for(query or "")
    found = venues.filter(search_name__contains=text) if text else venues
    choices = list(found.order_by("name", "pk")[: VENUE_CHOICES_LIMIT + 1])
    more = len(choices) > VENUE_CHOICES_LIMIT
    choices = choices[:VENUE_CHOICES_LIMIT]
    if selected_id and str(selected_id).isdigit():
        selected = int(selected_id)
        if all(venue.pk != selected for venue in choices):
            choices = list(venues.filter(pk=selected)) + choices
    return choices, more


def _materials_rows(values):
    return [
        {
            "index": index,
            "description": values.get(f"material_description_{index}", ""),
            "quantity": values.get(f"material_quantity_{index}", ""),
        }
        for index in range(log_forms.MAX_MATERIALS)
    ]


def _render_form(request, values, session=None, outcome=None, fresh=False):
    user = request.user
    communes = _communes(user, values.get("org_unit"))
    if not values.get("org_unit") and not values.get("venue") and len(communes) == 1:
        values["org_unit"] = str(communes[0].pk)
    venue_query = values.get("venue_q", "")
    venues, more_venues = _venue_choices(user, venue_query, values.get("venue"))
    errors = dict(outcome.errors) if outcome else {}
    warnings = dict(outcome.warnings) if outcome else {}
    conflict = outcome is not None and outcome.status == log_forms.CONFLICT
    conflict_url = None
    if conflict:
        # That id names another record: sending this form again makes a new one (and the
        # duplicate check then asks whether it is the same session).
        values["client_id"] = str(uuid.uuid4())
        if outcome.session is not None and outcome.session.created_by_id == user.pk:
            conflict_url = reverse("log:detail", args=[outcome.session.pk])
    summary = sorted(
        [
            {"name": name, "label": FIELD_LABELS.get(name, ""), "message": messages[0]}
            for name, messages in errors.items()
        ]
        + [{"name": name, "label": "", "message": message} for name, message in warnings.items()],
        key=lambda item: FORM_ORDER.index(item["name"]) if item["name"] in FORM_ORDER else 99,
    )
    existing_photos = list(session.photos.all()) if session is not None else []
    chosen = next((v for v in venues if str(v.pk) == str(values.get("venue", ""))), None)
    context = {
        "session": session,
        "values": values,
        "errors": errors,
        "warnings": warnings,
        "summary": summary,
        "duplicates": [_duplicate_text(s) for s in outcome.duplicates] if outcome else [],
        "conflict": conflict,
        "conflict_url": conflict_url,
        "venues": venues,
        "more_venues": more_venues,
        "venue_query": venue_query,
        "communes": communes,
        "form_choices": Form.choices,
        "audience_choices": Audience.choices,
        "organizer_choices": Organizer.choices,
        "language_choices": [_language(code) for code in SESSION_LANGUAGES],
        "count_fields": [
            {
                "name": name,
                "label": Session._meta.get_field(name).verbose_name,
                "value": values.get(name, ""),
                "errors": errors.get(name),
                "required": name == "participants",
            }
            for name in COUNT_FIELDS
        ],
        "trainee_fields": [
            {
                "name": name,
                "label": Session._meta.get_field(name).verbose_name,
                "value": values.get(name, ""),
                "errors": errors.get(name),
            }
            for name in TRAINEE_FIELDS
        ],
        "cohort_suggestions": services.earlier_cohorts(chosen) if chosen else [],
        "materials": _materials_rows(values),
        "existing_photos": existing_photos,
        "photo_slots": session_photos.MAX_PHOTOS_PER_SESSION - len(existing_photos),
        "today": timezone.localdate().isoformat(),
        **_page_context(request, "edit" if session else "new", fresh=fresh),
    }
    return render(request, "events/log/form.html", context)


def _page_context(request, page, fresh=False):
    """What every /log/ page needs: the app's URLs, the strings its JavaScript shows, languages."""
    config = {
        "page": page,
        "fresh": fresh,
        "lang": get_language(),
        "user": request.user.pk,
        "csrfCookie": settings.CSRF_COOKIE_NAME,
        "communeWide": sorted(COMMUNE_WIDE_FORMS),
        "maxPhotos": session_photos.MAX_PHOTOS_PER_SESSION,
        "urls": {
            "scope": reverse("log:list"),
            "list": reverse("log:list"),
            "new": reverse("log:new"),
            "submit": reverse("log:submit"),
            "venues": reverse("log:venues"),
            "sw": reverse("log:sw"),
        },
        "t": _script_strings(),
    }
    other_languages = [
        {
            "code": code,
            "name": lang_info(code)["name_local"],
            "url": translate_url(request.get_full_path(), code),
            "current": code == get_language(),
        }
        for code, _name in settings.LANGUAGES
    ]
    return {"log_config": config, "log_languages": other_languages}


def _script_strings():
    """Every sentence log.js may show, translated here so the script holds no UI text."""
    return {
        "queued": _("Đang chờ mạng – sẽ tự gửi khi có sóng"),
        "queuedCount": _("Bản ghi đang chờ gửi: %(count)s"),
        "savedOnDevice": _("Đã lưu trên máy. Bản ghi sẽ tự gửi khi có mạng."),
        "sending": _("Đang gửi…"),
        "sentCount": _("Đã gửi %(count)s bản ghi đang chờ."),
        "seeList": _("Xem danh sách bản ghi"),
        "reload": _("Tải lại danh sách"),
        "offline": _(
            "Bạn đang không có mạng. Bản ghi mới được lưu trên máy và tự gửi khi có sóng."
        ),
        "editOffline": _("Không gửi được vì không có mạng. Hãy thử lại khi có sóng."),
        "auth": _("Cần đăng nhập lại để gửi các bản ghi đang chờ."),
        "invalid": _("Cần sửa trước khi gửi"),
        "waiting": _("Đang chờ gửi"),
        "conflict": _(
            "Mã bản ghi này đã được dùng cho một bản ghi có nội dung khác. "
            "Bản ghi trên máy không được gửi; hãy xem bản ghi đã có."
        ),
        "otherUser": _("Bản ghi của tài khoản khác trên máy này: %(count)s"),
        "fix": _("Sửa"),
        "remove": _("Xoá khỏi máy"),
        "removeConfirm": _("Xoá bản ghi này khỏi máy? Bản ghi chưa được gửi sẽ mất."),
        "seeExisting": _("Xem bản ghi đã có"),
        "logoutConfirm": _(
            "Còn bản ghi chưa gửi trên máy này. Chúng sẽ chờ đến khi bạn đăng nhập lại. "
            "Vẫn đăng xuất?"
        ),
        "summary": _("Bản ghi chưa lưu được. Hãy sửa những mục sau:"),
        "noVenue": _("Không tìm thấy địa điểm nào trong địa bàn của bạn."),
        "chooseVenue": _("Chọn địa điểm, hoặc xã, phường nơi tổ chức."),
        "needsVenue": _("Hình thức này cần chọn địa điểm cụ thể."),
        "chooseForm": _("Chọn hình thức."),
        "chooseAudience": _("Chọn đối tượng."),
        "chooseOrganizer": _("Chọn đơn vị tổ chức."),
        "noDate": _("Nhập ngày tổ chức."),
        "futureDate": _("Ngày tổ chức không được sau hôm nay."),
        "wholeNumber": _("Nhập một số nguyên không âm."),
        "positive": _("Số người tham dự phải lớn hơn 0."),
        "notAbove": _("Không được lớn hơn số người tham dự."),
        "material": _("Mỗi tài liệu cần tên và số lượng (số nguyên)."),
        "notPhoto": _("Tệp này không phải ảnh hoặc đã hỏng. Hãy chọn ảnh JPG hoặc PNG."),
        "tooManyPhotos": _("Mỗi buổi chỉ đính kèm tối đa %(count)d ảnh."),
        "aboveBaseline": _(
            "Số người tham dự (%(participants)d) nhiều hơn quy mô của %(venue)s "
            "(%(total)d người, năm %(year)d). Kiểm tra lại hoặc xác nhận để lưu."
        ),
        "removePhoto": _("Bỏ ảnh"),
        "photo": _("Ảnh %(number)s"),
    }
