from datetime import date

import pytest

from places.services import successors_on
from tests.places.factories import CommuneFactory, SuccessionFactory

pytestmark = pytest.mark.django_db

LAST_OLD_DAY = date(2025, 6, 30)


def test_an_abolished_commune_rolls_up_to_its_successor(tree):
    old = CommuneFactory(name="Xã Yên Phong", parent=tree.tuyen_quang, valid_until=LAST_OLD_DAY)
    SuccessionFactory(predecessor=old, successor=tree.thuong_lam)
    assert successors_on(old) == [tree.thuong_lam]


def test_a_split_commune_rolls_up_to_each_of_its_successors(tree):
    old = CommuneFactory(parent=tree.tuyen_quang, valid_until=LAST_OLD_DAY)
    SuccessionFactory(predecessor=old, successor=tree.thuong_lam, partial=True)
    SuccessionFactory(predecessor=old, successor=tree.lam_binh, partial=True)
    assert set(successors_on(old)) == {tree.thuong_lam, tree.lam_binh}


def test_successions_are_followed_across_several_reforms(tree):
    oldest = CommuneFactory(parent=tree.tuyen_quang, valid_until=date(2019, 12, 31))
    old = CommuneFactory(parent=tree.tuyen_quang, valid_until=LAST_OLD_DAY)
    SuccessionFactory(predecessor=oldest, successor=old)
    SuccessionFactory(predecessor=old, successor=tree.thuong_lam)
    assert successors_on(oldest) == [tree.thuong_lam]
    assert successors_on(oldest, on=date(2023, 1, 1)) == [old]


def test_a_unit_still_in_force_is_its_own_successor(tree):
    assert successors_on(tree.thuong_lam) == [tree.thuong_lam]
