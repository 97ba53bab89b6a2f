"""Wagtail's Users admin is scoped: a province administrator manages only their own province's
users, grants no role above their own, and never makes a superuser."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from places import accounts
from places.models import Membership, Role
from tests.admin_answers import refused_or_hidden
from tests.places.factories import UserFactory

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def province_admin(tree, member, client):
    user = member(tree.tuyen_quang, Role.ADMINISTRATOR, username="quan_tri_tq")
    client.force_login(user, backend=MODEL_BACKEND)
    return user


@pytest.fixture
def people(tree, member):
    return {
        "here": member(tree.thuong_lam, Role.VOLUNTEER, username="tnv_thuong_lam"),
        "elsewhere": member(tree.sa_pa, Role.VOLUNTEER, username="tnv_sa_pa"),
        "boss": member(tree.thuong_lam, None, username="sieu_quan_tri", is_superuser=True),
    }


def edit_data(target, **changes):
    data = {
        "username": target.username,
        "email": target.email or f"{target.username}@example.org",
        "first_name": "Thị Mai",
        "last_name": "Giàng",
        "is_active": "on",
        "password1": "",
        "password2": "",
        "home_unit": str(Membership.objects.get(user=target).home_unit_id),
        "role": Role.VOLUNTEER.value,
    }
    data.update(changes)
    return data


def test_the_user_list_shows_the_admins_province_only(client, province_admin, people):
    html = client.get(reverse("wagtailusers_users:index")).text
    assert "tnv_thuong_lam" in html
    assert "tnv_sa_pa" not in html
    assert "sieu_quan_tri" not in html


def test_a_user_of_another_province_cannot_be_opened_or_edited(client, province_admin, people):
    other = people["elsewhere"]
    edit_url = reverse("wagtailusers_users:edit", args=[other.pk])
    assert refused_or_hidden(client.get(edit_url))
    assert refused_or_hidden(
        client.post(edit_url, edit_data(other, password1="x9!Kq7#pW2", password2="x9!Kq7#pW2"))
    )
    other.refresh_from_db()
    assert not other.check_password("x9!Kq7#pW2")
    assert refused_or_hidden(client.get(reverse("wagtailusers_users:delete", args=[other.pk])))
    assert refused_or_hidden(client.get(reverse("wagtailusers_users:history", args=[other.pk])))


def test_a_superuser_in_the_province_cannot_be_opened_by_its_administrator(
    client, province_admin, people
):
    assert refused_or_hidden(
        client.get(reverse("wagtailusers_users:edit", args=[people["boss"].pk]))
    )


def test_the_edit_form_offers_no_superuser_box_and_a_posted_one_is_ignored(
    client, province_admin, people
):
    target = people["here"]
    edit_url = reverse("wagtailusers_users:edit", args=[target.pk])
    page = client.get(edit_url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.text and 'name="groups"' not in page.text
    assert 'name="home_unit"' in page.text and 'name="role"' in page.text

    administrators = Group.objects.get(name=Role.ADMINISTRATOR.group_name)
    response = client.post(
        edit_url, edit_data(target, is_superuser="on", is_staff="on", groups=[administrators.pk])
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_superuser and not target.is_staff
    assert accounts.role_of(target) == Role.VOLUNTEER


def test_a_role_above_ones_own_cannot_be_granted(client, tree, member, people):
    officer = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="can_bo_tq")
    officer.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_user", "change_user"])
    )
    client.force_login(officer, backend=MODEL_BACKEND)
    target = people["here"]

    response = client.post(
        reverse("wagtailusers_users:edit", args=[target.pk]),
        edit_data(target, role=Role.ADMINISTRATOR.value),
    )

    assert response.status_code == 200  # the form again, with the error
    target.refresh_from_db()
    assert accounts.role_of(target) == Role.VOLUNTEER
    assert [r for r in accounts.grantable_roles(officer)] == [
        Role.VOLUNTEER,
        Role.REVIEWER,
        Role.COMMUNICATION_OFFICER,
    ]


def test_an_administrator_adds_a_user_with_unit_and_role_on_one_screen(
    client, province_admin, tree
):
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "can_bo_lam_binh",
            "email": "lambinh@example.org",
            "first_name": "Văn An",
            "last_name": "Hoàng",
            "password1": "x9!Kq7#pW2long",
            "password2": "x9!Kq7#pW2long",
            "home_unit": str(tree.lam_binh.pk),
            "role": Role.REVIEWER.value,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = UserFactory._meta.model.objects.get(username="can_bo_lam_binh")
    assert Membership.objects.get(user=created).home_unit == tree.lam_binh
    assert accounts.role_of(created) == Role.REVIEWER
    assert not created.is_superuser


def test_a_user_cannot_be_placed_in_another_province(client, province_admin, tree):
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "lac_cho",
            "email": "x@example.org",
            "first_name": "A",
            "last_name": "B",
            "password1": "x9!Kq7#pW2long",
            "password2": "x9!Kq7#pW2long",
            "home_unit": str(tree.sa_pa.pk),
            "role": Role.VOLUNTEER.value,
        },
    )
    assert response.status_code == 200
    assert not UserFactory._meta.model.objects.filter(username="lac_cho").exists()


def test_role_definitions_are_read_only_for_a_province_administrator(client, province_admin):
    group = Group.objects.get(name=Role.VOLUNTEER.group_name)
    edit_url = reverse("wagtailusers_groups:edit", args=[group.pk])
    assert refused_or_hidden(client.get(edit_url))
    assert refused_or_hidden(client.post(edit_url, {"name": "volunteer", "is_superuser": "on"}))
    assert refused_or_hidden(client.get(reverse("wagtailusers_groups:add")))


def test_bulk_actions_cannot_promote_a_user_or_touch_another_province(
    client, province_admin, people
):
    administrators = Group.objects.get(name=Role.ADMINISTRATOR.group_name)
    here, other = people["here"], people["elsewhere"]
    assign = reverse("wagtail_bulk_action", args=["auth", "user", "assign_role"])
    client.post(f"{assign}?id={here.pk}", {"role": administrators.pk})
    deactivate = reverse("wagtail_bulk_action", args=["auth", "user", "set_active_state"])
    client.post(f"{deactivate}?id={other.pk}", {"mark_as_active": False})

    assert accounts.role_of(here) == Role.VOLUNTEER
    other.refresh_from_db()
    assert other.is_active
