"""Personal data: the purge after results are final, and one person's export or erasure."""

import datetime
import io
import json

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.utils import timezone

import contests.office_hooks  # noqa: F401  (registers the admin views until wagtail_hooks does)
from contests import privacy, ranking
from contests.models import Contest, Participant, RankedEntry
from places.models import Role
from tests.admin_answers import refused
from tests.contests.factories import AttemptFactory, ClosedRoundFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def grant(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="contests", codename__in=codenames)
    )
    return type(user).objects.get(pk=user.pk)  # a fresh object: permissions are cached


@pytest.fixture
def ranked(tree):
    """A closed, ranked round of three entrants in two provinces' communes."""
    round_ = ClosedRoundFactory()
    people = [
        ("Giàng Thị Mai", "+84912345678", 2009, tree.thuong_lam, 5),
        ("Vàng A Dính", "+84912345679", 2001, tree.thuong_lam, 4),
        ("Lý Seo Chứ", "+84912345680", 1990, tree.sa_pa, 5),
    ]
    for name, phone, born, commune, score in people:
        participant = ParticipantFactory(
            contest=round_.contest,
            full_name=name,
            phone=phone,
            birth_year=born,
            commune=commune,
            guardian_name="Giàng A Páo" if born > 2008 else "",
        )
        AttemptFactory(round=round_, participant=participant, score=score, all_correct=score == 5)
    ranking.rank_round(round_.pk)
    return round_


def make_final(contest, days_ago=1):
    contest.results_final_at = timezone.now() - datetime.timedelta(days=days_ago)
    contest.save()


def test_the_purge_is_refused_before_results_are_final(ranked):
    contest = ranked.contest
    with pytest.raises(privacy.PurgeRefused, match="chưa có thời điểm kết quả chính thức"):
        privacy.purge_contest(contest)
    contest.results_final_at = timezone.now() + datetime.timedelta(days=3)
    contest.save()
    with pytest.raises(privacy.PurgeRefused, match="chưa chính thức"):
        privacy.purge_contest(contest)
    assert not Participant.objects.filter(purged_at__isnull=False).exists()


def test_the_purge_is_refused_while_a_round_with_entries_is_not_ranked(ranked):
    other = ClosedRoundFactory(contest=ranked.contest)
    AttemptFactory(round=other, participant=Participant.objects.first())
    make_final(ranked.contest)
    with pytest.raises(privacy.PurgeRefused, match="chưa xếp hạng"):
        privacy.purge_contest(ranked.contest)


def test_the_purge_removes_personal_data_and_keeps_the_aggregates(ranked):
    contest = ranked.contest
    make_final(contest)
    before = privacy.aggregates(contest)
    names_before = list(RankedEntry.objects.order_by("rank").values_list("display_name", flat=True))

    assert privacy.purge_contest(contest) == 3

    for participant in Participant.objects.filter(contest=contest):
        assert participant.phone is None
        assert participant.full_name == ""
        assert participant.school_or_workplace == ""
        assert participant.guardian_name == ""
        assert participant.birth_year % privacy.AGE_BAND_YEARS == 0
        assert participant.commune_id is not None
        assert participant.purged_at is not None
    assert privacy.aggregates(contest) == before
    assert before["rounds"][ranked.number]["participants"] == 3
    assert before["birth_year_bands"] == {"1990-1994": 1, "2000-2004": 1, "2005-2009": 1}
    assert list(RankedEntry.objects.order_by("rank").values_list("display_name", flat=True)) == (
        names_before
    )
    contest.refresh_from_db()
    assert contest.personal_data_purged_at is not None


def test_purging_again_changes_nothing(ranked):
    contest = ranked.contest
    make_final(contest)
    privacy.purge_contest(contest)
    contest.refresh_from_db()
    first_time = contest.personal_data_purged_at
    rows = list(Participant.objects.order_by("pk").values())

    assert privacy.purge_contest(contest, now=timezone.now() + datetime.timedelta(days=1)) == 0

    contest.refresh_from_db()
    assert contest.personal_data_purged_at == first_time
    assert list(Participant.objects.order_by("pk").values()) == rows


def test_the_command_refuses_with_a_clear_message_then_purges(ranked):
    contest = ranked.contest
    with pytest.raises(CommandError, match="kết quả chính thức"):
        call_command("purge_contest_data", str(contest.pk), stdout=io.StringIO())
    make_final(contest)
    out = io.StringIO()
    call_command("purge_contest_data", contest.name, stdout=out)
    assert "3 người dự thi" in out.getvalue()
    assert not Participant.objects.filter(contest=contest, phone__isnull=False).exists()
    assert Contest.objects.get(pk=contest.pk).personal_data_purged_at is not None


