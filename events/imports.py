"""Importing sessions from a CSV or XLSX file, all or nothing.

Every row goes through the checks a volunteer's record goes through
(``events.checks.check_session``); a row above its venue's population baseline
is not refused but flagged (``above_baseline_confirmed``) and reported as a
warning. One bad row and nothing is saved; the result lists every bad row with
its column and reason.

A ``client_id`` is the sheet's own row id: any text up to 64 characters, unique
among the sessions imported by the importing user's unit (two provinces may both
number their rows 1, 2, 3…). Importing the same file twice adds nothing: a row
whose ``client_id`` already names a session of that unit is skipped when the
content is the same and is an error when it differs; a row without
``client_id`` is skipped when a session with the same date, venue (or commune),
form, audience, cohort and participants exists.

For speed, the file's venues, communes and existing sessions are read with one
query per lookup (per 2,000 codes), never per row, and the sessions, their
audit trail and materials are written with ``bulk_create`` in batches, in one
transaction.
"""

import re
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from common.spreadsheets import (
    FileRefused,
    ImportResult,
    Progress,
    RowError,
    Table,
    choice_lookup,
    choice_of,
    chunks,
    date_of,
    missing_columns,
    no_progress,
    parse_count,
    rows_to_check,
    text_of,
)
from common.text import search_name_for
from events import follow_ups
from events.checks import CODE_FIELD_NAMES, SESSION_LANGUAGES, SessionInput, check_session
from events.models import (
    TRAINEE_FIELDS,
    Action,
    Audience,
    Form,
    MaterialHandedOut,
    Organizer,
    Session,
    SessionChange,
    Status,
)

# The services' own definitions of a session's values and content, so that an
# imported row and a volunteer's record are built and compared the same way.
from events.services import (
    CONTENT_FIELDS,
    REVIEW_PERMISSION,
    material_lines,
    session_content,
    session_values,
)
from locales.languages import VIETNAMESE_NAMES
from places import scope
from places.imports import BATCH_SIZE, LOOKUP_CHUNK, commune_code_of, require_scope_root
from places.models import Level, OrgUnit, Venue

SESSION_COLUMNS = (
    "client_id",
    "date",
    "venue_code",
    "commune_code",
    "form",
    "audience",
    "cohort",
    "participants",
    "female",
    "ethnic_minority",
    "under_18",
    "languages",
    "organizer",
    "note",
)
# "Tờ rơi: 50; Sổ tay hỏi đáp: 10"; trainees by who they are (training courses only).
SESSION_OPTIONAL_COLUMNS = ("materials", *TRAINEE_FIELDS)
CLIENT_ID_MAX_LENGTH = 64  # Session.client_id's max_length
REQUIRED_COLUMNS = ("date", "form", "audience", "participants", "organizer")
IMPORT_PERMISSION = "events.import_session"
NATURAL_KEY_FIELDS = (
    "date",
    "venue_id",
    "org_unit_id",
    "form",
    "audience",
    "cohort",
    "participants",
)
LIST_SEPARATORS = re.compile(r"[;,]")


@dataclass
class _Row:
    number: int
    client_id: str | None
    data: SessionInput
    values: dict
    above_baseline: bool

    def natural_key(self):
        return _natural_key(self.values)


def _natural_key(values):
    key = [values[name] for name in NATURAL_KEY_FIELDS]
    key[NATURAL_KEY_FIELDS.index("cohort")] = (values["cohort"] or "").strip().casefold()
    return tuple(key)


class _Lookups:
    """The file's venues (with their baselines) and communes, read once per file."""

    def __init__(self, rows):
        venue_codes = {text_of(v.get("venue_code", "")) for _n, v in rows} - {""}
        commune_codes = {commune_code_of(v.get("commune_code", "")) for _n, v in rows} - {""}
        self.venues = {}
        for part in chunks(venue_codes, LOOKUP_CHUNK):
            self.venues.update(
                (venue.code, venue)
                for venue in Venue.objects.filter(code__in=part).select_related("org_unit")
            )
        # Venue.baseline_for answers from prefetched baselines: one query per file, not per row.
        prefetch_related_objects(list(self.venues.values()), "baselines")
        self.communes = {}
        for part in chunks(commune_codes, LOOKUP_CHUNK):
            for unit in OrgUnit.objects.filter(level=Level.COMMUNE, code__in=part):
                self.communes.setdefault(unit.code, []).append(unit)

    def commune(self, code, day):
        """The commune with this code on ``day``; codes are reused, so the date decides."""
        units = self.communes.get(code, [])
        if day is not None:
            for unit in units:
                if unit.is_valid_on(day):
                    return unit
        current = [unit for unit in units if unit.valid_until is None]
        return (current or units or [None])[0]


