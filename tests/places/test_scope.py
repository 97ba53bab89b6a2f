import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from places import scope
from places.models import Membership, OrgUnit, Role
from tests.places.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def memberships(tree):
    """One volunteer placed in each province's communes."""
    return {
        "tuyen_quang": MembershipFactory(home_unit=tree.thuong_lam),
        "lao_cai": MembershipFactory(home_unit=tree.sa_pa),
    }


def test_a_province_user_sees_their_province_subtree_only(tree, member):
    officer = member(tree.tuyen_quang, Role.ADMINISTRATOR)
    visible = set(scope.units_visible_to(officer))
    assert visible == {tree.tuyen_quang, tree.thuong_lam, tree.lam_binh}


def test_a_commune_user_sees_their_commune_only(tree, member):
    volunteer = member(tree.thuong_lam, Role.VOLUNTEER)
    assert list(scope.units_visible_to(volunteer)) == [tree.thuong_lam]


def test_a_user_of_one_province_cannot_read_another_provinces_objects(tree, member, memberships):
    officer = member(tree.tuyen_quang, Role.ADMINISTRATOR)
    readable = scope.scope_queryset(officer, Membership.objects.all())
    assert memberships["lao_cai"] not in readable
    assert memberships["tuyen_quang"] in readable
    assert not scope.can_see(officer, memberships["lao_cai"])
    assert not scope.can_see(officer, tree.sa_pa)


def test_a_user_of_one_province_cannot_change_another_provinces_objects(tree, member, memberships):
    officer = member(tree.tuyen_quang, Role.ADMINISTRATOR)
    assert officer.has_perm("places.change_membership")
    assert scope.can_change(officer, memberships["tuyen_quang"])
    assert not scope.can_change(officer, memberships["lao_cai"])
    with pytest.raises(PermissionDenied):
        scope.require_scope(officer, tree.sa_pa)


def test_seeing_an_object_is_not_enough_to_change_it_without_the_roles_permission(
    tree, member, memberships
):
    reviewer = member(tree.tuyen_quang, Role.REVIEWER)
    assert scope.can_see(reviewer, memberships["tuyen_quang"])
    assert not scope.can_change(reviewer, memberships["tuyen_quang"])


def test_a_user_without_a_home_unit_sees_nothing(tree, memberships):
    stranger = UserFactory()
    assert not scope.units_visible_to(stranger).exists()
    assert not scope.scope_queryset(stranger, Membership.objects.all()).exists()
    assert not scope.can_see(stranger, tree.thuong_lam)
    with pytest.raises(PermissionDenied):
        scope.require_scope(stranger, tree.thuong_lam)


def test_an_anonymous_or_inactive_user_sees_nothing(tree, member):
    inactive = member(tree.country, is_active=False)
    assert not scope.units_visible_to(AnonymousUser()).exists()
    assert not scope.units_visible_to(inactive).exists()


def test_a_superuser_sees_everything_without_a_home_unit(tree, memberships):
    admin = UserFactory(is_superuser=True)
    assert scope.units_visible_to(admin).count() == OrgUnit.objects.count()
    assert scope.scope_queryset(admin, Membership.objects.all()).count() == 2
    scope.require_scope(admin, tree.sa_pa)


def test_a_scoped_queryset_is_one_query_once_the_home_unit_is_known(
    tree, member, memberships, django_assert_num_queries
):
    officer = member(tree.tuyen_quang, Role.ADMINISTRATOR)
    scope.home_unit(officer)
    with django_assert_num_queries(1):
        list(scope.scope_queryset(officer, Membership.objects.select_related("home_unit")))
