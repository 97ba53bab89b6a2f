"""The official list, loaded once for this module (with the legacy units) and rolled back after."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from places.models import Level, OrgUnit
from places.services import load_admin_units, search_units, successors_on

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def official_list(django_db_setup, django_db_blocker):
    """The command's output. Each test runs in a savepoint inside this module's transaction,
    which is rolled back at the end, so nothing is ever committed."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = StringIO()
        call_command("load_admin_units", "--with-legacy", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


def current(level):
    return OrgUnit.objects.filter(level=level, valid_until__isnull=True)


def test_loading_gives_34_provinces_and_3321_communes_under_the_country(official_list):
    assert current(Level.PROVINCE).count() == 34
    assert current(Level.COMMUNE).count() == 3321
    country = OrgUnit.objects.get(code="VN")
    assert country.name == "Việt Nam"
    assert OrgUnit.objects.communes_under(country, on=date(2026, 1, 1)).count() == 3321
    assert "Provinces: 34, communes: 3321" in official_list


def test_codes_are_zero_padded_in_the_statistics_office_format(official_list):
    thuong_lam = current(Level.COMMUNE).get(name="Xã Thượng Lâm")
    assert thuong_lam.code == "02269"
    assert thuong_lam.parent.code == "08"
    assert thuong_lam.search_name == "xa thuong lam"


def test_a_second_run_changes_nothing(official_list):
    again = load_admin_units(with_legacy=True)
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == OrgUnit.objects.count()
    assert (again.successions_created, again.successions_updated) == (0, 0)
    assert again.successions_deleted == 0


def test_a_run_without_legacy_after_one_with_it_changes_nothing(official_list):
    again = load_admin_units()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1 + 34 + 3321)


def test_old_provinces_sit_under_the_province_that_absorbed_them(official_list):
    ha_giang = OrgUnit.objects.get(level=Level.PROVINCE, code="02")
    assert ha_giang.valid_until == date(2025, 6, 30)
    assert ha_giang.parent == current(Level.PROVINCE).get(code="08")
    assert list(ha_giang.successors.all()) == [ha_giang.parent]


def test_an_old_commune_rolls_up_to_its_new_commune_and_province(official_list):
    old = OrgUnit.objects.get(code="10447", valid_until=date(2025, 6, 30))  # Xã Thượng Lâm, Mỹ Đức
    new = successors_on(old)
    assert [u.name for u in new] == ["Xã Phúc Sơn"]
    assert old.is_within(new[0].parent)


def test_search_without_diacritics_finds_the_official_unit(official_list):
    found = search_units("thuong lam", on=date(2026, 1, 1))
    assert [(u.name, u.code) for u in found] == [("Xã Thượng Lâm", "02269")]
