"""Units and venues typed with or without marks: the same ones found, those spelled as typed
first. Covers the admin's unit and venue search, the log's venue search and a contest's
school and commune lookup, which all use places.services."""

import unicodedata

import pytest
from django.urls import reverse

from contests.forms import EntryForm
from places.models import Venue
from places.services import search_units, venue_search_filter
from tests.events.factories import VenueFactory
from tests.places.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def nfd(text):
    return unicodedata.normalize("NFD", text)


UNIT_PAIRS = [
    ("Thượng Lâm", "thuong lam"),
    ("THƯỢNG LÂM", "Thuong Lam"),
    (nfd("Thượng Lâm"), "thuong lam"),
    ("Lâm Bình", "lam binh"),
    ("Bắc Hà", "BAC HA"),
    ("Đạ M'ri", "da mri"),
    ("Xã Đạ M'ri", "xa da m'ri"),
    (nfd("Đạ M'ri"), "da mri"),
    ("Phường Sa Pa", "phuong sa pa"),
    ("Tuyên Quang", "tuyen quang"),
]

VENUE_PAIRS = [
    ("Trường THPT Lâm Bình", "truong thpt lam binh"),
    ("lâm bình", "LAM BINH"),
    ("Trường Phổ thông Dân tộc Nội trú", "truong pho thong dan toc noi tru"),
    (nfd("Dân tộc Nội trú"), "dan toc noi tru"),
    ("Khu công nghiệp Đình Vũ", "khu cong nghiep dinh vu"),
    ("đình vũ", "dinh vu"),
    ("Nhà văn hoá thôn Bản Lướt", "nha van hoa thon ban luot"),
    ("Bản Lướt", "ban luot"),
]


@pytest.fixture
def places(tree):
    da_mri = CommuneFactory(code="20500", name="Xã Đạ M'ri", parent=tree.lao_cai)
    VenueFactory(name="Trường THPT Lâm Bình", org_unit=tree.lam_binh)
    VenueFactory(name="Trường Phổ thông Dân tộc Nội trú Sa Pa", org_unit=tree.sa_pa)
    VenueFactory(name="Khu công nghiệp Đình Vũ", org_unit=tree.bac_ha, kind="industrial_zone")
    VenueFactory(name="Nhà văn hoá thôn Bản Lướt", org_unit=da_mri, kind="village")
    return tree


@pytest.mark.parametrize(("marked", "typed"), UNIT_PAIRS)
def test_a_unit_typed_with_or_without_marks_finds_the_same_units(places, marked, typed):
    found = search_units(marked)
    assert found
    assert search_units(typed) == found


@pytest.mark.parametrize(("marked", "typed"), VENUE_PAIRS)
def test_a_venue_typed_with_or_without_marks_finds_the_same_venues(places, marked, typed):
    found = set(Venue.objects.filter(venue_search_filter(marked)))
    assert found
    assert set(Venue.objects.filter(venue_search_filter(typed))) == found


def test_the_unit_spelled_as_typed_comes_first(places):
    thuong_lam = CommuneFactory(code="02270", name="Xã Thương Lam", parent=places.tuyen_quang)
    assert search_units("thương lam")[:2] == [thuong_lam, places.thuong_lam]
    assert search_units("Thượng Lâm")[:2] == [places.thuong_lam, thuong_lam]
    assert search_units(nfd("thượng lâm"))[0] == places.thuong_lam


def test_the_contest_school_lookup_finds_schools_typed_without_marks_spelled_ones_first(places):
    lam = VenueFactory(name="Trường THCS Lam Bình", org_unit=places.lam_binh)
    form = EntryForm(data={"school_or_workplace": "lam binh", "commune_name": "da mri"})
    form.find_places()
    assert {venue.name for venue in form.venue_matches} == {"Trường THPT Lâm Bình", lam.name}
    assert [unit.name for unit in form.commune_matches] == ["Xã Đạ M'ri"]

    form = EntryForm(data={"school_or_workplace": "Lâm Bình", "commune_name": "ĐẠ M'RI"})
    form.find_places()
    assert [venue.name for venue in form.venue_matches] == ["Trường THPT Lâm Bình", lam.name]
    assert [unit.name for unit in form.commune_matches] == ["Xã Đạ M'ri"]


def test_the_log_venue_search_lists_the_venue_spelled_as_typed_first(client, places, member):
    VenueFactory(name="Trường THCS Lam Bình", org_unit=places.lam_binh)
    client.force_login(member(places.lam_binh, "volunteer"))
    found = client.get(reverse("log:venues"), {"q": "lâm bình"}).json()["venues"]
    assert [venue["name"] for venue in found] == ["Trường THPT Lâm Bình", "Trường THCS Lam Bình"]
    found = client.get(reverse("log:venues"), {"q": "lam binh"}).json()["venues"]
    assert {venue["name"] for venue in found} == {"Trường THPT Lâm Bình", "Trường THCS Lam Bình"}
