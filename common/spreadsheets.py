"""Reading CSV and XLSX files row by row, the shape of an import's result, and the blank
templates an import offers.

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
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from common.text import search_name_for

# An upload above this size is refused before it is read.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# An XLSX is a zip: a small file can unpack to gigabytes ("zip bomb"). Before any XML is
# parsed, the sizes its members declare are checked (zipfile never unpacks more than a
# member declares), and the sheet's declared size; while reading, the cells are counted.
# 100,000 session rows of 14 columns unpack to about 45 MB and 1.4 million cells.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
# openpyxl keeps every shared string in memory even in read-only mode.
MAX_XLSX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024
MAX_XLSX_CELLS = 3_000_000
MAX_XLSX_CONTENT_TYPES_BYTES = 256 * 1024
# A workbook Excel writes holds a few dozen parts; zipfile builds an object for every entry
# of the central directory as it opens a file, so a 20 MB file of empty entries would cost
# hundreds of megabytes before any size could be checked. Counted on the bytes first.
MAX_XLSX_ENTRIES = 1_000
CENTRAL_DIRECTORY_ENTRY = b"PK\x01\x02"
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
OVERRIDE = re.compile(rb"<(?:\w+:)?Override\b([^>]*)>")
PART_NAME = re.compile(rb'PartName\s*=\s*["\']([^"\']*)["\']')
CONTENT_TYPE = re.compile(rb'ContentType\s*=\s*["\']([^"\']*)["\']')
DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?"'
)
CSV_DELIMITERS = (",", ";", "\t")
# Lookups by a list of codes are split so that no query carries too many parameters.


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


def no_progress(stage, done, total):
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


def _too_big():
    return FileRefused(
        _(
            "Bảng tính quá lớn khi giải nén (nhiều hơn %(cells)s ô hoặc %(megabytes)s MB dữ "
            "liệu): chia thành nhiều tệp nhỏ hơn rồi nhập lần lượt."
        )
        % {
            "cells": format_count(MAX_XLSX_CELLS),
            "megabytes": format_count(MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)),
        }
    )


def _too_many_entries():
    return FileRefused(
        _(
            "Tệp Excel chứa quá nhiều phần nén (hơn %(entries)s), không phải bảng tính "
            "bình thường: mở tệp trong Excel và lưu lại dưới dạng .xlsx."
        )
        % {"entries": format_count(MAX_XLSX_ENTRIES)}
    )


def _check_xlsx_entries(data: bytes) -> None:
    """Refuse a zip with more entries than a workbook has, before zipfile reads its directory.

    Every entry of the central directory starts with its signature (zipfile refuses one that
    does not), so counting the signature in the whole file never counts fewer entries than
    zipfile would read, whatever the end record declares."""
    if data.count(CENTRAL_DIRECTORY_ENTRY) > MAX_XLSX_ENTRIES:
        raise _too_many_entries()


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _parts_of_type(content_types: bytes, content_type: str) -> set[str]:
    """Member names that ``[Content_Types].xml`` declares of ``content_type`` (read with
    patterns, not an XML parser: this runs before anything in the file is trusted)."""
    names = set()
    for attributes in OVERRIDE.findall(content_types):
        part = PART_NAME.search(attributes)
        declared = CONTENT_TYPE.search(attributes)
        if part and declared and declared.group(1).decode("ascii", "replace") == content_type:
            names.add(part.group(1).decode("utf-8", "replace").lstrip("/"))
    return names


def _check_xlsx_sizes(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose parts would unpack too big, before any of them is parsed."""
    infos = archive.infolist()
    if sum(info.file_size for info in infos) > MAX_XLSX_UNPACKED_BYTES:
        raise _too_big()
    sizes = {info.filename: info.file_size for info in infos}
    if sizes["[Content_Types].xml"] > MAX_XLSX_CONTENT_TYPES_BYTES:
        raise _too_big()
    content_types = archive.read("[Content_Types].xml")
    for name in _parts_of_type(content_types, SHARED_STRINGS_TYPE):
        if sizes.get(name, 0) > MAX_XLSX_SHARED_STRINGS_BYTES:
            raise _too_big()
    for name in _parts_of_type(content_types, WORKSHEET_TYPE):
        if name not in sizes:
            continue
        with archive.open(name) as member:
            found = DIMENSION.search(member.read(4096))
        if found and found.group(3):
            columns = _column_number(found.group(3)) - _column_number(found.group(1)) + 1
            rows = int(found.group(4)) - int(found.group(2)) + 1
            if columns * rows > MAX_XLSX_CELLS:
                raise _too_big()


