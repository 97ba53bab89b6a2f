"""Importing the media log from a CSV or XLSX file, all or nothing.

Columns: ``date, outlet, level, kind, title, url, language, unit_code`` (``url``
and ``language`` may be left out or blank; blank language is Vietnamese).
Files are read with ``common.spreadsheets`` (content-sniffed CSV/XLSX, row numbers
as the spreadsheet shows them) and report like the sessions import: every bad
row with its column and a reason in Vietnamese, and nothing saved if any row
is bad.

Importing the same file twice adds nothing: a row whose date, outlet, title and
unit match an item already logged is skipped, and two such rows in one file
are an error. With a user (the admin upload, or ``--user``), the user needs
``campaigns.add_mediaitem`` and every unit must lie in their subtree.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import MediaChannel, MediaItem, MediaLevel
from common.spreadsheets import (
    ImportResult,
    Table,
    choice_lookup,
    choice_of,
    chunks,
    date_of,
    missing_columns,
    rows_to_check,
    text_of,
)
from common.text import search_name_for
from locales.languages import VIETNAMESE_NAMES
from places import freshness, scope
from places.imports import LOOKUP_CHUNK, require_scope_root
from places.models import OrgUnit

MEDIA_COLUMNS = ("date", "outlet", "level", "kind", "title", "url", "language", "unit_code")
REQUIRED_COLUMNS = ("date", "outlet", "level", "kind", "title", "unit_code")
IMPORT_PERMISSION = "campaigns.add_mediaitem"

LEVELS = {**choice_lookup(MediaLevel), "local": MediaLevel.COMMUNE, "xa": MediaLevel.COMMUNE}
KINDS = {
    **choice_lookup(MediaChannel),
    "tv": MediaChannel.TELEVISION,
    "bao": MediaChannel.NEWSPAPER,
    "online": MediaChannel.ONLINE_NEWSPAPER,
    "fanpage": MediaChannel.SOCIAL_POST,
    "social": MediaChannel.SOCIAL_POST,
}


def _language_lookup():
    lookup = {code: code for code in VIETNAMESE_NAMES}
    for code, name in VIETNAMESE_NAMES.items():
        plain = search_name_for(name)
        lookup[plain] = code
        lookup[plain.removeprefix("tieng ")] = code
    return lookup


LANGUAGES = _language_lookup()
_url_is_valid = URLValidator(schemes=["http", "https"])


@dataclass
class _Row:
    number: int
    values: dict

    def key(self):
        return _key(self.values)


def _key(values):
    return (
        values["published_on"],
        values["outlet"].casefold(),
        values["title"].casefold(),
        values["org_unit_id"],
    )


def unit_code_of(value) -> str:
    """A unit code as the official list writes it: 8 → "08" (province), 2269 → "02269"."""
    code = text_of(value)
    if code.isdigit():
        if len(code) <= 2:
            return code.zfill(2)
        if len(code) == 4:
            return code.zfill(5)
    return code


class _Units:
    """The file's org units by code, read once per file (codes are reused: the date decides)."""

    def __init__(self, codes):
        self.by_code = {}
        for part in chunks(sorted(codes), LOOKUP_CHUNK):
            for unit in OrgUnit.objects.filter(code__in=part):
                self.by_code.setdefault(unit.code, []).append(unit)

    def unit(self, code, day):
        units = self.by_code.get(code, [])
        if day is not None:
            for unit in units:
                if unit.is_valid_on(day):
                    return unit
        current = [unit for unit in units if unit.valid_until is None]
        return (current or units or [None])[0]


def import_media(table: Table, *, user=None, today=None) -> ImportResult:
    """Check every row, then log them all or none; rows already logged are skipped."""
    if user is not None:
        if not user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied(_("Bạn không có quyền nhập nhật ký truyền thông."))
        require_scope_root(user)
    today = today or timezone.localdate()
    result = ImportResult()
    missing = missing_columns(table, REQUIRED_COLUMNS)
    raw_rows = rows_to_check(table, result, missing, "date")
    if raw_rows is None:
        return result

    units = _Units({unit_code_of(values.get("unit_code", "")) for _n, values in raw_rows} - {""})
    rows = []
    for number, values in raw_rows:
        row, errors = _check_row(user, number, values, units, today)
        for column, message in errors:
            result.add_error(number, column, message)
        if row is not None:
            rows.append(row)
    new_rows = _drop_repeats(rows, result)
    result.errors.sort(key=lambda error: error.row)
    if not result.ok:
        return result
    with transaction.atomic():
        MediaItem.objects.bulk_create(
            [MediaItem(logged_by=user, **row.values) for row in new_rows], batch_size=1000
        )
        if new_rows:
            days = [row.values["published_on"] for row in new_rows]
            freshness.inputs_changed(
                {row.values["org_unit_id"] for row in new_rows},
                start=min(days),
                end=max(days),
                below=True,
            )
    result.imported = len(new_rows)
    return result


