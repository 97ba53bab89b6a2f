"""Weight of the volunteer's /log/ pages on the wire, against the 50 KB budget for slow 3G.

A volunteer's phone loads the logging form (the app shell the service worker keeps
for offline use) and the list of their records. For each, this counts the HTML and
every same-origin stylesheet and script it references, plus the service worker
script the page registers, each gzip-compressed as it would travel: static files at
whitenoise's level 9, the HTML and the worker (rendered by Django) at the level-6
default of a reverse proxy. Icons and the manifest are fetched once, at install,
and are not counted.

Runs on its own throwaway PostgreSQL database (bench/support.py) with production
settings (DEBUG off), with
a commune, 40 venues (the plain venue list in the form shows them all), a volunteer
and 25 of their records (a full first page of the list):

    .tools/bin/uv run python bench/bench_log_page.py

The last line printed is the figure for the heavier page. BENCH_SHOW_HTML=1 prints the HTML.
"""

import io
import os
import re
import tempfile
from datetime import date, timedelta
from pathlib import Path

from support import (
    KB,
    AssetLinks,
    configure_environment,
    gzip_size,
    migrated_database,
    parser,
    static_file,
)

BUDGET_KB = 50
VENUES = 40
RECORDS = 25


def make_volunteer():
    """A commune with venues and a volunteer who has logged a page's worth of sessions."""
    from common.text import search_name_for
    from events.models import Session, Status
    from places.models import Level, Membership, OrgUnit, PopulationBaseline, Role, Venue
    from places.services import path_for, setup_roles

    groups = setup_roles()
    country = OrgUnit.objects.create(
        level=Level.COUNTRY, code="VN", name="Việt Nam", search_name="viet nam", path="VN/"
    )
    province = OrgUnit.objects.create(
        level=Level.PROVINCE,
        code="08",
        name="Tỉnh Tuyên Quang",
        search_name=search_name_for("Tỉnh Tuyên Quang"),
        parent=country,
        path=path_for(country, "08"),
    )
    commune = OrgUnit.objects.create(
        level=Level.COMMUNE,
        code="02269",
        name="Xã Thượng Lâm",
        search_name=search_name_for("Xã Thượng Lâm"),
        parent=province,
        path=path_for(province, "02269"),
    )
    kinds = ["high_school", "lower_secondary", "village", "industrial_zone", "establishment"]
    venues = []
    for number in range(VENUES):
        kind = kinds[number % len(kinds)]
        name = (
            f"Thôn Bản Lâm số {number}" if kind == "village" else f"Trường THCS Lâm Bình {number}"
        )
        venues.append(
            Venue.objects.create(
                code=f"TL-{number:03d}",
                name=name,
                search_name=search_name_for(name),
                kind=kind,
                establishment_type="karaoke" if kind == "establishment" else "",
                org_unit=commune,
            )
        )
        PopulationBaseline.objects.create(venue=venues[-1], year=2025, total=400 + number)

    from django.contrib.auth import get_user_model

    volunteer = get_user_model().objects.create_user("tnv_thuonglam", first_name="Lan")
    volunteer.groups.add(groups[Role.VOLUNTEER])
    Membership.objects.create(user=volunteer, home_unit=commune)
    statuses = [Status.SUBMITTED, Status.APPROVED, Status.DRAFT, Status.RETURNED]
    for number in range(RECORDS):
        status = statuses[number % len(statuses)]
        Session.objects.create(
            date=date(2025, 3, 1) + timedelta(days=number),
            venue=venues[number % VENUES],
            org_unit=commune,
            form="talk",
            audience="students",
            cohort=f"10A{number % 6 + 1}",
            participants=40,
            female=21,
            under_18=40,
            languages=["vi"],
            organizer="youth_union",
            status=status,
            return_reason="Thiếu danh sách lớp" if status == Status.RETURNED else "",
            created_by=volunteer,
        )
    return volunteer


def weigh(client, url, worker_url):
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    html = response.content
    text = html.decode(response.charset or "utf-8")
    if os.environ.get("BENCH_SHOW_HTML"):
        print(text)
    links = AssetLinks()
    links.feed(text)
    sizes = {"HTML": gzip_size(html, 6), "CSS": 0, "JS": 0}
    for kind, urls in (("CSS", links.css), ("JS", links.js)):
        for asset in dict.fromkeys(urls):
            data = static_file(asset)
            if data is None:
                raise SystemExit(f"{url} references another host: {asset}")
            sizes[kind] += gzip_size(data, 9)
    worker = client.get(worker_url)
    sizes["JS"] += gzip_size(worker.content, 6)
    return sizes


def describe(label, sizes):
    total = sum(sizes.values())
    parts = " + ".join(f"{kind} {size / KB:.1f}" for kind, size in sizes.items())
    return (
        f"{label}: {total / KB:.1f} KB transferred ({parts}), "
        f"{total / (BUDGET_KB * KB):.2f} of the {BUDGET_KB} KB budget"
    )


def measure():
    import django
    from django.core.management import call_command
    from django.test import Client, override_settings

    django.setup()
    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("compile_catalogs", **quiet)
    call_command("migrate", "--noinput", **quiet)
    volunteer = make_volunteer()

    plain = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain):
        client = Client()
        client.force_login(volunteer)
        pages = {
            "form /vi/log/new/": weigh(client, "/vi/log/new/", "/vi/log/sw.js"),
            "list /vi/log/": weigh(client, "/vi/log/", "/vi/log/sw.js"),
        }
        options = len(re.findall(r"<option ", client.get("/vi/log/new/").content.decode()))
    print(f"{VENUES} venues, {RECORDS} records, {options} options in the form's lists")
    for label, sizes in pages.items():
        print(describe(label, sizes))
    heaviest = max(pages, key=lambda label: sum(pages[label].values()))
    print(f"heaviest: {heaviest}")
    print(describe("/log/ page", pages[heaviest]))


def main():
    # --smoke: the page weight is already a small run; the flag keeps `make bench-smoke` uniform.
    args = parser(__doc__).parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bench-log-") as workdir,
        migrated_database(args.postgres, "bench_log") as database,
    ):
        configure_environment(Path(workdir), database)
        measure()


if __name__ == "__main__":
    main()
