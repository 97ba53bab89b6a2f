"""Which body issues and receives a report, by the period it covers.

The programme's standing agency was the labour sector (Bộ / Sở / Phòng Lao động –
Thương binh và Xã hội) until the 2025 reorganisation merged the labour ministry away;
since then prostitution prevention sits with the health sector (Bộ Y tế, the provincial
Sở Y tế as the standing agency). A report prints the body of its period; the header form
offers the current bodies beside the historical ones.
"""

import datetime

from django.utils.translation import gettext as _

from places.models import Level

# The first day the health sector held the task (the ministries' merger took effect).
HEALTH_SECTOR_FROM = datetime.date(2025, 3, 1)


def _province(unit):
    if unit.level == Level.PROVINCE:
        return unit
    return next((a for a in unit.ancestors() if a.level == Level.PROVINCE), None)


def standing_agency(unit, day) -> str:
    """The standing agency of the programme for ``unit`` on ``day`` (upper case, one or two
    lines), or "" where there is none (communes, whose People's Committee reports)."""
    health = day >= HEALTH_SECTOR_FROM
    if unit.level == Level.COUNTRY:
        return _("BỘ Y TẾ") if health else _("BỘ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI")
    if unit.level == Level.DISTRICT:
        return _("PHÒNG LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI") + "\n" + unit.name.upper()
    province = _province(unit)
    if unit.level == Level.PROVINCE and province is not None:
        body = _("SỞ Y TẾ") if health else _("SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI")
        return body + "\n" + province.name.upper()
    return ""


def central_agency(day) -> str:
    """The central body a province reports to, as the recipients list names it."""
    if day >= HEALTH_SECTOR_FROM:
        return _("Bộ Y tế (cơ quan thường trực phòng, chống mại dâm)")
    return _("Bộ Lao động – Thương binh và Xã hội")


def issuer_options(unit, period=None) -> list[tuple[str, str]]:
    """(label, issuer text) the header form offers: the People's Committee, and the standing
    agency before and after the reorganisation."""
    options = []
    if unit.level != Level.COUNTRY:
        options.append((_("Ủy ban nhân dân"), _("ỦY BAN NHÂN DÂN") + "\n" + unit.name.upper()))
    before = HEALTH_SECTOR_FROM - datetime.timedelta(days=1)
    historical = standing_agency(unit, before)
    current = standing_agency(unit, HEALTH_SECTOR_FROM)
    if current and current != historical:
        options.append((_("Cơ quan thường trực từ 01/3/2025 (ngành Y tế)"), current))
    if historical:
        options.append((_("Cơ quan thường trực đến 28/02/2025 (ngành Lao động)"), historical))
    return options
