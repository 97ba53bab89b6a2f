"""Interface strings per language: what the catalogs hold, what translators added in the
admin, what a native speaker reviewed; download and upload as PO or XLSX.

Vietnamese is the source language of the project's own strings, so its interface strings
are Wagtail's and wagtail-localize's (``locales/overrides/vi/``); a minority language's are
the project's strings (``locales/<code>/LC_MESSAGES/django.po``). Nothing is machine
translated: a text comes from a catalog or from a person's upload.
"""

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.spreadsheets import FileRefused, open_table
from locales import wagtail_catalogs
from locales.models import InterfaceString

REVIEWED_FLAG = "reviewed"
COLUMNS = ["mã", "ngữ cảnh", "bản gốc", "bản dịch", "đã duyệt"]
YES = {"x", "có", "co", "1", "true", "yes", "đã duyệt", "da duyet"}


@dataclass
class Entry:
    domain: str
    context: str
    msgid: str
    msgid_plural: str
    text: str
    reviewed: bool
    pending: bool = False  # entered in the admin, not yet in the committed catalog

    @property
    def key(self):
        raw = "\x04".join([self.domain, self.context, self.msgid])
        return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()[:10]

    @property
    def source(self):
        return self.msgid_plural or self.msgid


@dataclass
class Status:
    language: str
    total: int
    translated: int
    reviewed: int
    pending: int
    content: list = field(default_factory=list)

    @property
    def percent(self):
        return round(100 * self.translated / self.total) if self.total else 100


def catalog_path(language, domain="django"):
    if language == settings.LANGUAGE_CODE:
        return wagtail_catalogs.override_path(domain, language)
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"{domain}.po"


def _text(entry):
    if entry.obsolete or "fuzzy" in entry.flags:
        return ""
    if entry.msgid_plural:
        return entry.msgstr_plural.get(0, "") or ""
    return entry.msgstr


def _catalog_entries(language):
    """(domain, POEntry) of every msgid the language's interface has."""
    if language == settings.LANGUAGE_CODE:
        seen = set()
        catalogs = {}
        for domain in wagtail_catalogs.DOMAINS:
            path = catalog_path(language, domain)
            catalogs[domain] = (
                {wagtail_catalogs.key(e): e for e in polib.pofile(str(path))}
                if path.exists()
                else {}
            )
        for app_name, _package, _path in wagtail_catalogs.APPS:
            for domain in wagtail_catalogs.DOMAINS:
                for source in wagtail_catalogs.source_entries(app_name, domain):
                    k = (domain, *wagtail_catalogs.key(source))
                    if k in seen:
                        continue
                    seen.add(k)
                    yield domain, catalogs[domain].get(wagtail_catalogs.key(source), source)
        return
    path = catalog_path(language)
    if path.exists():
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and entry.msgid:
                yield "django", entry


def entries(language):
    """Every interface string of ``language``, with the admin's texts over the catalog's."""
    rows = {
        (row.domain, row.context, row.msgid): row
        for row in InterfaceString.objects.filter(language=language)
    }
    result = []
    for domain, po_entry in _catalog_entries(language):
        context = po_entry.msgctxt or ""
        text = _text(po_entry) if po_entry.msgstr or po_entry.msgstr_plural else ""
        reviewed = REVIEWED_FLAG in po_entry.flags and bool(text)
        row = rows.get((domain, context, po_entry.msgid))
        pending = False
        if row is not None and (row.text != text or row.reviewed != reviewed):
            pending = True
            text, reviewed = row.text, row.reviewed
        result.append(
            Entry(
                domain,
                context,
                po_entry.msgid,
                po_entry.msgid_plural or "",
                text,
                reviewed,
                pending,
            )
        )
    return result


def status(language, content_counts=None):
    items = entries(language)
    return Status(
        language=language,
        total=len(items),
        translated=sum(1 for e in items if e.text),
        reviewed=sum(1 for e in items if e.text and e.reviewed),
        pending=sum(1 for e in items if e.pending),
        content=content_counts or [],
    )


# --- Download -------------------------------------------------------------------------


def export_po(language):
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    po.header = _(
        "Chuỗi giao diện cần dịch. Điền msgstr; thêm cờ “reviewed” (#, reviewed) khi "
        "người bản ngữ đã đọc lại. Giữ nguyên các chỗ như %(name)s hoặc {name}."
    )
    for item in entries(language):
        entry = polib.POEntry(
            msgctxt=item.context or None,
            msgid=item.msgid,
            msgid_plural=item.msgid_plural,
            comment=f"{item.domain}:{item.key}",
        )
        if item.msgid_plural:
            entry.msgstr_plural = {0: item.text}
        else:
            entry.msgstr = item.text
        if item.reviewed:
            entry.flags.append(REVIEWED_FLAG)
        po.append(entry)
    return str(po).encode("utf-8")


