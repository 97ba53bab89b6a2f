import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from places.models import Role

pytestmark = pytest.mark.django_db


def permissions_of(role):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=role.group_name).permissions.select_related("content_type")
    }


PLAN_READING = (
    "indicators.view_plan",
    "indicators.view_unityear",
    "indicators.view_report",
    "campaigns.view_mediaitem",
)

CONTESTS = (
    *(
        f"contests.{a}_{m}"
        for m in ("questionbank", "question", "contest")
        for a in ("add", "change", "delete", "view")
    ),
    "contests.view_participant",
    "contests.delete_participant",
)


def test_setup_roles_creates_one_group_per_role_named_in_vietnamese(roles):
    names = [role.group_name for role in Role]
    assert set(Group.objects.filter(name__in=names).values_list("name", flat=True)) == {
        "Tình nguyện viên",
        "Người duyệt",
        "Cán bộ truyền thông",
        "Quản trị viên",
    }
    assert not Group.objects.filter(name__in=Role.values).exists()


def test_setup_roles_renames_groups_named_by_code_and_wagtails_english_groups(db):
    from places.services import setup_roles

    Group.objects.create(name="reviewer")
    setup_roles()
    assert Group.objects.filter(name="Người duyệt").count() == 1
    assert not Group.objects.filter(name__in=["reviewer", "Editors", "Moderators"]).exists()
    assert Group.objects.filter(name__in=["Biên tập viên", "Người kiểm duyệt"]).count() == 2
    from wagtail.models import Workflow

    assert not Workflow.objects.filter(name__icontains="Moderators").exists()


def test_roles_are_named_in_vietnamese(roles):
    with translation.override("vi"):
        assert [str(role.label) for role in Role] == [
            "Tình nguyện viên",
            "Người duyệt",
            "Cán bộ truyền thông",
            "Quản trị viên",
        ]


def test_administrators_hold_every_permission_and_every_page(roles):
    assert Group.objects.get(name=Role.ADMINISTRATOR.group_name).permissions.count() == (
        Permission.objects.count()
    )
    page_permissions = GroupPagePermission.objects.filter(
        group__name=Role.ADMINISTRATOR.group_name, page=Page.get_first_root_node()
    )
    assert {p.permission.codename for p in page_permissions} == set(Page.permission_codenames)


def test_communication_officers_reach_the_admin_and_edit_pages_images_and_documents(roles):
    assert permissions_of(Role.COMMUNICATION_OFFICER) == {
        "wagtailadmin.access_admin",
        "places.view_orgunit",
        "places.view_membership",
        "places.view_venue",
        "places.view_populationbaseline",
        "places.add_venue",
        "places.change_venue",
        "places.add_populationbaseline",
        "places.change_populationbaseline",
        "events.view_session",
        "events.add_session",
        "events.review_session",
        "events.import_session",
        *PLAN_READING,
        "indicators.add_plan",
        "indicators.change_plan",
        "indicators.add_unityear",
        "indicators.change_unityear",
        "indicators.add_report",
        "indicators.finalise_report",
        "campaigns.add_mediaitem",
        "campaigns.change_mediaitem",
        "campaigns.delete_mediaitem",
        "campaigns.add_fanpagepost",
        "campaigns.change_fanpagepost",
        "campaigns.view_fanpagepost",
        *CONTESTS,
        *(
            f"registers.{action}_{model}"
            for model in (
                "pilotmodel",
                "commendation",
                "creativecontest",
                "creativeentry",
                "networkmember",
            )
            for action in ("add", "change", "delete", "view")
        ),
    }
    page_codenames = set(
        GroupPagePermission.objects.filter(
            group__name=Role.COMMUNICATION_OFFICER.group_name
        ).values_list("permission__codename", flat=True)
    )
    assert page_codenames == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
    media_codenames = set(
        GroupCollectionPermission.objects.filter(
            group__name=Role.COMMUNICATION_OFFICER.group_name,
            collection=Collection.get_first_root_node(),
        ).values_list("permission__codename", flat=True)
    )
    # Changing or deleting: only their own uploads (Wagtail's ownership rule).
    assert media_codenames == {"add_image", "choose_image", "add_document", "choose_document"}


def test_reviewers_reach_the_admin_read_the_registry_and_review_sessions(roles):
    assert permissions_of(Role.REVIEWER) == {
        "wagtailadmin.access_admin",
        "places.view_orgunit",
        "places.view_membership",
        "places.view_venue",
        "places.view_populationbaseline",
        "events.view_session",
        "events.add_session",
        "events.review_session",
        *PLAN_READING,
    }
    assert not GroupPagePermission.objects.filter(group__name=Role.REVIEWER.group_name).exists()


def test_volunteers_may_only_log_sessions(roles):
    assert permissions_of(Role.VOLUNTEER) == {"events.add_session"}


def test_running_setup_roles_again_changes_nothing(roles):
    counts = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        Permission.objects.filter(group__isnull=False).count(),
    )
    call_command("setup_roles", verbosity=0)
    assert counts == (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        Permission.objects.filter(group__isnull=False).count(),
    )