def _check_row(user, number, values, units, today):
    """``(row or None, [(column, message)])`` for one line of the file."""
    errors = []
    get = values.get

    raw_date = get("date", "")
    day = date_of(raw_date) if raw_date != "" else None
    if raw_date == "":
        errors.append(("date", _("Nhập ngày đăng, phát.")))
    elif day is None:
        errors.append(("date", _("Ngày không hợp lệ: dùng dạng 2025-03-14 hoặc 14/03/2025.")))
    elif day > today:
        errors.append(("date", _("Ngày đăng, phát không được sau hôm nay.")))

    outlet = text_of(get("outlet", ""))
    if not outlet:
        errors.append(("outlet", _("Nhập tên cơ quan báo chí hoặc kênh.")))
    elif len(outlet) > MediaItem._meta.get_field("outlet").max_length:
        errors.append(("outlet", _("Tên cơ quan báo chí dài quá 200 ký tự.")))

    level = choice_of(get("level", ""), LEVELS)
    if level is None:
        errors.append(("level", _("Cấp không hợp lệ: central, provincial, district hoặc commune.")))
    kind = choice_of(get("kind", ""), KINDS)
    if kind is None:
        errors.append(("kind", _("Loại hình không hợp lệ; xem danh sách mã trong mẫu.")))

    title = text_of(get("title", ""))
    if not title:
        errors.append(("title", _("Nhập tiêu đề.")))
    elif len(title) > MediaItem._meta.get_field("title").max_length:
        errors.append(("title", _("Tiêu đề dài quá 300 ký tự.")))

    url = text_of(get("url", ""))
    if url:
        try:
            _url_is_valid(url)
        except ValidationError:
            errors.append(
                ("url", _("Đường dẫn không hợp lệ: cần bắt đầu bằng http:// hoặc https://."))
            )
        else:
            if len(url) > MediaItem._meta.get_field("url").max_length:
                errors.append(("url", _("Đường dẫn dài quá 500 ký tự.")))

    raw_language = text_of(get("language", ""))
    language = "vi"
    if raw_language:
        language = LANGUAGES.get(raw_language.lower()) or LANGUAGES.get(
            search_name_for(raw_language)
        )
        if language is None:
            errors.append(
                ("language", _("Ngôn ngữ không rõ: %(value)s.") % {"value": raw_language})
            )

    code = unit_code_of(get("unit_code", ""))
    unit = units.unit(code, day) if code else None
    if not code:
        errors.append(("unit_code", _("Nhập mã đơn vị ghi nhận.")))
    elif unit is None:
        errors.append(("unit_code", _("Không có đơn vị nào mang mã %(code)s.") % {"code": code}))
    elif user is not None and not scope.is_in_scope(user, unit):
        errors.append(("unit_code", _("Đơn vị này nằm ngoài phạm vi quản lý của bạn.")))

    if errors:
        return None, errors
    values = {
        "published_on": day,
        "outlet": outlet,
        "level": level,
        "channel": kind,
        "title": title,
        "url": url,
        "language": language,
        "org_unit_id": unit.pk,
    }
    return _Row(number, values), []


def _drop_repeats(rows, result):
    """Rows not yet logged; a repeat inside the file is an error, one already logged is skipped."""
    first_rows, kept = {}, []
    for row in rows:
        first = first_rows.setdefault(row.key(), row.number)
        if first != row.number:
            result.add_error(
                row.number,
                "title",
                _("Trùng với dòng %(row)d (cùng ngày, cơ quan báo chí, tiêu đề và đơn vị).")
                % {"row": first},
            )
        else:
            kept.append(row)
    if not kept:
        return []
    days = [row.values["published_on"] for row in kept]
    known = set()
    for part in chunks({row.values["org_unit_id"] for row in kept}, LOOKUP_CHUNK):
        stored = MediaItem.objects.filter(
            org_unit_id__in=part, published_on__gte=min(days), published_on__lte=max(days)
        ).values("published_on", "outlet", "title", "org_unit_id")
        known.update(_key(values) for values in stored)
    new_rows = [row for row in kept if row.key() not in known]
    result.skipped += len(kept) - len(new_rows)
    return new_rows


def media_template_codes():
    codes = [("level", code, label) for code, label in MediaLevel.choices]
    codes += [("kind", code, label) for code, label in MediaChannel.choices]
    codes += [("language", code, name) for code, name in VIETNAMESE_NAMES.items()]
    return codes
