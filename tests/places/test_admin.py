import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from places.models import Membership, Role
from tests.admin_answers import refused
from tests.places.factories import CommuneFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def url(name, *args):
    return reverse(name, args=args)


@pytest.fixture
def province_admin(tree, member, client):
    """An administrator of Tuyên Quang, logged in."""
    user = member(tree.tuyen_quang, Role.ADMINISTRATOR, username="quan_tri_tq")
    client.force_login(user, backend=MODEL_BACKEND)
    return user


@pytest.fixture
def memberships(tree):
    return {
        "tuyen_quang": MembershipFactory(home_unit=tree.thuong_lam),
        "lao_cai": MembershipFactory(home_unit=tree.sa_pa),
    }


def test_the_org_unit_listing_shows_the_users_subtree_only(client, province_admin):
    html = client.get(url("wagtailsnippets_places_orgunit:list")).text
    assert "Xã Thượng Lâm" in html
    assert "Phường Sa Pa" not in html


def test_the_org_unit_listing_finds_a_name_typed_without_diacritics(client, province_admin):
    response = client.get(url("wagtailsnippets_places_orgunit:list_results"), {"q": "thuong lam"})
    assert "Xã Thượng Lâm" in response.text
    assert "Xã Lâm Bình" not in response.text


def test_the_org_unit_listing_makes_as_many_queries_for_many_units_as_for_few(
    client, province_admin, tree
):
    list_url = url("wagtailsnippets_places_orgunit:list")
    client.get(list_url)  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(list_url)
    for _ in range(10):
        CommuneFactory(parent=tree.tuyen_quang)
    with CaptureQueriesContext(connection) as many:
        client.get(list_url)
    assert len(many) == len(few)


def test_org_units_are_read_only_even_for_superusers(client, tree):
    client.force_login(UserFactory(is_superuser=True), backend=MODEL_BACKEND)
    assert refused(client.get(url("wagtailsnippets_places_orgunit:edit", tree.thuong_lam.pk)))
    assert refused(client.get(url("wagtailsnippets_places_orgunit:add")))


def test_an_org_unit_of_the_users_province_can_be_inspected(client, province_admin, tree):
    response = client.get(url("wagtailsnippets_places_orgunit:inspect", tree.thuong_lam.pk))
    assert response.status_code == 200
    assert "02269" in response.text


def test_an_org_unit_of_another_province_cannot_be_inspected(client, province_admin, tree):
    assert refused(client.get(url("wagtailsnippets_places_orgunit:inspect", tree.sa_pa.pk)))


def test_the_org_unit_chooser_lists_the_users_subtree_only(client, province_admin):
    html = client.get(url("wagtailsnippetchoosers_places_orgunit:choose")).json()["html"]
    assert "Xã Thượng Lâm" in html
    assert "Phường Sa Pa" not in html


def test_the_org_unit_chooser_finds_a_name_typed_without_diacritics(client, province_admin):
    response = client.get(
        url("wagtailsnippetchoosers_places_orgunit:choose_results"), {"q": "lam binh"}
    )
    assert "Xã Lâm Bình" in response.text
    assert "Xã Thượng Lâm" not in response.text


def test_the_membership_listing_shows_the_users_subtree_only(client, province_admin, memberships):
    html = client.get(url("wagtailsnippets_places_membership:list")).text
    assert memberships["tuyen_quang"].user.username in html
    assert memberships["lao_cai"].user.username not in html


def test_the_membership_listing_makes_as_many_queries_for_many_members_as_for_few(
    client, province_admin, tree
):
    list_url = url("wagtailsnippets_places_membership:list")
    client.get(list_url)
    with CaptureQueriesContext(connection) as few:
        client.get(list_url)
    for _ in range(10):
        MembershipFactory(home_unit=tree.lam_binh)
    with CaptureQueriesContext(connection) as many:
        client.get(list_url)
    assert len(many) == len(few)


def test_the_membership_chooser_lists_the_users_subtree_only(client, province_admin, memberships):
    html = client.get(url("wagtailsnippetchoosers_places_membership:choose")).json()["html"]
    assert memberships["tuyen_quang"].user.username in html
    assert memberships["lao_cai"].user.username not in html


def test_a_membership_of_another_province_cannot_be_edited_or_deleted(
    client, province_admin, memberships
):
    other = memberships["lao_cai"].pk
    assert refused(client.get(url("wagtailsnippets_places_membership:edit", other)))
    assert refused(client.post(url("wagtailsnippets_places_membership:delete", other)))
    assert Membership.objects.filter(pk=other).exists()


def test_an_administrator_moves_a_user_to_another_unit_of_their_subtree(
    client, province_admin, memberships, tree
):
    membership = memberships["tuyen_quang"]
    response = client.post(
        url("wagtailsnippets_places_membership:edit", membership.pk),
        {"user": membership.user.pk, "home_unit": tree.lam_binh.pk},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.home_unit == tree.lam_binh


def test_an_administrator_cannot_place_a_user_outside_their_subtree(
    client, province_admin, memberships, tree
):
    membership = memberships["tuyen_quang"]
    response = client.post(
        url("wagtailsnippets_places_membership:edit", membership.pk),
        {"user": membership.user.pk, "home_unit": tree.sa_pa.pk},
    )
    assert response.status_code == 200
    assert "ngoài phạm vi quản lý" in response.text
    membership.refresh_from_db()
    assert membership.home_unit == tree.thuong_lam


def test_a_reviewer_may_read_memberships_but_not_change_them(client, tree, member, memberships):
    client.force_login(member(tree.tuyen_quang, Role.REVIEWER), backend=MODEL_BACKEND)
    assert client.get(url("wagtailsnippets_places_membership:list")).status_code == 200
    edit = url("wagtailsnippets_places_membership:edit", memberships["tuyen_quang"].pk)
    assert refused(client.get(edit))


def test_a_volunteer_cannot_enter_the_admin(client, tree, member):
    client.force_login(member(tree.thuong_lam, Role.VOLUNTEER), backend=MODEL_BACKEND)
    response = client.get(url("wagtailsnippets_places_orgunit:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
