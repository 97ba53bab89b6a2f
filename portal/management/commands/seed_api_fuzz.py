"""Seed a database for the API fuzz run (tests/api_fuzz/run.sh): tokens, venues, a contest.

Creates, idempotently, a small tree (Việt Nam → Tỉnh Tuyên Quang → two communes),
a volunteer and a reviewer with fresh API tokens, two venues with population
figures, one submitted session to review, and the demo contest with an open
round. Writes what the fuzzer needs (tokens, codes, ids) as JSON to --output:
the tokens exist nowhere else. For a throw-away database only.
"""

import datetime
import json
import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import APIToken

from common.text import search_name_for
from contests.demo import load_demo_contest
from contests.models import Contest
from events import services
from events.checks import SessionInput
from places.models import Level, Membership, OrgUnit, PopulationBaseline, Role, Venue, VenueKind
from places.services import path_for, setup_roles
from places.tokens import create_token
from portal.demo import load_home_pages

PROVINCE = ("08", "Tỉnh Tuyên Quang")
COMMUNES = [("02269", "Xã Thượng Lâm"), ("02266", "Xã Lâm Bình")]
VENUES = [
    ("THPT-LB", "Trường THPT Lâm Bình", "02269", 900),  # the code of the API's examples
    ("KCN-TL", "Khu công nghiệp Thượng Lâm", "02266", 2500),
]
VOLUNTEER, REVIEWER = "fuzz_volunteer", "fuzz_reviewer"


def _unit(level, code, name, parent):
    unit, _created = OrgUnit.objects.get_or_create(
        code=code,
        level=level,
        valid_until=None,
        defaults={
            "name": name,
            "search_name": search_name_for(name),
            "parent": parent,
            "path": path_for(parent, code, None),
        },
    )
    return unit


def _person(username, unit, role, groups):
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org"}
    )
    Membership.objects.get_or_create(user=user, defaults={"home_unit": unit})
    user.groups.add(groups[role])
    APIToken.objects.filter(user=user).delete()
    return user


class Command(BaseCommand):
    help = "Seed a throw-away database for the API fuzz run and write its tokens and codes."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="JSON file for tokens and codes")

    @transaction.atomic
    def handle(self, *args, output, **options):
        groups = setup_roles()
        country = _unit(Level.COUNTRY, "VN", "Việt Nam", None)
        province = _unit(Level.PROVINCE, *PROVINCE, country)
        communes = {code: _unit(Level.COMMUNE, code, name, province) for code, name in COMMUNES}
        year = timezone.localdate().year
        venues = []
        for code, name, commune, total in VENUES:
            venue, _created = Venue.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "search_name": search_name_for(name),
                    "kind": VenueKind.HIGH_SCHOOL,
                    "org_unit": communes[commune],
                },
            )
            for baseline_year in (year - 1, year):
                PopulationBaseline.objects.get_or_create(
                    venue=venue, year=baseline_year, defaults={"total": total}
                )
            venues.append(venue)
        volunteer = _person(VOLUNTEER, communes[COMMUNES[0][0]], Role.VOLUNTEER, groups)
        reviewer = _person(REVIEWER, province, Role.REVIEWER, groups)
        session, _created = services.record_session(
            volunteer,
            SessionInput(
                date=timezone.localdate() - datetime.timedelta(days=1),
                venue=venues[0],
                form="talk",
                audience="students",
                participants=40,
                organizer="youth_union",
            ),
            client_id=uuid.UUID("00000000-0000-4000-8000-00000000f022"),
        )
        home, _created = load_home_pages()
        load_demo_contest(home)
        contest = Contest.objects.order_by("pk").first()
        if contest is None:
            raise CommandError("The demo contest was not created.")
        seeded = {
            "volunteer_token": create_token(volunteer, "fuzz")[1],
            "reviewer_token": create_token(reviewer, "fuzz")[1],
            "venue_codes": [venue.code for venue in venues],
            "commune_codes": list(communes),
            "province_code": province.code,
            "session_ids": [session.pk],
            "contest_ids": [contest.pk],
        }
        Path(output).write_text(json.dumps(seeded, indent=2), encoding="utf-8")
        self.stdout.write(f"Seeded the fuzz database; tokens and codes in {output}.")