def _counted(records):
    """A sheet's rows, refused once they hold more than ``MAX_XLSX_CELLS`` cells."""
    cells = 0
    for record in records:
        cells += max(len(record), 1)
        if cells > MAX_XLSX_CELLS:
            raise _too_big()
        yield record


def _open_xlsx(data: bytes) -> Table:
    import openpyxl

    _check_xlsx_entries(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "[Content_Types].xml" not in archive.namelist():
                raise FileRefused(_("Tệp nén này không phải bảng tính Excel (.xlsx)."))
            _check_xlsx_sizes(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError):
        raise FileRefused(_("Tệp Excel bị hỏng, không mở được.")) from None
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
        sheet = workbook.worksheets[0]
        # Rows are padded to the cells they hold, never to a size the file claims.
        sheet.reset_dimensions()
        header_cells = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    except Exception:  # openpyxl raises many kinds of error on a damaged workbook
        raise FileRefused(_("Tệp Excel bị hỏng, không mở được.")) from None
    header = _normalise_header(header_cells)
    if not any(header):
        raise FileRefused(_("Tệp trống: dòng 1 phải là dòng tên cột."))
    return Table("xlsx", header, lambda: _counted(sheet.iter_rows(min_row=2, values_only=True)))


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


def parse_count(raw):
    """A head count from a form, file or API value: a whole number ≥ 0, else None."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if raw >= 0 else None
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() and raw >= 0 else None
    text = str(raw).strip()
    return int(text) if text.isdigit() else None


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


def rows_to_check(table: Table, result, missing, empty_field: str):
    """The table's rows, counted in ``result``; None, with the errors written in ``result``,
    when a column is ``missing`` (row 1) or the file has no data row (row 2, ``empty_field``)."""
    for name in missing:
        result.add_error(1, name, _("Thiếu cột này."))
    if missing:
        return None
    rows = list(table.rows())
    result.rows = len(rows)
    if not rows:
        result.add_error(2, empty_field, _("Tệp không có dòng dữ liệu nào."))
        return None
    return rows


def chunks(items, size):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def format_count(number: int) -> str:
    """12345 → "12.345", as Vietnamese writes it."""
    return f"{number:,}".replace(",", ".")


# --- Writing cells -----------------------------------------------------------------

# A cell that starts with one of these is read as a formula by Excel or LibreOffice
# (tab and carriage return let a formula hide behind them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# A signed number or phone ("+84912345678", "-5") holds nothing a formula could call.
PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9 .,]*")


def safe_cell(value):
    """A value to write to any CSV or XLSX export: text that a spreadsheet would run
    as a formula gets a leading apostrophe, so it shows as text; other values pass
    (numbers, and text that is only a signed number or phone).

    Every export writes every cell through this (or ``safe_row``): a name typed by
    a stranger (a contest entrant, a session's venue, an import's bad cell) must
    never become ``=HYPERLINK(...)`` in an officer's Excel.
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_row(values) -> list:
    """``safe_cell`` of each value of a row."""
    return [safe_cell(value) for value in values]


def protect_wagtail_exports():
    """Wagtail's own CSV/XLSX downloads (reports, listings) write their cells through
    ``safe_cell`` too. Called once from ``CommonConfig.ready``."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "writes_safe_cells", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(original(self, field, value, export_format))

    preprocess_field_value.writes_safe_cells = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value


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
    sheet.append(safe_row(columns))
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
        legend.append(safe_row(str(value) for value in row))
    for letter, width in (("A", 20), ("B", 24), ("C", 48)):
        legend.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(columns) -> bytes:
    """The header line, with a byte-order mark so that Excel opens it as UTF-8."""
    return ("\ufeff" + ",".join(columns) + "\r\n").encode("utf-8")


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
