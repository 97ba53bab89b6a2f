"""The registers the plans ask for: pilot models, commendations, creative contests and their
judging, and the networks of peer educators and collaborators; each scoped to its subtree."""

import datetime

import pytest
from django.urls import reverse

from places.models import Role
from registers.models import (
    Commendation,
    CreativeContest,
    CreativeEntry,
    NetworkMember,
    PilotModel,
    Prize,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 14)


@pytest.fixture
def officer(tree, member):
    return member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="canbo_tq")


def test_the_officer_role_keeps_every_register(roles):
    granted = set(
        roles[Role.COMMUNICATION_OFFICER]
        .permissions.filter(content_type__app_label="registers")
        .values_list("codename", flat=True)
    )
    for model in (
        "pilotmodel",
        "commendation",
        "creativecontest",
        "creativeentry",
        "networkmember",
    ):
        assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= granted


def test_an_officer_records_a_pilot_model_with_its_unit_and_status(client, officer, tree):
    client.force_login(officer)
    response = client.post(
        reverse("wagtailsnippets_registers_pilotmodel:add"),
        {
            "name": "Câu lạc bộ “Nói không với tệ nạn” khu công nghiệp",
            "org_unit": tree.thuong_lam.pk,
            "kind": "club",
            "status": "piloting",
            "lead_agency": "Liên đoàn Lao động tỉnh",
            "started_on": "2025-03-01",
            "ended_on": "",
            "result": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    pilot = PilotModel.objects.get()
    assert (pilot.org_unit, pilot.status) == (tree.thuong_lam, "piloting")


def test_an_officer_sees_and_edits_only_the_registers_of_their_subtree(client, officer, tree):
    own = NetworkMember.objects.create(
        org_unit=tree.thuong_lam, full_name="Nguyễn Thị Hoa", role="peer_educator"
    )
    other = NetworkMember.objects.create(
        org_unit=tree.sa_pa, full_name="Vàng A Dế", role="collaborator"
    )
    client.force_login(officer)
    html = client.get(reverse("wagtailsnippets_registers_networkmember:list")).text
    assert "Nguyễn Thị Hoa" in html
    assert "Vàng A Dế" not in html
    assert (
        client.get(
            reverse("wagtailsnippets_registers_networkmember:edit", args=[own.pk])
        ).status_code
        == 200
    )
    refused = client.get(reverse("wagtailsnippets_registers_networkmember:edit", args=[other.pk]))
    assert refused.status_code in (302, 403, 404)


def test_a_unit_outside_the_subtree_cannot_be_chosen(client, officer, tree):
    client.force_login(officer)
    client.post(
        reverse("wagtailsnippets_registers_commendation:add"),
        {
            "org_unit": tree.sa_pa.pk,
            "recipient": "Đoàn Thanh niên xã Sa Pa",
            "recipient_kind": "collective",
            "award": "Bằng khen",
            "decision": "",
            "decided_on": "2025-03-14",
            "reason": "",
        },
    )
    assert not Commendation.objects.exists()


def test_creative_contest_entries_are_judged_with_scores_and_prizes(tree):
    contest = CreativeContest.objects.create(
        title="Cuộc thi sáng tác tranh cổ động phòng, chống mại dâm",
        org_unit=tree.tuyen_quang,
        opens_on=DAY,
        closes_on=DAY + datetime.timedelta(days=30),
    )
    for title, score, prize in (("Tranh A", 9.5, Prize.FIRST), ("Tranh B", 7, Prize.NONE)):
        CreativeEntry.objects.create(
            contest=contest,
            title=title,
            kind="drawing",
            author="Lò Văn Minh",
            received_on=DAY,
            score=score,
            prize=prize,
        )
    assert [e.title for e in contest.entries.all()] == ["Tranh A", "Tranh B"]
    assert contest.entries.exclude(prize="").count() == 1
