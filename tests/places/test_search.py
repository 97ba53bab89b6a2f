from datetime import date

import pytest

from common.text import search_name_for
from places.services import search_units
from tests.places.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_search_name_drops_diacritics_case_and_punctuation():
    assert search_name_for("Xã Thượng Lâm") == "xa thuong lam"
    assert search_name_for("Xã Đạ M'ri") == "xa da mri"
    assert search_name_for("Phường Phan Rang-Tháp Chàm") == "phuong phan rang thap cham"


def test_a_name_typed_without_diacritics_finds_the_unit(tree):
    assert search_units("thuong lam") == [tree.thuong_lam]


def test_a_name_typed_with_diacritics_or_in_capitals_finds_the_unit(tree):
    assert search_units("Thượng Lâm") == [tree.thuong_lam]
    assert search_units("THUONG LAM") == [tree.thuong_lam]


def test_the_start_of_a_name_is_enough(tree):
    assert search_units("thuong") == [tree.thuong_lam]


def test_a_later_word_of_the_name_also_finds_the_unit(tree):
    assert search_units("lam") == [tree.lam_binh, tree.thuong_lam]


def test_an_exact_code_finds_the_unit_even_without_its_leading_zero(tree):
    assert search_units("02269")[0] == tree.thuong_lam
    assert search_units("2269")[0] == tree.thuong_lam


def test_a_code_prefix_finds_every_unit_whose_code_starts_with_it(tree):
    assert set(search_units("022")) == {tree.thuong_lam, tree.lam_binh}


def test_search_within_a_province_leaves_out_other_provinces(tree):
    CommuneFactory(name="Xã Thượng Lâm", code="09999", parent=tree.lao_cai)
    assert search_units("thuong lam", within=tree.tuyen_quang) == [tree.thuong_lam]


def test_current_units_come_before_historical_ones(tree):
    old = CommuneFactory(
        name="Xã Thượng Lâm", parent=tree.tuyen_quang, valid_until=date(2025, 6, 30)
    )
    assert search_units("thuong lam") == [tree.thuong_lam, old]


def test_search_respects_the_limit(tree):
    assert len(search_units("xa", limit=2)) == 2


def test_an_empty_query_finds_nothing(tree):
    assert search_units("  ") == []
