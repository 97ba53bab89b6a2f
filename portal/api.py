"""The project's API at /api/v1/: one NinjaAPI, token auth and error shapes; apps add routers.

Every request carries ``Authorization: Bearer <token>`` (``manage.py
create_api_token``) and acts as the token's user. Errors are JSON:
``{"detail", "errors": {field: [messages]}, "warnings"}``, in the user's language.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.security import HttpBearer

from common.api import (
    REFUSAL_CODES,
    ErrorOut,
    StrictJsonParser,
    UnsupportedMediaType,
    error_body,
)
from common.budget import OutOfTime, budgeted
from contests.api import router as contests_router
from events.api import router as events_router
from events.checks import CODE_FIELD_NAMES
from indicators.api import router as indicators_router
from materials.api import router as materials_router
from places.tokens import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Outreach sessions API",
    version="1",
    description=(
        "Venues and outreach sessions of the prostitution-prevention programme, limited to "
        "the administrative subtree of the token's user. Authenticate with "
        "`Authorization: Bearer <token>`; tokens come from `manage.py create_api_token`."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    # Ninja's docs page loads Swagger from a CDN; the OpenAPI document is enough.
    docs_url=None,
    # Bodies must be declared application/json; text/plain is refused (415), not guessed.
    parser=StrictJsonParser(),
)


# --- Errors -------------------------------------------------------------------


def _error(request, status, detail, errors=None, warnings=None):
    return api.create_response(request, error_body(detail, errors, warnings), status=status)


def _message_for(error):
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("Thiếu trường này.")
    if kind.startswith("int_"):
        return _("Nhập một số nguyên không âm.")
    if kind.startswith(("date_", "datetime_")):
        return _("Nhập ngày theo dạng YYYY-MM-DD.")
    if kind.startswith("uuid_"):
        return _("Nhập một UUID (mã do thiết bị tạo).")
    if kind == "string_too_long":
        return _("Dài quá %(max)d ký tự.") % {"max": context.get("max_length", 0)}
    if kind.startswith("string_"):
        return _("Nhập một chuỗi ký tự.")
    if kind.startswith("bool_"):
        return _("Nhập true hoặc false.")
    if kind.startswith("list_"):
        return _("Nhập một danh sách.")
    if kind == "enum":
        return _("Giá trị không hợp lệ. Chọn một trong: %(codes)s.") % {
            "codes": context.get("expected", "")
        }
    if kind == "greater_than_equal" and context.get("ge") == 0:
        return _("Nhập một số nguyên không âm.")
    if kind == "greater_than_equal":
        return _("Phải lớn hơn hoặc bằng %(limit)s.") % {"limit": context.get("ge")}
    if kind == "less_than_equal":
        return _("Phải nhỏ hơn hoặc bằng %(limit)s.") % {"limit": context.get("le")}
    if kind == "json_invalid":
        return _("Nội dung gửi lên không phải JSON hợp lệ.")
    if kind == "value_error" and context.get("error"):
        return str(context["error"])  # our validators' own (Vietnamese) message
    if kind == "literal_error":
        return _("Giá trị không hợp lệ. Chọn một trong: %(codes)s.") % {
            "codes": context.get("expected", "")
        }
    if kind in {"too_long", "too_short"}:
        return _("Số phần tử phải từ %(min)s đến %(max)s.") % {
            "min": context.get("min_length", 0),
            "max": context.get("max_length", "…"),
        }
    if kind == "string_pattern_mismatch":
        return _("Sai định dạng.")
    return _("Giá trị không hợp lệ.")


def _field_of(error):
    location = [str(part) for part in error.get("loc", ())]
    if location and location[0] in {"body", "query", "path"}:
        location = location[1:]
    if location and location[0] in {"payload", "filters", "ninja_pagination"}:
        location = location[1:]
    return ".".join(location) or "__all__"


@api.exception_handler(RequestValidationError)
def refuse_malformed_request(request, exc):
    errors = {}
    for error in exc.errors:
        errors.setdefault(_field_of(error), []).append(_message_for(error))
    return _error(request, 422, _("Dữ liệu gửi lên chưa đúng."), errors)


@api.exception_handler(AuthenticationError)
def refuse_unauthenticated(request, exc):
    response = _error(
        request, 401, _("Cần một khoá API hợp lệ trong tiêu đề Authorization: Bearer <khoá>.")
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def refuse_not_found(request, exc):
    # portal.middleware.SiteLocaleMiddleware keeps this 404 from becoming a /vi/ redirect.
    return _error(request, 404, _("Không tìm thấy."))


@api.exception_handler(PermissionDenied)
def refuse_forbidden(request, exc):
    return _error(request, 403, str(exc) or _("Bạn không có quyền làm việc này."))


@api.exception_handler(DjangoValidationError)
def refuse_invalid(request, exc):
    if hasattr(exc, "error_dict"):
        errors = {CODE_FIELD_NAMES.get(f, f): list(m) for f, m in exc.message_dict.items()}
    else:
        errors = {"__all__": list(exc.messages)}
    return _error(request, 422, _("Dữ liệu gửi lên chưa đúng."), errors)


@api.exception_handler(HttpError)
def refuse_unreadable(request, exc):
    """Ninja's own refusals: a body that is not JSON (400), or not declared as JSON (415)."""
    if isinstance(exc.__cause__, UnsupportedMediaType):
        return _error(request, 415, exc.__cause__)
    if exc.status_code == 400:
        return _error(request, 400, _("Nội dung gửi lên không phải JSON hợp lệ."))
    return _error(request, exc.status_code, _("Yêu cầu không thực hiện được."))


@api.exception_handler(RequestDataTooBig)
def refuse_too_big(request, exc):
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return _error(
        request,
        413,
        _("Nội dung gửi lên quá lớn (tối đa %(size)s MB).") % {"size": f"{limit_mb:g}"},
    )


@api.exception_handler(OutOfTime)
def refuse_out_of_time(request, exc):
    response = _error(request, 503, exc)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(SuspiciousOperation)
def refuse_suspicious(request, exc):
    return _error(request, 400, _("Yêu cầu không hợp lệ."))


def document_refusals(ninja_api):
    """Every operation documents (and may answer) every refusal in the one error shape.

    401 only where a token is needed; each operation's own refusals keep their place.
    """
    for bound_router in ninja_api._get_bound_routers():
        for path_view in bound_router.path_operations.values():
            for operation in path_view.operations:
                for code in REFUSAL_CODES:
                    if code == 401 and not operation.auth_callbacks:
                        continue
                    if code not in operation.response_models:
                        operation.response_models[code] = operation._create_response_model(ErrorOut)


api.add_router("/", events_router)
api.add_router("/indicators", indicators_router)
api.add_router("/", materials_router)  # public: auth=None on the router
api.add_router("/", contests_router)

# Mounted with one line in portal.urls: path("api/v1/", include("portal.api")).
urlpatterns, _app_name, _namespace = api.urls
# Every operation within the time budget: past it, no further query runs and the answer is 503.
for _pattern in urlpatterns:
    _pattern.callback = budgeted(_pattern.callback)
document_refusals(api)
app_name = _namespace  # "api-v1": routes reverse as "api-v1:<name>"
