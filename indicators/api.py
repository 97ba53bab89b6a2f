"""The indicators API: ``GET /api/v1/indicators?unit=CODE&period=PERIOD[&plan=ID]``.

A router, mounted by the project's API (``portal.api``), which authenticates
the request (bearer token) and sets the user: ``request.auth`` when the
authenticator returns the user, else ``request.user``. The answer is the same
JSON array as ``manage.py indicators --json``: per indicator ``code, name,
value, numerator, denominator, target, met`` (and the plan the target comes
from). A unit outside the user's subtree is answered like one that does not
exist (404); a bad period or an unknown unit code is a 400 naming the accepted
forms.
"""

from typing import Annotated

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from common.api import MAX_ID, ErrorOut, error_body
from indicators import services
from indicators.models import Plan
from indicators.periods import InvalidPeriod, parse_bounded_period
from places import scope

router = Router(tags=["indicators"])


class ReadingOut(Schema):
    code: str
    name: str
    value: float | None
    numerator: float | None
    denominator: float | None
    target: float | None
    met: bool | None
    target_plan: str | None


def _error(status, detail, field=None):
    if field is None:
        return Status(status, error_body(detail))
    return Status(status, error_body(_("Dữ liệu gửi lên chưa đúng."), {field: [str(detail)]}))


def user_of(request):
    """The authenticated user: what the authenticator returned, else the request's user."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, AbstractBaseUser):
        return auth
    return request.user


RESPONSES = {200: list[ReadingOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# The issue names the URL without a trailing slash; a redirect would lose some clients'
# Authorization header, so both spellings answer.
@router.get("", response=RESPONSES, include_in_schema=False, url_name="indicators_bare")
@router.get(
    "/",
    response=RESPONSES,
    summary="Indicators of a unit for a period, against its plan's targets",
    url_name="indicators",
)
def indicators(
    request,
    unit: Annotated[
        str, Query(max_length=16, description="a province (08) or commune (02269) code")
    ] = "",
    period: Annotated[
        str,
        Query(
            max_length=9,
            description="2025-03, 2025-Q2, 2025-H1, 2025-M9, 2025 or 2021-2025; from 2000",
        ),
    ] = "",
    plan: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
):
    """Every indicator of the unit for the period; stored results, refreshed when stale."""
    user = user_of(request)
    if user is None or not user.is_authenticated:
        return _error(401, _("Cần đăng nhập hoặc một khoá API hợp lệ."))
    try:
        parsed = parse_bounded_period(period)
    except InvalidPeriod as error:
        return _error(422, error, "period")
    if not unit.strip():
        return _error(
            422,
            _("Thiếu mã đơn vị (unit). Mã tỉnh có 2 chữ số (ví dụ 08), mã xã có 5 chữ số."),
            "unit",
        )
    try:
        org_unit = services.find_unit(unit, on=parsed.end)
    except services.UnknownUnit as error:
        return _error(422, error, "unit")
    if not scope.is_in_scope(user, org_unit):
        return _error(404, _("Không có đơn vị này trong phạm vi của bạn."))
    chosen_plan = None
    if plan is not None:
        chosen_plan = Plan.objects.select_related("org_unit").filter(pk=plan).first()
        # A plan of the user's subtree, or one above the unit asked for (it applies there);
        # another province's plan answers as if it did not exist.
        if chosen_plan is None or not (
            scope.is_in_scope(user, chosen_plan.org_unit)
            or org_unit.is_within(chosen_plan.org_unit)
        ):
            return _error(422, _("Không có kế hoạch số %(id)s.") % {"id": plan}, "plan")
    readings = services.readings(org_unit, parsed.code, plan=chosen_plan)
    return Status(200, [reading.as_json() for reading in readings])