def export_xlsx(language):
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = language
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in entries(language):
        sheet.append(
            [
                f"{item.domain}:{item.key}",
                item.context,
                item.source,
                item.text,
                "x" if item.reviewed else "",
            ]
        )
    for column, width in zip("ABCDE", [18, 16, 60, 60, 10], strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row[2:4]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Upload ---------------------------------------------------------------------------


@dataclass
class UploadResult:
    saved: int = 0
    reviewed: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)


def _uploaded_po(data):
    try:
        catalog = polib.pofile(data.decode("utf-8"))
    except (UnicodeDecodeError, OSError, ValueError):
        raise FileRefused(_("Tệp PO không đọc được (cần mã UTF-8).")) from None
    for number, entry in enumerate(catalog, start=1):
        if entry.obsolete:
            continue
        text = "" if "fuzzy" in entry.flags else _text(entry)
        yield number, (entry.msgctxt or "", entry.msgid), text, REVIEWED_FLAG in entry.flags


def _uploaded_table(data, filename):
    table = open_table(data, filename)
    missing = [c for c in ("mã", "bản dịch") if c not in table.header]
    if missing:
        raise FileRefused(_("Thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)})
    for number, row in table.rows():
        reviewed = str(row.get("đã duyệt", "")).strip().lower() in YES
        yield number, str(row["mã"]).strip(), str(row.get("bản dịch", "")), reviewed


@transaction.atomic
def upload(language, data, filename, user):
    """Save a translator's texts and review marks; a row that loses a placeholder is refused.

    A changed text is no longer reviewed unless the same upload marks it reviewed.
    """
    items = entries(language)
    by_key = {f"{e.domain}:{e.key}": e for e in items}
    by_msgid = {(e.context, e.msgid): e for e in items}
    if filename.lower().endswith(".po"):
        rows = ((n, by_msgid.get(k), t, r) for n, k, t, r in _uploaded_po(data))
    else:
        rows = ((n, by_key.get(k), t, r) for n, k, t, r in _uploaded_table(data, filename))
    result = UploadResult()
    now = timezone.now()
    for number, item, text, reviewed in rows:
        if item is None:
            result.errors.append((number, _("Không có chuỗi này trong giao diện.")))
            continue
        if item.msgid.endswith(" ") and text and not text.endswith(" "):
            text += " "  # spreadsheet cells lose trailing spaces; the msgid needs its own
        if text and wagtail_catalogs.placeholders(text) != wagtail_catalogs.placeholders(
            item.source
        ):
            result.errors.append(
                (
                    number,
                    _("Bản dịch phải giữ nguyên các chỗ điền: %(expected)s.")
                    % {"expected": " ".join(wagtail_catalogs.placeholders(item.source)) or "—"},
                )
            )
            continue
        reviewed = reviewed and bool(text)
        if text == item.text and reviewed == item.reviewed:
            result.unchanged += 1
            continue
        row, _created = InterfaceString.objects.get_or_create(
            language=language, domain=item.domain, context=item.context, msgid=item.msgid
        )
        if text != item.text:
            row.text, row.updated_by = text, user
            result.saved += 1
        if reviewed:
            if not row.reviewed or text != item.text:
                row.reviewed_by, row.reviewed_at = user, now
                result.reviewed += 1
        else:
            row.reviewed_by, row.reviewed_at = None, None
        row.save()
    return result


# --- Into the catalogs ----------------------------------------------------------------


def apply_to_catalogs(language):
    """Write the admin's texts into the language's committed catalogs; returns how many."""
    rows = list(InterfaceString.objects.filter(language=language))
    changed = 0
    for domain in {row.domain for row in rows}:
        path = catalog_path(language, domain)
        if not path.exists():
            continue
        catalog = polib.pofile(str(path), wrapwidth=0)
        by_key = {(e.msgctxt or "", e.msgid): e for e in catalog}
        for row in rows:
            entry = by_key.get((row.context, row.msgid))
            if row.domain != domain or entry is None:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural or {0: ""}, row.text)
            else:
                entry.msgstr = row.text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            if row.reviewed and REVIEWED_FLAG not in entry.flags:
                entry.flags.append(REVIEWED_FLAG)
            if not row.reviewed and REVIEWED_FLAG in entry.flags:
                entry.flags.remove(REVIEWED_FLAG)
            changed += 1
        catalog.save(str(path))
    return changed
