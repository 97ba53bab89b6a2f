from datetime import date

import pytest

from places.models import OrgUnit
from tests.places.factories import CommuneFactory, DistrictFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

REFORM = date(2025, 7, 1)
LAST_OLD_DAY = date(2025, 6, 30)


@pytest.fixture
def province_with_history(tree):
    """Tuyên Quang today, and old Hà Giang (a district and commune) absorbed into it."""
    old_province = ProvinceFactory(
        code="02", name="Tỉnh Hà Giang", parent=tree.tuyen_quang, valid_until=LAST_OLD_DAY
    )
    old_district = DistrictFactory(
        code="024", name="Huyện Bắc Mê", parent=old_province, valid_until=LAST_OLD_DAY
    )
    old_commune = CommuneFactory(
        code="00700", name="Xã Yên Phong", parent=old_district, valid_until=LAST_OLD_DAY
    )
    return tree.tuyen_quang, old_commune


def test_communes_under_a_province_is_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        communes = list(OrgUnit.objects.communes_under(tree.tuyen_quang))
    assert {c.name for c in communes} == {"Xã Thượng Lâm", "Xã Lâm Bình"}


def test_communes_under_a_province_include_old_communes_of_absorbed_provinces(
    province_with_history,
):
    province, old_commune = province_with_history
    assert old_commune in OrgUnit.objects.communes_under(province)


def test_communes_under_on_a_date_keep_only_the_communes_in_force_that_day(
    tree, province_with_history
):
    province, old_commune = province_with_history
    tree.thuong_lam.valid_from = REFORM
    tree.thuong_lam.save()
    in_2023 = set(OrgUnit.objects.communes_under(province, on=date(2023, 5, 1)))
    assert old_commune in in_2023
    assert tree.thuong_lam not in in_2023


def test_communes_under_a_commune_is_the_commune_itself(tree):
    assert list(OrgUnit.objects.communes_under(tree.thuong_lam)) == [tree.thuong_lam]


def test_descendants_exclude_the_unit_itself_and_other_provinces(tree):
    descendants = set(tree.tuyen_quang.descendants())
    assert descendants == {tree.thuong_lam, tree.lam_binh}


def test_a_commune_is_within_its_province_and_the_country_but_not_another_province(tree):
    assert tree.thuong_lam.is_within(tree.tuyen_quang)
    assert tree.thuong_lam.is_within(tree.country)
    assert tree.thuong_lam.is_within(tree.thuong_lam)
    assert not tree.thuong_lam.is_within(tree.lao_cai)


def test_a_province_code_prefix_does_not_capture_a_province_with_a_longer_code(tree):
    # "VN/08/" must not match a unit whose path starts "VN/080/".
    stranger = ProvinceFactory(code="080", parent=tree.country)
    assert not stranger.is_within(tree.tuyen_quang)
    assert stranger not in tree.tuyen_quang.descendants()


def test_ancestors_run_from_the_country_down(province_with_history):
    _province, old_commune = province_with_history
    names = [u.name for u in old_commune.ancestors()]
    assert names == ["Việt Nam", "Tỉnh Tuyên Quang", "Tỉnh Hà Giang", "Huyện Bắc Mê"]


def test_a_new_unit_may_reuse_the_code_of_the_unit_it_replaced(tree):
    old = CommuneFactory(code="02269", parent=tree.tuyen_quang, valid_until=LAST_OLD_DAY)
    assert OrgUnit.objects.filter(code="02269").count() == 2
    assert old.path != tree.thuong_lam.path
