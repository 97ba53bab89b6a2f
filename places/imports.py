"""Reading CSV and XLSX files row by row, and importing the venue registry from one.

A file is judged by its content, not its name: an XLSX file is a zip holding
``[Content_Types].xml``; a CSV file is text that decodes as UTF-8 (with or
without a byte-order mark), its delimiter ("," or Excel's ";") read off the
header line. A file whose name promises one kind and whose content is the other
(a text file renamed .xlsx) is refused, as is anything else.

Readers yield ``(row_number, {column: value})`` with the header lower-cased and
stripped; row numbers are those a person sees in the spreadsheet (the header is
row 1, the first data row 2). Blank rows are skipped but keep their number.

Imports are all or nothing: every row is checked before anything is written,
and one bad row means nothing is saved. The result lists every bad row with
its row number, column and reason.
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.checks import parse_count
from places import scope
from places.models import EstablishmentType, Level, OrgUnit, PopulationBaseline, Venue, VenueKind
from places.services import search_name_for

# An upload above this size is refused before it is read.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# An XLSX is compressed; its parts may not unpack to more than this (a "zip bomb" guard).
MAX_XLSX_UNPACKED_BYTES = 20 * MAX_UPLOAD_BYTES
CSV_DELIMITERS = (",", ";", "\t")
# Lookups by a list of codes are split so that no query carries too many parameters.
LOOKUP_CHUNK = 2000
BATCH_SIZE = 1000
COMMUNE_CODE_WIDTH = 5

VENUE_COLUMNS = (
    "code",
    "name",
    "kind",
    "commune_code",
    "year",
    "population",
    "female",
    "ethnic_minority",
    "source",
)
VENUE_OPTIONAL_COLUMNS = ("establishment_type", "address", "latitude", "longitude", "as_of")
IMPORT_VENUES_PERMISSION = "places.add_venue"
CHANGE_VENUE_PERMISSION = "places.change_venue"
EARLIEST_BASELINE_YEAR = 1990


class FileRefused(Exception):
    """The file cannot be imported at all; ``message`` tells the person who sent it why."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class RowError:
    """One reason one row cannot be imported (or, as a warning, what was noted about it)."""

    row: int
    column: str
    message: str

    def __str__(self):
        return _("Dòng %(row)d, cột %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    """What an import did: rows saved and skipped, or every error and nothing saved."""

    rows: int = 0
    imported: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    # Kind-specific counts for the summary, e.g. venues created and updated.
    details: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self):
        return not self.errors

    def add_error(self, row, column, message):
        self.errors.append(RowError(row, column, message))

    def bad_rows(self):
        return len({error.row for error in self.errors})

    def summary(self) -> str:
        """One sentence for the person who imported: what was saved, or why nothing was."""
        if not self.ok:
            return _("Không lưu dòng nào: %(count)s dòng có lỗi; sửa rồi nhập lại cả tệp.") % {
                "count": format_count(self.bad_rows())
            }
        text = _("Đã nhập %(count)s dòng.") % {"count": format_count(self.imported)}
        if self.skipped:
            text += " " + _("Bỏ qua %(count)s dòng đã có.") % {"count": format_count(self.skipped)}
        return text

    def as_dict(self):
        """A JSON-friendly copy, e.g. to keep in the cache for a background import."""
        return {
            "rows": self.rows,
            "imported": self.imported,
            "skipped": self.skipped,
            "errors": [[e.row, e.column, e.message] for e in self.errors],
            "warnings": [[w.row, w.column, w.message] for w in self.warnings],
            "details": self.details,
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            rows=data["rows"],
            imported=data["imported"],
            skipped=data["skipped"],
            errors=[RowError(*e) for e in data["errors"]],
            warnings=[RowError(*w) for w in data["warnings"]],
            details=data["details"],
        )


# --- Reading files -------------------------------------------------------------

Progress = Callable[[str, int, int], None]


def _no_progress(stage, done, total):
    pass


@dataclass
class Table:
    """A file's header and rows, read lazily (an XLSX sheet streams from the file)."""

    kind: str  # "csv" or "xlsx"
    header: list[str]
    _records: Callable[[], Iterator[tuple]]

    def rows(self) -> Iterator[tuple[int, dict]]:
        """``(row_number, {column: value})`` for each non-blank data row."""
        width = len(self.header)
        for number, record in enumerate(self._records(), start=2):
            values = [_clean_cell(v) for v in record[:width]]
            if not any(v != "" for v in values):
                continue
            values += [""] * (width - len(values))
            pairs = zip(self.header, values, strict=True)
            yield number, {name: value for name, value in pairs if name}

    def count_rows(self) -> int:
        return sum(1 for _row in self.rows())


def _clean_cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return value


def _normalise_header(cells) -> list[str]:
    return [str(c).strip().lower() if c is not None else "" for c in cells]


def open_table(data: bytes, filename: str = "") -> Table:
    """A table from a file's bytes; ``FileRefused`` if it is not a CSV or XLSX we can read."""
    name = filename.lower()
    if name and not name.endswith((".csv", ".xlsx")):
        raise FileRefused(_("Chỉ nhận tệp .csv hoặc .xlsx."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            _("Tệp Excel 97–2003 (.xls) chưa được hỗ trợ: mở tệp và lưu lại dưới dạng .xlsx.")
        )
    looks_zipped = data.startswith(b"PK\x03\x04")
    if name.endswith(".xlsx") or (not name and looks_zipped):
        if not looks_zipped:
            raise FileRefused(
                _(
                    "Tệp “%(name)s” không phải bảng tính Excel thật (có thể là tệp khác "
                    "bị đổi tên): lưu lại từ Excel dưới dạng .xlsx."
                )
                % {"name": filename or "?"}
            )
        return _open_xlsx(data)
    if looks_zipped:
        raise FileRefused(_("Tệp .csv này thực ra là tệp nén: lưu lại dưới dạng CSV UTF-8."))
    return _open_csv(data)


def _open_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            _(
                "Tệp không phải CSV mã UTF-8. Trong Excel, chọn Lưu dưới dạng → "
                "“CSV UTF-8 (phân tách bằng dấu phẩy)”, hoặc lưu dưới dạng .xlsx."
            )
        ) from None
    if "\x00" in text:
        raise FileRefused(_("Tệp không phải văn bản CSV."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = _normalise_header(next(records, []))
    if not any(header):
        raise FileRefused(_("Tệp trống: dòng 1 phải là dòng tên cột."))

    def data_records():
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        next(rows, None)
        return rows

    return Table("csv", header, data_records)


def _open_xlsx(data: bytes) -> Table:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileRefused(_("Tệp Excel bị hỏng, không mở được.")) from None
    if "[Content_Types].xml" not in names:
        raise FileRefused(_("Tệp nén này không phải bảng tính Excel (.xlsx)."))
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise FileRefused(_("Bảng tính quá lớn khi giải nén."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        header_cells = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    except Exception:  # openpyxl raises many kinds of error on a damaged workbook
        raise FileRefused(_("Tệp Excel bị hỏng, không mở được.")) from None
    header = _normalise_header(header_cells)
    if not any(header):
        raise FileRefused(_("Tệp trống: dòng 1 phải là dòng tên cột."))
    return Table("xlsx", header, lambda: sheet.iter_rows(min_row=2, values_only=True))


def read_file(path) -> tuple[Table, bytes]:
    """A table from a file on disk (management commands)."""
    with open(path, "rb") as handle:
        data = handle.read()
    return open_table(data, str(path)), data


# --- Cell values ------------------------------------------------------------------


def text_of(value) -> str:
    """A cell as text: 2269.0 from a number cell is "2269", a date is ISO."""
    if type(value) is str:
        return value  # cells arrive stripped
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def commune_code_of(value) -> str:
    """A commune code, zero-padded: "2269" (or the number 2269) is "02269"."""
    code = text_of(value)
    return code.zfill(COMMUNE_CODE_WIDTH) if code.isdigit() else code


def date_of(value) -> date | None:
    """A date cell, "2025-03-14" or "14/03/2025"; None if it is none of these."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = text_of(value)
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d/%m/%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def choice_lookup(choices) -> dict[str, str]:
    """Code by what a person may type: the code itself or its label, any case, any accents."""
    lookup = {}
    for code, label in choices.choices:
        lookup[search_name_for(str(label))] = code
    for code in choices.values:
        lookup[code.lower()] = code
    return lookup


def choice_of(value, lookup) -> str | None:
    text = text_of(value)
    return lookup.get(text.lower()) or lookup.get(search_name_for(text))


def missing_columns(table: Table, required) -> list[str]:
    return [name for name in required if name not in table.header]


def chunks(items, size):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def current_communes(codes) -> dict[str, OrgUnit]:
    """The communes in force today with these codes, by code (one query per 2,000 codes)."""
    found = {}
    for part in chunks(sorted(set(codes)), LOOKUP_CHUNK):
        units = OrgUnit.objects.filter(level=Level.COMMUNE, valid_until__isnull=True, code__in=part)
        found.update((unit.code, unit) for unit in units)
    return found


def require_scope_root(user):
    """A user without a home unit (and not a superuser) may import nothing."""
    if not getattr(user, "is_active", False):
        raise PermissionDenied(_("Tài khoản này không hoạt động."))
    if not user.is_superuser and scope.home_unit(user) is None:
        raise PermissionDenied(_("Tài khoản chưa được gán đơn vị nên không nhập được dữ liệu."))


def format_count(number: int) -> str:
    """12345 → "12.345", as Vietnamese writes it."""
    return f"{number:,}".replace(",", ".")


# --- The venue registry -----------------------------------------------------------

VENUE_FIELDS = (
    "name",
    "kind",
    "establishment_type",
    "org_unit",
    "address",
    "latitude",
    "longitude",
)
BASELINE_FIELDS = ("total", "female", "ethnic_minority", "source", "as_of")
# Which column to blame when two rows of one venue disagree about a field.
VENUE_FIELD_COLUMNS = {"org_unit": "commune_code"}


@dataclass
class _VenueRow:
    number: int
    code: str
    venue: dict  # field name → value, only for the columns the file has
    year: int | None
    baseline: dict


def import_venues(user, table: Table, *, today=None, progress: Progress = _no_progress):
    """Upsert venues by code and each venue's population figure per year, all or nothing.

    A venue is created or updated from its rows (several rows of one venue, one
    per year, must agree on its name, kind and commune); the baseline for
    (venue, year) is created or replaced. The user must hold ``places.add_venue``
    (``places.change_venue`` to update venues that exist) and may only place
    venues in, or change venues of, communes in their subtree. An optional
    column missing from the file leaves that field of existing venues alone.
    """
    if not user.has_perm(IMPORT_VENUES_PERMISSION):
        raise PermissionDenied(_("Bạn không có quyền nhập địa điểm."))
    require_scope_root(user)
    today = today or timezone.localdate()
    result = ImportResult()
    missing = missing_columns(table, VENUE_COLUMNS)
    for name in missing:
        result.add_error(1, name, _("Thiếu cột này."))
    if missing:
        return result
    rows = list(table.rows())
    result.rows = len(rows)
    if not rows:
        result.add_error(2, VENUE_COLUMNS[0], _("Tệp không có dòng dữ liệu nào."))
        return result

    codes = {text_of(values["code"]) for _n, values in rows}
    communes = current_communes(commune_code_of(values["commune_code"]) for _n, values in rows)
    existing = {}
    for part in chunks(codes, LOOKUP_CHUNK):
        existing.update(
            (v.code, v) for v in Venue.objects.filter(code__in=part).select_related("org_unit")
        )
    baselines = {}
    for part in chunks([v.pk for v in existing.values()], LOOKUP_CHUNK):
        baselines.update(
            ((b.venue_id, b.year), b) for b in PopulationBaseline.objects.filter(venue_id__in=part)
        )

    parsed = []
    kinds, types = choice_lookup(VenueKind), choice_lookup(EstablishmentType)
    for index, (number, values) in enumerate(rows, start=1):
        row = _parse_venue_row(user, number, values, table.header, kinds, types, communes, today)
        row_errors = row if isinstance(row, list) else []
        if not row_errors:
            row_errors = _check_existing_venue(user, row, existing.get(row.code))
        for column, message in row_errors:
            result.add_error(number, column, message)
        if not row_errors:
            parsed.append(row)
        if index % BATCH_SIZE == 0:
            progress("checking", index, len(rows))
    _check_repeats(parsed, result)
    progress("checking", len(rows), len(rows))
    if not result.ok:
        return result

    with transaction.atomic():
        _save_venues(parsed, existing, baselines, result)
    progress("saving", len(rows), len(rows))
    return result


def _parse_venue_row(user, number, values, header, kinds, types, communes, today):
    """A ``_VenueRow``, or the list of (column, message) that is wrong with the row."""
    errors = []
    code = text_of(values["code"])
    if not code:
        errors.append(("code", _("Nhập mã địa điểm.")))
    elif len(code) > Venue._meta.get_field("code").max_length:
        errors.append(("code", _("Mã địa điểm dài quá 32 ký tự.")))
    venue = {}
    name = text_of(values["name"])
    if not name:
        errors.append(("name", _("Nhập tên địa điểm.")))
    elif len(name) > 255:
        errors.append(("name", _("Tên dài quá 255 ký tự.")))
    venue["name"] = name
    venue["kind"] = choice_of(values["kind"], kinds)
    if venue["kind"] is None:
        errors.append(("kind", _("Loại địa điểm không hợp lệ; xem danh sách mã trong mẫu.")))
    if "establishment_type" in header:
        raw_type = text_of(values["establishment_type"])
        venue["establishment_type"] = choice_of(raw_type, types) if raw_type else ""
        if venue["establishment_type"] is None:
            errors.append(("establishment_type", _("Loại cơ sở không hợp lệ.")))
        elif venue["establishment_type"] and venue["kind"] != VenueKind.ESTABLISHMENT:
            errors.append(
                ("establishment_type", _("Chỉ cơ sở kinh doanh dịch vụ mới có loại cơ sở."))
            )
    commune_code = commune_code_of(values["commune_code"])
    commune = communes.get(commune_code)
    if not commune_code:
        errors.append(("commune_code", _("Nhập mã xã, phường.")))
    elif commune is None:
        errors.append(
            (
                "commune_code",
                _("Không có xã, phường nào đang hiệu lực mang mã %(code)s.")
                % {"code": commune_code},
            )
        )
    elif not scope.is_in_scope(user, commune):
        errors.append(("commune_code", _("Xã, phường này ngoài địa bàn bạn phụ trách.")))
    venue["org_unit"] = commune
    if "address" in header:
        venue["address"] = text_of(values["address"])
        if len(venue["address"]) > 255:
            errors.append(("address", _("Địa chỉ dài quá 255 ký tự.")))
    for column, limit in (("latitude", 90), ("longitude", 180)):
        if column in header:
            venue[column], message = _coordinate(values[column], limit)
            if message:
                errors.append((column, message))

    year = parse_count(values["year"])
    if year is None or not EARLIEST_BASELINE_YEAR <= year <= today.year + 1:
        errors.append(
            (
                "year",
                _("Năm phải là số từ %(first)d đến %(last)d.")
                % {"first": EARLIEST_BASELINE_YEAR, "last": today.year + 1},
            )
        )
    baseline = {"total": parse_count(values["population"])}
    if not baseline["total"]:
        errors.append(("population", _("Nhập số người (số nguyên lớn hơn 0).")))
    for column in ("female", "ethnic_minority"):
        raw = values[column]
        baseline[column] = parse_count(raw) if raw != "" else None
        if raw != "" and baseline[column] is None:
            errors.append((column, _("Nhập một số nguyên không âm, hoặc để trống.")))
        elif (
            baseline[column] is not None
            and baseline["total"]
            and (baseline[column] > baseline["total"])
        ):
            errors.append((column, _("Không được lớn hơn số người (population).")))
    baseline["source"] = text_of(values["source"])
    if len(baseline["source"]) > 255:
        errors.append(("source", _("Nguồn số liệu dài quá 255 ký tự.")))
    if "as_of" in header:
        raw = values["as_of"]
        baseline["as_of"] = date_of(raw) if raw != "" else None
        if raw != "" and baseline["as_of"] is None:
            errors.append(("as_of", _("Ngày không hợp lệ: dùng dạng 2025-03-14 hoặc 14/03/2025.")))
    if errors:
        return errors
    return _VenueRow(number, code, venue, year, baseline)


def _coordinate(raw, limit):
    if raw == "":
        return None, None
    try:
        value = Decimal(text_of(raw).replace(",", "."))
    except InvalidOperation:
        return None, _("Nhập toạ độ dạng số thập phân, ví dụ 21.7829.")
    if not value.is_finite() or abs(value) > limit:
        return None, _("Toạ độ phải nằm trong khoảng ±%(limit)d.") % {"limit": limit}
    return value.quantize(Decimal("0.000001")), None


def _check_existing_venue(user, row, venue):
    if venue is None:
        return []
    if not scope.can_see(user, venue):
        return [("code", _("Địa điểm mã này thuộc địa bàn ngoài phạm vi của bạn."))]
    if not user.has_perm(CHANGE_VENUE_PERMISSION) and _venue_changes(venue, row.venue):
        return [("code", _("Địa điểm này đã có; bạn không có quyền sửa địa điểm."))]
    return []


def _check_repeats(rows, result):
    """Rows of one venue must agree on the venue, and name each year once."""
    first_of_code, year_rows = {}, {}
    for row in rows:
        first = first_of_code.setdefault(row.code, row)
        for name, value in row.venue.items():
            if first.venue.get(name) != value:
                result.add_error(
                    row.number,
                    VENUE_FIELD_COLUMNS.get(name, name),
                    _("Khác với dòng %(row)d của cùng mã địa điểm %(code)s.")
                    % {"row": first.number, "code": row.code},
                )
                break
        key = (row.code, row.year)
        if key in year_rows:
            result.add_error(
                row.number,
                "year",
                _("Năm %(year)d của địa điểm %(code)s đã có ở dòng %(row)d.")
                % {"year": row.year, "code": row.code, "row": year_rows[key]},
            )
        else:
            year_rows[key] = row.number


def _venue_changes(venue, values):
    return [name for name, value in values.items() if getattr(venue, name) != value]


def _save_venues(rows, existing, baselines, result):
    first_rows = {}
    for row in rows:
        first_rows.setdefault(row.code, row)
    new_venues, changed_venues, changed_fields = [], [], set()
    for code, row in first_rows.items():
        venue = existing.get(code)
        if venue is None:
            venue = Venue(code=code, **row.venue)
            venue.search_name = search_name_for(venue.name)
            new_venues.append(venue)
            existing[code] = venue
            continue
        changes = _venue_changes(venue, row.venue)
        if changes:
            for name in changes:
                setattr(venue, name, row.venue[name])
            venue.search_name = search_name_for(venue.name)
            changed_fields.update(changes)
            changed_venues.append(venue)
    Venue.objects.bulk_create(new_venues, batch_size=BATCH_SIZE)
    if any(venue.pk is None for venue in new_venues):
        # Backends that cannot return ids from a bulk insert: read them back.
        ids = {}
        for part in chunks([v.code for v in new_venues], LOOKUP_CHUNK):
            ids.update(Venue.objects.filter(code__in=part).values_list("code", "pk"))
        for venue in new_venues:
            venue.pk = ids[venue.code]
    if changed_venues:
        Venue.objects.bulk_update(
            changed_venues, [*sorted(changed_fields), "search_name"], batch_size=BATCH_SIZE
        )

    new_baselines, changed_baselines, changed_baseline_fields = [], [], set()
    touched_venues = {v.code for v in new_venues} | {v.code for v in changed_venues}
    for row in rows:
        venue = existing[row.code]
        baseline = baselines.get((venue.pk, row.year))
        if baseline is None:
            new_baselines.append(PopulationBaseline(venue=venue, year=row.year, **row.baseline))
        else:
            changes = [n for n, v in row.baseline.items() if getattr(baseline, n) != v]
            for name in changes:
                setattr(baseline, name, row.baseline[name])
            if changes:
                changed_baseline_fields.update(changes)
                changed_baselines.append(baseline)
            elif row.code not in touched_venues:
                result.skipped += 1
    PopulationBaseline.objects.bulk_create(new_baselines, batch_size=BATCH_SIZE)
    if changed_baselines:
        PopulationBaseline.objects.bulk_update(
            changed_baselines, sorted(changed_baseline_fields), batch_size=BATCH_SIZE
        )
    result.imported = len(rows) - result.skipped
    result.details = {
        "venues_created": len(new_venues),
        "venues_updated": len(changed_venues),
        "baselines_created": len(new_baselines),
        "baselines_updated": len(changed_baselines),
    }


# --- Templates to fill in ----------------------------------------------------------


def template_xlsx(columns, codes) -> bytes:
    """An XLSX with the header row on the first sheet and the allowed codes on a second.

    ``codes``: (column, code, meaning) triples.
    """
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Dữ liệu")
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index + 1)].width = max(
            12, len(column) + 4
        )
    sheet.freeze_panes = "A2"
    legend = workbook.create_sheet(_("Mã hợp lệ"))
    legend.append([_("Cột"), _("Mã"), _("Ý nghĩa")])
    for cell in legend[1]:
        cell.font = Font(bold=True)
    for row in codes:
        legend.append([str(value) for value in row])
    for letter, width in (("A", 20), ("B", 24), ("C", 48)):
        legend.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(columns) -> bytes:
    """The header line, with a byte-order mark so that Excel opens it as UTF-8."""
    return ("\ufeff" + ",".join(columns) + "\r\n").encode("utf-8")


def venue_template_codes():
    return [("kind", code, label) for code, label in VenueKind.choices] + [
        ("establishment_type", code, label) for code, label in EstablishmentType.choices
    ]


VENUE_TEMPLATE_COLUMNS = (*VENUE_COLUMNS, *VENUE_OPTIONAL_COLUMNS)


# --- Management commands ----------------------------------------------------------


def run_command(command, import_function, path, username, **kwargs):
    """What ``import_venues`` and ``import_sessions`` share: read, import, report.

    Prints "Đã nhập N dòng." (and what was skipped and noted), or every bad row
    on stderr followed by a CommandError, so the exit status is non-zero.
    """
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("Không có người dùng “%(name)s”.") % {"name": username})
    try:
        table, _data = read_file(path)
    except FileRefused as refused:
        raise CommandError(refused.message) from None
    except OSError as error:
        raise CommandError(
            _("Không đọc được tệp %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from None
    try:
        result = import_function(user, table, **kwargs)
    except PermissionDenied as denied:
        raise CommandError(str(denied) or _("Không có quyền nhập dữ liệu này.")) from None
    except FileRefused as refused:
        raise CommandError(refused.message) from None
    for error in result.errors:
        command.stderr.write(str(error))
    if not result.ok:
        raise CommandError(result.summary())
    for warning in result.warnings:
        command.stdout.write(_("Lưu ý: %(warning)s") % {"warning": warning})
    command.stdout.write(result.summary())
