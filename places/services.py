"""Operations on administrative units and roles: loading, searching, rolling up.

Paths and search names are derived here and nowhere else, so that the rules
that keep the tree consistent are in one readable place.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import and_, or_

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from common.text import marked_words, search_name_for
from places import sources
from places.models import PATH_SEPARATOR, Level, OrgUnit, Role, Succession

BATCH_SIZE = 500

# Words that open unit names ("Xã Thượng Lâm", "Thành phố Hà Nội"), normalised.
# A search for "thuong lam" also tries "xa thuong lam", "phuong thuong lam"...,
# so that every name match is an indexed prefix match.
UNIT_TYPE_WORDS = (
    "xa",
    "phuong",
    "thi tran",
    "dac khu",
    "tinh",
    "thanh pho",
    "quan",
    "huyen",
    "thi xa",
)
LEVEL_ORDER = [Level.COUNTRY, Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]


# --- Derived fields -----------------------------------------------------------


def path_segment(code: str, valid_until: date | None) -> str:
    """A unit's step in the path: its code, plus its end date once it has one.

    The end date keeps an abolished unit apart from a new unit that reuses its code.
    """
    return code if valid_until is None else f"{code}@{valid_until:%Y%m%d}"


def path_for(parent: OrgUnit | None, code: str, valid_until: date | None = None) -> str:
    """The materialised path of a unit with this code under ``parent``."""
    prefix = parent.path if parent is not None else ""
    return f"{prefix}{path_segment(code, valid_until)}{PATH_SEPARATOR}"


# --- Loading the official list ------------------------------------------------


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    successions_deleted: int = 0
    successions_unchanged: int = 0

    def lines(self) -> list[str]:
        c = self.counts
        totals = f"Provinces: {c['provinces']}, communes: {c['communes']}"
        if "legacy_provinces" in c:
            totals += (
                f"; legacy (until {sources.LEGACY_UNTIL:%Y-%m-%d}) provinces: "
                f"{c['legacy_provinces']}, districts: {c['legacy_districts']}, "
                f"communes: {c['legacy_communes']}"
            )
        lines = [
            f"{totals}; created {self.created}, updated {self.updated}, unchanged {self.unchanged}"
        ]
        if "legacy_provinces" in c:
            lines.append(
                f"Successions: created {self.successions_created}, "
                f"updated {self.successions_updated}, deleted {self.successions_deleted}, "
                f"unchanged {self.successions_unchanged}"
            )
        return lines


_SYNCED_FIELDS = ("level", "name", "search_name", "parent_id", "path", "valid_from")


@transaction.atomic
def load_admin_units(*, with_legacy: bool = False) -> LoadReport:
    """Bring the tree in line with the official list, creating or updating by (code, valid_until).

    Idempotent: a second run writes nothing. Units missing from the list are
    left alone (data may refer to them). With ``with_legacy``, the units
    abolished in 2025 are loaded too, closed on 2025-06-30, with successions.
    """
    report = LoadReport()
    provinces, communes = sources.current_units()
    stages = [[sources.country()], provinces, communes]
    report.counts.update(provinces=len(provinces), communes=len(communes))
    legacy = None
    if with_legacy:
        legacy = sources.legacy_units()
        stages += [legacy.provinces, legacy.districts, legacy.communes]
        report.counts.update(
            legacy_provinces=len(legacy.provinces),
            legacy_districts=len(legacy.districts),
            legacy_communes=len(legacy.communes),
        )

    existing = {(u.code, u.valid_until): u for u in OrgUnit.objects.all()}
    for records in stages:
        _sync_stage(records, existing, report)
    if legacy is not None:
        _sync_successions(legacy.successions, existing, report)
    return report


def _sync_stage(records, existing, report):
    """Create or update one level of records; their parents are already in ``existing``."""
    to_create, to_update = [], []
    for record in records:
        parent = existing[record.parent] if record.parent else None
        wanted = {
            "level": record.level,
            "name": record.name,
            "search_name": search_name_for(record.name),
            "parent_id": parent.pk if parent else None,
            "path": path_for(parent, record.code, record.valid_until),
            "valid_from": record.valid_from,
        }
        unit = existing.get(record.key)
        if unit is None:
            unit = OrgUnit(code=record.code, valid_until=record.valid_until, **wanted)
            existing[record.key] = unit
            to_create.append(unit)
        elif any(getattr(unit, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(unit, name, value)
            to_update.append(unit)
        else:
            report.unchanged += 1
    if to_update:
        OrgUnit.objects.bulk_update(to_update, _SYNCED_FIELDS, batch_size=BATCH_SIZE)
    if to_create:
        OrgUnit.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        if any(unit.pk is None for unit in to_create):
            # Backends that cannot return ids from a bulk insert: read them back.
            ids = dict(
                OrgUnit.objects.filter(path__in=[u.path for u in to_create]).values_list(
                    "path", "pk"
                )
            )
            for unit in to_create:
                unit.pk = ids[unit.path]
    report.created += len(to_create)
    report.updated += len(to_update)


def _sync_successions(records, units, report):
    """Make the successions of the loaded predecessors exactly ``records``."""
    wanted = {}
    for record in records:
        if record.predecessor in units and record.successor in units:
            pair = (units[record.predecessor].pk, units[record.successor].pk)
            wanted[pair] = wanted.get(pair, False) or record.partial
    predecessor_ids = {units[r.predecessor].pk for r in records if r.predecessor in units}
    existing = {
        (s.predecessor_id, s.successor_id): s
        for s in Succession.objects.filter(predecessor_id__in=predecessor_ids)
    }
    to_create = [
        Succession(predecessor_id=p, successor_id=s, partial=partial)
        for (p, s), partial in wanted.items()
        if (p, s) not in existing
    ]
    to_update = []
    for pair, succession in existing.items():
        if pair in wanted and succession.partial != wanted[pair]:
            succession.partial = wanted[pair]
            to_update.append(succession)
    stale = [s.pk for pair, s in existing.items() if pair not in wanted]
    Succession.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Succession.objects.bulk_update(to_update, ["partial"], batch_size=BATCH_SIZE)
    for start in range(0, len(stale), BATCH_SIZE):
        Succession.objects.filter(pk__in=stale[start : start + BATCH_SIZE]).delete()
    report.successions_created = len(to_create)
    report.successions_updated = len(to_update)
    report.successions_deleted = len(stale)
    report.successions_unchanged = len(existing) - len(to_update) - len(stale)


# --- Search -------------------------------------------------------------------


def unit_search_filter(query: str, words_inside: bool = False) -> Q | None:
    """The condition for a unit search: code exact or prefix, name prefix without diacritics.

    These all use an index. ``words_inside`` also matches words later in the
    name ("lam" finds "Xã Thượng Lâm"), which scans. None: nothing to search on.
    """
    text = search_name_for(query)
    if not text:
        return None
    conditions = [Q(search_name__startswith=text)]
    conditions += [Q(search_name__startswith=f"{word} {text}") for word in UNIT_TYPE_WORDS]
    if words_inside:
        conditions.append(Q(search_name__contains=f" {text}"))
    code = query.strip().upper()
    if code.isalnum() and len(code) <= OrgUnit._meta.get_field("code").max_length:
        conditions.append(Q(code__startswith=code))
        conditions += [Q(code=padded) for padded in _padded_codes(code) - {code}]
    return reduce(or_, conditions)


def _padded_codes(code: str) -> set[str]:
    """The code as typed and zero-padded to each width: "2269" may mean commune "02269"."""
    if not code.isdigit():
        return {code}
    return {code} | {code.zfill(width) for width in sources.CODE_WIDTH.values()}


def venue_search_filter(query: str, code_prefix: bool = False) -> Q:
    """Venues whose name contains ``query`` typed with or without diacritics
    ("lam binh" finds "Trường THPT Lâm Bình"), or whose code is ``query``
    (or starts with it, with ``code_prefix``)."""
    code = query.strip()
    condition = Q(code__istartswith=code) if code_prefix else Q(code__iexact=code)
    if text := search_name_for(query):
        condition |= Q(search_name__contains=text)
    return condition


def spelling_rank(query: str):
    """0 for a name that has every word the reader typed with marks, spelled so ("Thương
    Lam" before "Thượng Lâm" for "thương lam"), else 1; always 0 for a query without marks.

    The name is compared as stored, lowercase, Title case or UPPER CASE: SQLite cannot
    lowercase Vietnamese letters, and names are written in one of these.
    """
    words = dict.fromkeys(marked_words(query))
    if not words:
        return Value(0, output_field=IntegerField())
    spelled = reduce(
        and_,
        (
            reduce(or_, (Q(name__contains=form) for form in {w, w.capitalize(), w.upper()}))
            for w in words
        ),
    )
    return Case(When(spelled, then=Value(0)), default=Value(1), output_field=IntegerField())


def search_units(
    query: str,
    within: OrgUnit | None = None,
    limit: int = 20,
    on: date | None = None,
    queryset=None,
) -> list[OrgUnit]:
    """Units whose code or name matches ``query``, typed with or without diacritics.

    Best first: exact code, then code prefix, then name prefix ("thuong lam"
    finds "Xã Thượng Lâm"), current units before historical ones, provinces
    before communes. These use the indexes on code and search name. If they
    find fewer than ``limit`` units, a second query looks for the words later
    in the name ("lam" also finds "Xã Thượng Lâm"); that one scans.
    ``within`` keeps the subtree of that unit; ``on`` keeps units in force that
    day; ``queryset`` narrows the candidates (e.g. to a user's scope).
    """
    condition = unit_search_filter(query)
    if condition is None or limit <= 0:
        return []
    candidates = queryset if queryset is not None else OrgUnit.objects.all()
    if within is not None:
        candidates = candidates.subtree(within)
    if on is not None:
        candidates = candidates.valid_on(on)

    text = search_name_for(query)
    code = query.strip().upper()
    ranked = candidates.annotate(
        spelling=spelling_rank(query),
        match_rank=Case(
            When(code__in=_padded_codes(code), then=Value(0)),
            When(code__startswith=code, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
    )
    found = list(_best_first(ranked.filter(condition))[:limit])
    if len(found) < limit:
        more = ranked.filter(search_name__contains=f" {text}").exclude(pk__in=[u.pk for u in found])
        found += list(_best_first(more)[: limit - len(found)])
    return found


def _best_first(queryset):
    return queryset.annotate(
        level_rank=Case(
            *(When(level=level, then=Value(rank)) for rank, level in enumerate(LEVEL_ORDER)),
            output_field=IntegerField(),
        ),
        historical=Case(
            When(valid_until__isnull=True, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
    ).order_by("match_rank", "spelling", "historical", "level_rank", "search_name", "code")


# --- History ------------------------------------------------------------------


def successors_on(unit: OrgUnit, on: date | None = None) -> list[OrgUnit]:
    """The units that carry ``unit`` on day ``on`` (default today).

    The unit itself if it is still in force; otherwise its successors, followed
    through later reforms until units in force that day are reached. One query
    per reform crossed. A split unit yields several (see ``Succession.partial``);
    a unit not yet in force that day, none.
    """
    day = on or timezone.localdate()
    result, frontier, seen = [], [unit], {unit.pk}
    while frontier:
        in_force = [u for u in frontier if u.is_valid_on(day)]
        result += in_force
        ended = [u.pk for u in frontier if not u.is_valid_on(day)]
        if not ended:
            break
        frontier = [
            u
            for u in OrgUnit.objects.filter(predecessors__in=ended).distinct().order_by("path")
            if u.pk not in seen
        ]
        seen.update(u.pk for u in frontier)
    return sorted(result, key=lambda u: u.path)


# --- Roles --------------------------------------------------------------------

# Page actions for communication officers: everything but bulk deletion.
_OFFICER_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")


def _media_permissions(*actions: str) -> tuple[str, ...]:
    """Image and document permissions, granted on the root collection."""
    return tuple(
        f"{app}.{action}_{model}"
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for action in actions
    )


# Officers add and choose images and documents; Wagtail lets each change or delete what
# they uploaded, so no unit can replace or delete the file of another unit's material.
_OFFICER_MEDIA_PERMISSIONS = _media_permissions("add", "choose")
_ADMINISTRATOR_MEDIA_PERMISSIONS = _media_permissions("add", "change", "choose", "delete")


_CRUD = ("add", "change", "delete", "view")


def _permissions(*labels: str) -> list[Permission]:
    """Permission objects for "app_label.codename" strings; all must exist."""
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in (label.split(".") for label in labels)
    ]


# Wagtail's migrations create these two groups; the admin names them in Vietnamese too.
WAGTAIL_DEFAULT_GROUPS = {"Editors": "Biên tập viên", "Moderators": "Người kiểm duyệt"}


def _role_group(role: Role) -> Group:
    """The role's group, renaming one still named by its code (as before December 2026)."""
    group = (
        Group.objects.filter(name=role.group_name).first()
        or Group.objects.filter(name=role.value).first()
        or Group(name=role.group_name)
    )
    group.name = role.group_name
    group.save()
    return group


@transaction.atomic
def setup_roles() -> dict[Role, Group]:
    """Create the four role groups and give each its permissions; safe to run again.

    Administrator: every permission, every page, every collection.
    Communication officer: the Wagtail admin, pages (add, edit, publish, lock,
    unlock) from the root down (changes to a page only in their subtree:
    ``places.page_ownership``), images and documents to add and choose (changing and
    deleting only their own uploads); reading org units
    and memberships; the venue registry, imports and review; plans, targets, unit
    facts, the media log and periodic reports. Reviewer: the Wagtail admin; reading
    units, venues, sessions, plans and reports; reviewing sessions. Volunteer:
    logging sessions on /log/, nothing in the admin.
    A group's model permissions and its permissions on the root collection are set to
    exactly these lists; page permissions are added, never removed.
    """
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    page_type = ContentType.objects.get_for_model(Page)
    all_page_permissions = list(
        Permission.objects.filter(content_type=page_type, codename__in=Page.permission_codenames)
    )
    officer_page_permissions = [
        p for p in all_page_permissions if p.codename.split("_")[0] in _OFFICER_PAGE_ACTIONS
    ]
    reading = (
        "wagtailadmin.access_admin",
        "places.view_orgunit",
        "places.view_membership",
        "places.view_venue",
        "places.view_populationbaseline",
        "events.view_session",
        "indicators.view_plan",
        "indicators.view_unityear",
        "indicators.view_report",
        "campaigns.view_mediaitem",
    )
    logging = ("events.add_session",)
    reviewing = ("events.review_session",)
    registry = (
        "places.add_venue",
        "places.change_venue",
        "places.add_populationbaseline",
        "places.change_populationbaseline",
        "events.import_session",
    )
    planning = (
        "indicators.add_plan",
        "indicators.change_plan",
        "indicators.add_unityear",
        "indicators.change_unityear",
        "indicators.add_report",
        "indicators.finalise_report",
        "campaigns.add_mediaitem",
        "campaigns.change_mediaitem",
        "campaigns.delete_mediaitem",  # a mistaken log entry must be removable
    )
    fanpage = (  # fanpage posts: planned, published, their figures
        "campaigns.add_fanpagepost",
        "campaigns.change_fanpagepost",
        "campaigns.view_fanpagepost",
    )
    # Contests: question banks and contests; a participant's data, to answer their requests.
    contesting = (
        *(f"contests.{a}_{m}" for m in ("questionbank", "question", "contest") for a in _CRUD),
        "contests.view_participant",
        "contests.delete_participant",
    )
    # Registers: pilot models, commendations, creative contests and entries, networks.
    keeping_registers = tuple(
        f"registers.{a}_{m}"
        for m in ("pilotmodel", "commendation", "creativecontest", "creativeentry", "networkmember")
        for a in _CRUD
    )
    grants = {
        # role: (model permissions, page permissions, collection permissions)
        Role.VOLUNTEER: (_permissions(*logging), [], []),
        Role.REVIEWER: (_permissions(*reading, *logging, *reviewing), [], []),
        Role.COMMUNICATION_OFFICER: (
            _permissions(
                *reading,
                *logging,
                *reviewing,
                *registry,
                *planning,
                *fanpage,
                *contesting,
                *keeping_registers,
            ),
            officer_page_permissions,
            _permissions(*_OFFICER_MEDIA_PERMISSIONS),
        ),
        Role.ADMINISTRATOR: (
            list(Permission.objects.all()),
            all_page_permissions,
            _permissions(*_ADMINISTRATOR_MEDIA_PERMISSIONS),
        ),
    }
    for english, vietnamese in WAGTAIL_DEFAULT_GROUPS.items():
        if not Group.objects.filter(name=vietnamese).exists():
            Group.objects.filter(name=english).update(name=vietnamese)
    # …and the workflow and task its migrations create, named after the moderators.
    from wagtail.models import Task, Workflow

    Workflow.objects.filter(name="Moderators approval").update(name="Người kiểm duyệt duyệt")
    Task.objects.filter(name="Moderators approval").update(name="Người kiểm duyệt duyệt")
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for role, (model_permissions, page_permissions, media_permissions) in grants.items():
        group = _role_group(role)
        group.permissions.set(model_permissions)
        for permission in page_permissions if root_page else ():
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission
            )
        if root_collection:
            GroupCollectionPermission.objects.filter(
                group=group, collection=root_collection
            ).exclude(permission__in=media_permissions).delete()
        for permission in media_permissions if root_collection else ():
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
        groups[role] = group
    return groups
