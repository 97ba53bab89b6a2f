"""What every API operation shares: the one error shape, its status codes, strict JSON bodies.

Every refusal (400, 401, 403, 404, 409, 413, 415, 422, 429, 503) is JSON
``{"detail": message, "errors": {field: [messages]}, "warnings": {code: message}}``
in the user's language; ``portal.api`` documents it on every operation.
"""

import json

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.parser import Parser

# The refusals every operation may answer (401 only where a token is needed).
REFUSAL_CODES = (400, 401, 403, 404, 409, 413, 415, 422, 429)
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