def test_a_purged_contest_frees_the_phone_for_no_one_and_keeps_its_constraint(ranked):
    make_final(ranked.contest)
    privacy.purge_contest(ranked.contest)
    # Two purged rows of one contest both hold NULL: the per-contest phone constraint allows it.
    assert Participant.objects.filter(contest=ranked.contest, phone__isnull=True).count() == 3


# --- One participant's request ------------------------------------------------------


def test_an_officer_finds_only_participants_of_their_subtree(ranked, tree, member):
    officer = grant(member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER), "view_participant")
    found, valid = privacy.find_by_phone(officer, "0912 345 678")
    assert valid and [p.full_name for p in found] == ["Giàng Thị Mai"]
    found, _valid = privacy.find_by_phone(officer, "0912345680")  # Sa Pa, another province
    assert list(found) == []
    found, valid = privacy.find_by_phone(officer, "12345")
    assert not valid and list(found) == []


def test_the_copy_of_a_participants_data_holds_their_consent_and_attempts(
    ranked, tree, member, client
):
    officer = grant(member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER), "view_participant")
    participant = Participant.objects.get(phone="+84912345678")
    client.force_login(officer)

    response = client.get(f"/admin/contests/personal-data/{participant.pk}.json")

    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["participant"]["full_name"] == "Giàng Thị Mai"
    assert data["participant"]["guardian_name"] == "Giàng A Páo"
    assert data["participant"]["consent_text"]
    assert data["attempts"][0]["score"] == 5 and data["attempts"][0]["rank"] in {1, 2}

    response = client.get(f"/admin/contests/personal-data/{participant.pk}.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert ["full_name", "Giàng Thị Mai"] in [list(r) for r in sheet.iter_rows(values_only=True)]


def test_an_officer_cannot_reach_a_participant_outside_their_subtree(ranked, tree, member, client):
    officer = grant(
        member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER),
        "view_participant",
        "delete_participant",
    )
    outside = Participant.objects.get(phone="+84912345680")
    client.force_login(officer)
    response = client.get(f"/admin/contests/personal-data/{outside.pk}.json")
    assert refused(response) and "Chứ" not in response.content.decode()
    assert refused(client.post(f"/admin/contests/personal-data/{outside.pk}/erase/"))
    assert Participant.objects.get(pk=outside.pk).purged_at is None


def test_erasing_needs_the_delete_permission(ranked, tree, member, client):
    officer = grant(member(tree.tuyen_quang, Role.REVIEWER), "view_participant")
    participant = Participant.objects.get(phone="+84912345678")
    client.force_login(officer)
    assert refused(client.post(f"/admin/contests/personal-data/{participant.pk}/erase/"))
    assert Participant.objects.get(pk=participant.pk).purged_at is None


def test_erasing_one_participant_keeps_the_aggregates_and_blanks_their_public_name(
    ranked, tree, member, client
):
    officer = grant(
        member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER),
        "view_participant",
        "delete_participant",
    )
    participant = Participant.objects.get(phone="+84912345678")
    before = privacy.aggregates(ranked.contest)
    client.force_login(officer)

    page = client.get(f"/admin/contests/personal-data/{participant.pk}/erase/")
    assert page.status_code == 200 and "Giàng Thị Mai" in page.content.decode()
    response = client.post(f"/admin/contests/personal-data/{participant.pk}/erase/")

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.phone is None and participant.full_name == "" and participant.purged_at
    assert participant.birth_year == 2005
    assert RankedEntry.objects.get(participant=participant).display_name == ""
    assert privacy.aggregates(ranked.contest) == before
    assert Participant.objects.filter(full_name="Vàng A Dính", purged_at__isnull=True).exists()


def test_the_search_page_lists_what_the_officer_may_do(ranked, tree, member, client):
    officer = grant(member(tree.tuyen_quang, Role.REVIEWER), "view_participant")
    client.force_login(officer)
    html = client.get("/admin/contests/personal-data/", {"phone": "0912345678"}).content.decode()
    assert "Giàng Thị Mai" in html
    assert ".json" in html
    assert "/erase/" not in html


def test_without_permission_the_personal_data_page_is_refused(ranked, tree, member, client):
    client.force_login(member(tree.tuyen_quang, Role.REVIEWER))
    assert refused(client.get("/admin/contests/personal-data/"))


def test_a_communication_officer_may_export_and_erase_by_role(roles):
    officer_permissions = set(
        roles[Role.COMMUNICATION_OFFICER].permissions.values_list("codename", flat=True)
    )
    assert {"view_participant", "delete_participant", "view_contest"} <= officer_permissions
    reviewer_permissions = set(roles[Role.REVIEWER].permissions.values_list("codename", flat=True))
    assert not {"view_participant", "delete_participant"} & reviewer_permissions
