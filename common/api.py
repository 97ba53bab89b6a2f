"""What every API operation shares: the one error shape, its status codes, strict JSON bodies.

Every refusal (400, 401, 403, 404, 409, 413, 415, 422, 429, 503) is JSON
``{"detail": message, "errors": {field: [messages]}, "warnings": {code: message}}``
in the user's language; ``portal.api`` documents it on every operation.
"""

import datetime
import json
import re
from typing import Annotated

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from ninja.parser import Parser
from pydantic import AfterValidator, BeforeValidator

from common.text import clean_text

# The refusals every operation may answer (401 only where a token is needed).
REFUSAL_CODES = (400, 401, 403, 404, 409, 413, 415, 422, 429, 503)
JSON_TYPES = ("application/json",)


class ErrorOut(Schema):
    """Every refusal: a message, the messages of each field at fault, and warnings to confirm."""

    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict)
    warnings: dict[str, str] = Field(default_factory=dict)


def error_body(detail, errors=None, warnings=None):
    return {"detail": str(detail), "errors": errors or {}, "warnings": warnings or {}}


class UnsupportedMediaType(Exception):
    """The body is not declared as JSON (``Content-Type: application/json``)."""

    def __str__(self):
        return _("Chỉ nhận nội dung JSON (Content-Type: application/json).")


class UnreadableBody(Exception):
    """The body is declared as JSON but is not JSON a client can mean."""

    def __str__(self):
        return _("Nội dung gửi lên không phải JSON hợp lệ.")


def _refuse_constant(name):
    raise ValueError(name)  # NaN, Infinity: not JSON by its standard


class StrictJsonParser(Parser):
    """Bodies are JSON declared as ``application/json``; anything else is refused, not guessed."""

    def parse_body(self, request):
        if request.content_type not in JSON_TYPES:
            raise UnsupportedMediaType
        try:
            text = request.body.decode("utf-8")
            return json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError):
            raise UnreadableBody from None


# --- Bounded inputs -----------------------------------------------------------------------
# Every number, date and text the API reads has bounds a real client stays far inside; past
# them the answer is a 422 naming the field, before any query runs.

MAX_ID = 2**31 - 1  # the largest primary key a row of ours can have
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 200
FIRST_DATE = datetime.date(2000, 1, 1)  # nothing the programme records is older
SEARCH_MAX_LENGTH = 100
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DIGITS = re.compile(r"[0-9]{1,10}")


def _iso_date_only(value):
    """ "2025-03-14" and nothing else: no timestamps ("0"), no datetimes, no week dates."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError(_("Nhập ngày theo dạng YYYY-MM-DD."))
    if isinstance(value, int | float):
        raise ValueError(_("Nhập ngày theo dạng YYYY-MM-DD."))
    return value


def _not_before_2000(value):
    if value < FIRST_DATE:
        raise ValueError(_("Ngày không được trước năm %(year)d.") % {"year": FIRST_DATE.year})
    return value


def _not_after_today(value):
    if value > timezone.localdate():
        raise ValueError(_("Ngày tổ chức không được sau hôm nay."))
    return value


def _plain_integer(value):
    """Digits only: "10", not "1_0", "+10", " 10" or "1e1"."""
    if isinstance(value, str) and not _DIGITS.fullmatch(value):
        raise ValueError(_("Nhập một số nguyên không âm."))
    return value


# A day something happened: from 2000 to today.
PastDate = Annotated[
    datetime.date,
    BeforeValidator(_iso_date_only),
    AfterValidator(_not_before_2000),
    AfterValidator(_not_after_today),
    Field(json_schema_extra={"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
# A date used as a filter: from 2000, any later day.
FilterDate = Annotated[
    datetime.date,
    BeforeValidator(_iso_date_only),
    AfterValidator(_not_before_2000),
    Field(json_schema_extra={"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
# A whole number written with digits only.
PlainInt = Annotated[int, BeforeValidator(_plain_integer)]
# A row's id in a path or body: a plain positive integer that fits our keys.
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(_plain_integer)]


def bounded_text(max_length: int, **extra):
    """A text field: NFC, without control characters, at most ``max_length`` characters."""
    return Annotated[str, Field(max_length=max_length, **extra), AfterValidator(clean_text)]


class BoundedPagination(PageNumberPagination):
    """Ninja's page numbers, bounded: ``page`` up to 10,000 and ``page_size`` up to 200."""

    class Input(Schema):
        page: Annotated[int, Field(ge=1, le=MAX_PAGE), BeforeValidator(_plain_integer)] = 1
        page_size: (
            Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE), BeforeValidator(_plain_integer)] | None
        ) = None
