"""Importing the venue registry (venues and their population baselines) from a spreadsheet,
read by ``common.spreadsheets``; all or nothing, every bad row named."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.spreadsheets import (
    ImportResult,
    Progress,
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
from places import freshness, scope
from places.models import EstablishmentType, Level, OrgUnit, PopulationBaseline, Venue, VenueKind

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
# Left blank together, they register the venue without a population figure.
BASELINE_COLUMNS = ("year", "population", "female", "ethnic_minority", "source")
VENUE_OPTIONAL_COLUMNS = ("establishment_type", "address", "latitude", "longitude", "as_of")
IMPORT_VENUES_PERMISSION = "places.add_venue"
CHANGE_VENUE_PERMISSION = "places.change_venue"
EARLIEST_BASELINE_YEAR = 1990


def commune_code_of(value) -> str:
    """A commune code, zero-padded: "2269" (or the number 2269) is "02269"."""
    code = text_of(value)
    return code.zfill(COMMUNE_CODE_WIDTH) if code.isdigit() else code


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


def import_venues(user, table: Table, *, today=None, progress: Progress = no_progress):
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
    rows = rows_to_check(table, result, missing, VENUE_COLUMNS[0])
    if rows is None:
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

    units_before = {code: venue.org_unit_id for code, venue in existing.items()}
    with transaction.atomic():
        _save_venues(parsed, existing, baselines, result)
        if result.imported:
            # Reach in these venues' communes (before and after a move, and the units above)
            # is measured against new figures.
            freshness.inputs_changed(
                {existing[row.code].org_unit_id for row in parsed}
                | {units_before[row.code] for row in parsed if row.code in units_before}
            )
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

    if all(values[column] == "" for column in BASELINE_COLUMNS) and values.get("as_of", "") == "":
        # The venue is registered without a population figure: the dashboard lists it as a gap.
        return errors or _VenueRow(number, code, venue, None, None)
    if values["year"] == "" and values["population"] == "":
        errors.append(
            ("year", _("Để trống cả năm và số người, hoặc ghi đủ cả hai cùng số liệu quy mô."))
        )
        return errors
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
        if row.year is None:
            continue
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
    registered_only = 0
    for row in rows:
        venue = existing[row.code]
        if row.year is None:
            registered_only += 1
            if row.code not in touched_venues:
                result.skipped += 1
            continue
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
        "rows_without_baseline": registered_only,
    }


# --- Templates to fill in ----------------------------------------------------------


def venue_template_codes():
    return [("kind", code, label) for code, label in VenueKind.choices] + [
        ("establishment_type", code, label) for code, label in EstablishmentType.choices
    ]


VENUE_TEMPLATE_COLUMNS = (*VENUE_COLUMNS, *VENUE_OPTIONAL_COLUMNS)
