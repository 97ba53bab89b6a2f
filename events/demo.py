"""A demo volunteer and the venues of her commune, so that a first run can log a session
on /log/ at once: the venue search finds schools, a village and an industrial zone there.

The volunteer belongs to Xã Thượng Lâm (Tuyên Quang, code 02269) when the official units
are loaded, else to the first commune of the demo province (or of any province); without
communes nothing is made. Her password is generated once and kept in
``$VAR_DIR/volunteer-login.txt``. A second run changes nothing.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from common.text import search_name_for
from places.models import Level, Membership, OrgUnit, PopulationBaseline, Role, Venue, VenueKind

DEMO_COMMUNE_CODE = "02269"
DEMO_PROVINCE_CODE = "08"
USERNAME = "tnv_demo"
# Family and middle names, then the given name: shown "Vàng Thị Mai".
NAME = {"last_name": "Vàng Thị", "first_name": "Mai"}

# (code suffix, kind, name, people this year)
VENUES = (
    ("THCS", VenueKind.LOWER_SECONDARY, "Trường THCS {commune}", 420),
    ("THPT", VenueKind.HIGH_SCHOOL, "Trường THPT {commune}", 610),
    ("PTDTNT", VenueKind.BOARDING_SCHOOL, "Trường PT dân tộc nội trú {commune}", 280),
    ("THON1", VenueKind.VILLAGE, "Thôn Nà Khà, {commune}", 350),
    ("THON2", VenueKind.VILLAGE, "Thôn Khuôn Củng, {commune}", 290),
    ("KCN", VenueKind.INDUSTRIAL_ZONE, "Cụm công nghiệp {commune}", 900),
)


def demo_commune():
    communes = OrgUnit.objects.filter(level=Level.COMMUNE, valid_until__isnull=True)
    return (
        communes.filter(code=DEMO_COMMUNE_CODE).first()
        or communes.filter(parent__code=DEMO_PROVINCE_CODE).order_by("code").first()
        or communes.order_by("code").first()
    )


def _short(name):
    return name.removeprefix("Xã ").removeprefix("Phường ").removeprefix("Đặc khu ")


@transaction.atomic
def load_demo_volunteer(today=None):
    """Create the demo volunteer and her commune's venues if missing.

    Returns (user or None, what was created as a list of names).
    """
    commune = demo_commune()
    if commune is None:
        return None, []
    year = (today or datetime.date.today()).year
    created = []
    for suffix, kind, name, people in VENUES:
        code = f"DEMO-{commune.code}-{suffix}"
        venue = Venue.objects.filter(code=code).first()
        if venue is None:
            venue = Venue(code=code, kind=kind, name=name.format(commune=_short(commune.name)))
            venue.search_name = search_name_for(venue.name)
            venue.org_unit = commune
            venue.save()
            created.append(venue.name)
        PopulationBaseline.objects.get_or_create(
            venue=venue, year=year, defaults={"total": people, "source": "Số liệu demo"}
        )
    user = get_user_model().objects.filter(username=USERNAME).first()
    if user is None:
        user = get_user_model().objects.create_user(USERNAME, password=_password(), **NAME)
        created.append(USERNAME)
    Membership.objects.get_or_create(user=user, defaults={"home_unit": commune})
    group = Group.objects.filter(name=Role.VOLUNTEER.group_name).first()
    if group is not None:
        user.groups.add(group)
    return user, created


def _password():
    login_file = settings.VAR_DIR / "volunteer-login.txt"
    password = secrets.token_urlsafe(12)
    login_file.parent.mkdir(parents=True, exist_ok=True)
    login_file.write_text(f"{USERNAME}\n{password}\n")
    login_file.chmod(0o600)
    return password


def login_line():
    """What `make run` prints: where and how the demo volunteer logs in."""
    login_file = settings.VAR_DIR / "volunteer-login.txt"
    if not login_file.exists():
        return ""
    username, password = login_file.read_text().split("\n")[:2]
    base_url = settings.BASE_URL
    return f"Volunteer: {base_url}/vi/log/  user: {username}  password: {password}"
