"""The official lists of administrative units, read from the ``vietnam-provinces`` package.

Plain records, no database: ``places.services.load_admin_units`` writes them.
A unit is identified by its key (code, valid_until), because the statistics
office gives some new units the code of a unit they replaced.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from places.models import Level

COUNTRY_CODE = "VN"
COUNTRY_NAME = "Việt Nam"
# The two-level system took effect on 1 July 2025; the old units end the day before.
REFORM_DATE = date(2025, 7, 1)
LEGACY_UNTIL = REFORM_DATE - timedelta(days=1)

CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}

type UnitKey = tuple[str, date | None]


@dataclass(frozen=True)
class UnitRecord:
    level: str
    code: str
    name: str
    parent: UnitKey | None
    valid_from: date | None = None
    valid_until: date | None = None

    @property
    def key(self) -> UnitKey:
        return (self.code, self.valid_until)


@dataclass(frozen=True)
class SuccessionRecord:
    predecessor: UnitKey
    successor: UnitKey
    partial: bool


def official_code(level: str, number: int) -> str:
    """The statistics office's zero-padded code, e.g. commune 2269 → "02269"."""
    return f"{int(number):0{CODE_WIDTH[level]}d}"


def country() -> UnitRecord:
    return UnitRecord(Level.COUNTRY, COUNTRY_CODE, COUNTRY_NAME, parent=None)


def current_units() -> tuple[list[UnitRecord], list[UnitRecord]]:
    """The units in force since 1 July 2025: (provinces, communes), parents first."""
    from vietnam_provinces import Province, Ward

    root = country().key
    provinces = [
        UnitRecord(
            Level.PROVINCE,
            official_code(Level.PROVINCE, p.code),
            p.name,
            parent=root,
            valid_from=REFORM_DATE,
        )
        for p in sorted(Province.iter_all(), key=lambda p: int(p.code))
    ]
    communes = [
        UnitRecord(
            Level.COMMUNE,
            official_code(Level.COMMUNE, w.code),
            w.name,
            parent=(official_code(Level.PROVINCE, w.province_code), None),
            valid_from=REFORM_DATE,
        )
        for w in sorted(Ward.iter_all(), key=lambda w: int(w.code))
    ]
    return provinces, communes


@dataclass
class LegacyUnits:
    provinces: list[UnitRecord]
    districts: list[UnitRecord]
    communes: list[UnitRecord]
    successions: list[SuccessionRecord]


def legacy_units() -> LegacyUnits:
    """The units abolished on 1 July 2025, with their successors.

    Old communes succeed to the new communes of the official conversion table.
    An old province succeeds to the new provinces its communes went to, and
    sits in the tree under the one that received most of them. That is derived
    from the communes rather than read from the package's province table,
    which disagrees with its own legacy tree for one commune (27691).
    Districts have no successors: they were abolished, not merged.
    """
    from vietnam_provinces import _ward_conversion_2025 as ward_conversion
    from vietnam_provinces.legacy import District, Province, Ward

    def key(level, number):
        return (official_code(level, number), LEGACY_UNTIL)

    province_of_district = {int(d.code): int(d.province_code) for d in District.iter_all()}
    wards = sorted(Ward.iter_all(), key=lambda w: int(w.code))

    successions = []
    new_provinces_of = defaultdict(Counter)
    for ward in wards:
        entry = ward_conversion.OLD_TO_NEW.get(int(ward.code))
        if entry is None:
            continue
        old_province = province_of_district[int(ward.district_code)]
        partial = entry.old_ward.is_partly_merged or len(entry.new_wards) > 1
        for new_ward in entry.new_wards:
            successions.append(
                SuccessionRecord(
                    key(Level.COMMUNE, ward.code),
                    (official_code(Level.COMMUNE, new_ward.code), None),
                    partial,
                )
            )
            new_provinces_of[old_province][new_ward.province_code] += 1

    root = country().key
    provinces = []
    for p in sorted(Province.iter_all(), key=lambda p: int(p.code)):
        received = new_provinces_of[int(p.code)]
        parent = root
        if received:
            parent = (official_code(Level.PROVINCE, received.most_common(1)[0][0]), None)
            for new_code in sorted(received):
                successions.append(
                    SuccessionRecord(
                        key(Level.PROVINCE, p.code),
                        (official_code(Level.PROVINCE, new_code), None),
                        partial=len(received) > 1,
                    )
                )
        provinces.append(
            UnitRecord(
                Level.PROVINCE,
                official_code(Level.PROVINCE, p.code),
                p.name,
                parent=parent,
                valid_until=LEGACY_UNTIL,
            )
        )
    districts = [
        UnitRecord(
            Level.DISTRICT,
            official_code(Level.DISTRICT, d.code),
            d.name,
            parent=key(Level.PROVINCE, d.province_code),
            valid_until=LEGACY_UNTIL,
        )
        for d in sorted(District.iter_all(), key=lambda d: int(d.code))
    ]
    communes = [
        UnitRecord(
            Level.COMMUNE,
            official_code(Level.COMMUNE, w.code),
            w.name,
            parent=key(Level.DISTRICT, w.district_code),
            valid_until=LEGACY_UNTIL,
        )
        for w in wards
    ]
    return LegacyUnits(provinces, districts, communes, successions)