FORMS = choice_lookup(Form)
AUDIENCES = choice_lookup(Audience)
ORGANIZERS = choice_lookup(Organizer)


def _language_lookup():
    lookup = {code: code for code in SESSION_LANGUAGES}
    for code, name in VIETNAMESE_NAMES.items():
        plain = search_name_for(name)
        lookup[plain] = code
        lookup[plain.removeprefix("tieng ")] = code
    return lookup


LANGUAGES = _language_lookup()


def import_sessions(
    user,
    table: Table,
    *,
    approve: bool = False,
    today=None,
    progress: Progress = no_progress,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Check every row as a volunteer's record is checked, then save them all or none.

    The user needs ``events.import_session``; rows must lie in their subtree.
    Imported sessions are submitted for review, or, with ``approve`` (which
    needs ``events.review_session``), approved by the importing user: the one
    case where a person approves records they entered, as the issue asks of an
    officer loading last year's spreadsheet. Each session's audit trail says
    "imported" (with every field, as "created" does), then "approved" if it was.
    """
    if not user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied(_("Bạn không có quyền nhập buổi tuyên truyền."))
    if approve and not user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied(_("Chỉ người có quyền duyệt mới được duyệt khi nhập."))
    require_scope_root(user)
    today = today or timezone.localdate()
    result = ImportResult()
    missing = missing_columns(table, REQUIRED_COLUMNS)
    if "venue_code" not in table.header and "commune_code" not in table.header:
        missing.append("venue_code")
    raw_rows = rows_to_check(table, result, missing, "date")
    if raw_rows is None:
        return result

    lookups = _Lookups(raw_rows)
    rows = []
    for index, (number, values) in enumerate(raw_rows, start=1):
        row, errors, warnings = _check_row(user, number, values, lookups, today)
        for column, message in errors:
            result.add_error(number, column, message)
        for message in warnings:
            result.warnings.append(RowError(number, "participants", message))
        if row is not None:
            rows.append(row)
        if index % BATCH_SIZE == 0:
            progress("checking", index, len(raw_rows))
    _check_repeats_in_file(rows, result)
    new_rows = _drop_existing(user, rows, result)
    progress("checking", len(raw_rows), len(raw_rows))
    result.errors.sort(key=lambda error: error.row)
    if not result.ok:
        result.warnings = []
        return result

    try:
        with transaction.atomic():
            _save(user, new_rows, approve, progress, batch_size)
    except IntegrityError:
        ids = [row.client_id for row in new_rows if row.client_id is not None]
        if not any(_stored_ids(user, part).exists() for part in chunks(ids, LOOKUP_CHUNK)):
            raise
        # Someone saved some of these client ids between our check and our insert.
        raise FileRefused(
            _(
                "Một số dòng vừa được lưu cùng lúc ở nơi khác. "
                "Nhập lại tệp để bỏ qua các dòng đã có."
            )
        ) from None
    result.imported = len(new_rows)
    return result


def _check_row(user, number, values, lookups, today):
    """``(row or None, [(column, message)], [warning])`` for one line of the file."""
    errors = []
    get = values.get

    client_id = text_of(get("client_id", "")) or None
    if client_id is not None and len(client_id) > CLIENT_ID_MAX_LENGTH:
        errors.append(
            (
                "client_id",
                _("client_id dài tối đa %(count)d ký tự.") % {"count": CLIENT_ID_MAX_LENGTH},
            )
        )

    raw_date = get("date", "")
    day = date_of(raw_date) if raw_date != "" else None
    if raw_date != "" and day is None:
        errors.append(("date", _("Ngày không hợp lệ: dùng dạng 2025-03-14 hoặc 14/03/2025.")))

    venue_code = text_of(get("venue_code", ""))
    venue = lookups.venues.get(venue_code) if venue_code else None
    if venue_code and venue is None:
        errors.append(("venue_code", _("Không có địa điểm mã “%(code)s”.") % {"code": venue_code}))
    commune_code = commune_code_of(get("commune_code", ""))
    org_unit = None
    if commune_code:
        unit = lookups.commune(commune_code, day)
        if unit is None:
            errors.append(
                ("commune_code", _("Không có xã, phường mã %(code)s.") % {"code": commune_code})
            )
        elif venue is not None:
            if commune_code != venue.org_unit.code:
                errors.append(
                    (
                        "commune_code",
                        _(
                            "Địa điểm %(venue)s thuộc %(unit)s (mã %(code)s): "
                            "để trống cột này hoặc ghi đúng mã."
                        )
                        % {
                            "venue": venue.code,
                            "unit": venue.org_unit.name,
                            "code": venue.org_unit.code,
                        },
                    )
                )
        elif not venue_code:
            org_unit = unit

    data = SessionInput(
        date=day,
        venue=venue,
        org_unit=org_unit,
        form=choice_of(get("form", ""), FORMS) or text_of(get("form", "")),
        audience=choice_of(get("audience", ""), AUDIENCES) or text_of(get("audience", "")),
        cohort=text_of(get("cohort", "")),
        participants=parse_count(get("participants", "")),
        female=_part_count(get("female", "")),
        ethnic_minority=_part_count(get("ethnic_minority", "")),
        under_18=_part_count(get("under_18", "")),
        languages=_languages(get("languages", "")),
        organizer=choice_of(get("organizer", ""), ORGANIZERS) or text_of(get("organizer", "")),
        note=text_of(get("note", "")),
        materials=_materials_of(get("materials", "")),
        **{name: _part_count(get(name, "")) for name in TRAINEE_FIELDS},
    )
    check = check_session(user, data, today=today)
    reported = {column for column, _message in errors}
    for name, messages in check.errors.items():
        column = CODE_FIELD_NAMES.get(name, name)
        if column not in reported:
            errors += [(column, message) for message in messages]
    if errors:
        return None, errors, []
    row = _Row(number, client_id, data, session_values(data), above_baseline=bool(check.warnings))
    return row, [], list(check.warnings.values())


def _part_count(raw):
    """A blank "of whom" count is 0; anything else must be a whole number."""
    return 0 if raw == "" else parse_count(raw)


def _languages(raw):
    codes = []
    for part in LIST_SEPARATORS.split(text_of(raw)):
        text = part.strip()
        if not text:
            continue
        code = LANGUAGES.get(text.lower()) or LANGUAGES.get(search_name_for(text)) or text
        if code not in codes:
            codes.append(code)
    return codes


def _materials_of(raw):
    """ "Tờ rơi: 50; Áp phích: 2" → [("Tờ rơi", "50"), ("Áp phích", "2")]; checks judge them."""
    items = []
    for part in text_of(raw).split(";"):
        if not part.strip():
            continue
        description, separator, quantity = part.rpartition(":")
        items.append((description.strip(), quantity.strip()) if separator else (part, ""))
    return items


def _check_repeats_in_file(rows, result):
    """A client id names one record; a row without one must not repeat another row."""
    seen_ids, seen_keys, kept = {}, {}, []
    for row in rows:
        if row.client_id is not None:
            first = seen_ids.setdefault(row.client_id, row.number)
            if first != row.number:
                result.add_error(
                    row.number,
                    "client_id",
                    _("client_id trùng với dòng %(row)d.") % {"row": first},
                )
                continue
        else:
            key = row.natural_key()
            first = seen_keys.setdefault(key, row.number)
            if first != row.number:
                result.add_error(
                    row.number,
                    "date",
                    _(
                        "Trùng với dòng %(row)d (cùng ngày, địa điểm, hình thức, đối tượng, "
                        "nhóm và số người). Nếu là hai buổi khác nhau, ghi client_id cho mỗi dòng."
                    )
                    % {"row": first},
                )
                continue
        kept.append(row)
    rows[:] = kept


def _drop_existing(user, rows, result):
    """The rows not yet in the database; repeats are counted as skipped, conflicts as errors."""
    with_ids = [row for row in rows if row.client_id is not None]
    existing, materials = {}, {}
    for part in chunks([row.client_id for row in with_ids], LOOKUP_CHUNK):
        stored = _stored_ids(user, part).values(
            "pk", "client_id", "created_by_id", "org_unit__path", *CONTENT_FIELDS
        )
        for values in stored:
            existing[values["client_id"]] = values
    for part in chunks([values["pk"] for values in existing.values()], LOOKUP_CHUNK):
        for session_id, description, quantity in MaterialHandedOut.objects.filter(
            session_id__in=part
        ).values_list("session_id", "description", "quantity"):
            materials.setdefault(session_id, []).append((description, quantity))

    new_rows = []
    for row in with_ids:
        found = existing.get(row.client_id)
        if found is None:
            new_rows.append(row)
        elif found["created_by_id"] != user.pk and not scope.is_in_scope(
            user, OrgUnit(path=found["org_unit__path"])
        ):
            result.add_error(
                row.number, "client_id", _("client_id này đã được dùng cho một bản ghi khác.")
            )
        elif session_content(found) == session_content(row.values) and sorted(
            materials.get(found["pk"], [])
        ) == material_lines(row.data):
            result.skipped += 1
        else:
            result.add_error(
                row.number,
                "client_id",
                _(
                    "client_id này đã có trong hệ thống với nội dung khác: sửa bản ghi đó "
                    "trong trang quản trị, hoặc bỏ client_id nếu đây là một buổi khác."
                ),
            )

    without_ids = [row for row in rows if row.client_id is None]
    known = _known_natural_keys(without_ids)
    for row in without_ids:
        if row.natural_key() in known:
            result.skipped += 1
        else:
            new_rows.append(row)
    new_rows.sort(key=lambda row: row.number)
    return new_rows


def _import_unit(user):
    """The unit a file's row ids belong to: the importing user's home unit (None: a superuser
    without one, whose ids share the devices' global space)."""
    unit = scope.home_unit(user)
    return unit.pk if unit is not None else None


def _stored_ids(user, client_ids):
    """The sessions this user's unit imported under these row ids."""
    unit_id = _import_unit(user)
    if unit_id is None:
        return Session.objects.filter(import_unit__isnull=True, client_id__in=client_ids)
    return Session.objects.filter(import_unit_id=unit_id, client_id__in=client_ids)


def _known_natural_keys(rows):
    """Natural keys of the sessions already stored for these rows' communes and dates."""
    if not rows:
        return set()
    dates = [row.values["date"] for row in rows]
    units = {row.values["org_unit_id"] for row in rows}
    known = set()
    for part in chunks(units, LOOKUP_CHUNK):
        stored = Session.objects.filter(
            org_unit_id__in=part, date__gte=min(dates), date__lte=max(dates)
        ).values(*NATURAL_KEY_FIELDS)
        known.update(_natural_key(values) for values in stored)
    return known


def _save(user, rows, approve, progress, batch_size):
    now = timezone.now()
    status = Status.APPROVED if approve else Status.SUBMITTED
    import_unit_id = _import_unit(user)
    progress("saving", 0, len(rows))
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        sessions = [
            Session(
                client_id=row.client_id or str(uuid.uuid4()),
                import_unit_id=import_unit_id,
                created_by_id=user.pk,
                status=status,
                submitted_at=now,
                reviewed_by_id=user.pk if approve else None,
                reviewed_at=now if approve else None,
                above_baseline_confirmed=row.above_baseline,
                **row.values,
            )
            for row in batch
        ]
        Session.objects.bulk_create(sessions)
        if any(session.pk is None for session in sessions):
            # Backends that cannot return ids from a bulk insert: read them back.
            ids = dict(
                Session.objects.filter(
                    import_unit_id=import_unit_id, client_id__in=[s.client_id for s in sessions]
                ).values_list("client_id", "pk")
            )
            for session in sessions:
                session.pk = ids[session.client_id]
        changes, materials = [], []
        for session, row in zip(sessions, batch, strict=True):
            changes.append(
                SessionChange(
                    session_id=session.pk,
                    user_id=user.pk,
                    action=Action.IMPORTED,
                    changes={"fields": session_content(row.values)},
                )
            )
            if approve:
                changes.append(
                    SessionChange(session_id=session.pk, user_id=user.pk, action=Action.APPROVED)
                )
            materials += [
                MaterialHandedOut(session_id=session.pk, description=d, quantity=q)
                for d, q in material_lines(row.data)
            ]
        SessionChange.objects.bulk_create(changes)
        MaterialHandedOut.objects.bulk_create(materials)
        progress("saving", min(start + batch_size, len(rows)), len(rows))
    if approve:
        _schedule_indicator_refreshes(rows)


def _schedule_indicator_refreshes(rows):
    """Approved sessions feed indicators: one refresh per commune and month is enough."""
    months = {}
    for row in rows:
        months.setdefault((row.values["org_unit_id"], row.values["date"].strftime("%Y-%m")), row)
    for row in months.values():
        follow_ups.schedule_indicator_refresh_for(row.values["org_unit_id"], row.values["date"])


# --- The template to fill in ------------------------------------------------------

SESSION_TEMPLATE_COLUMNS = (*SESSION_COLUMNS, *SESSION_OPTIONAL_COLUMNS)


def session_template_codes():
    codes = [("form", code, label) for code, label in Form.choices]
    codes += [("audience", code, label) for code, label in Audience.choices]
    codes += [("organizer", code, label) for code, label in Organizer.choices]
    codes += [("languages", code, VIETNAMESE_NAMES.get(code, code)) for code in SESSION_LANGUAGES]
    return codes
