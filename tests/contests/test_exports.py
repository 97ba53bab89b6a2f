"""The results export: every ranked entrant, personal columns only as permission and scope allow."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission

import contests.office_hooks  # noqa: F401  (registers the admin views until wagtail_hooks does)
from contests import ranking
from places.models import Role
from tests.contests.factories import AttemptFactory, ClosedRoundFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def grant(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="contests", codename__in=codenames)
    )
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def ranked(tree):
    round_ = ClosedRoundFactory()
    for name, phone, commune, score in [
        ("Giàng Thị Mai", "+84912345678", tree.thuong_lam, 5),
        ("Lý Seo Chứ", "+84912345680", tree.sa_pa, 4),
    ]:
        participant = ParticipantFactory(
            contest=round_.contest, full_name=name, phone=phone, commune=commune
        )
        AttemptFactory(round=round_, participant=participant, score=score, all_correct=score == 5)
    ranking.rank_round(round_.pk)
    return round_


def rows_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_an_officer_with_the_permission_gets_names_and_phones_of_their_subtree_only(
    ranked, tree, member, client
):
    officer = grant(
        member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER), "view_contest", "view_participant"
    )
    client.force_login(officer)
    rows = rows_of(client.get(f"/admin/contests/results/{ranked.pk}.xlsx"))
    header, first, second = rows[1], rows[2], rows[3]
    assert "Số điện thoại" in header
    assert first[:3] == [1, "Giàng T. M.", 5]
    assert "Giàng Thị Mai" in first and "+84912345678" in first
    assert second[:2] == [2, "Lý S. C."]
    assert "Lý Seo Chứ" not in second and "+84912345680" not in second


def test_without_the_personal_data_permission_the_export_has_masked_names_only(
    ranked, tree, member, client
):
    reviewer = grant(member(tree.tuyen_quang, Role.REVIEWER), "view_contest")
    client.force_login(reviewer)
    rows = rows_of(client.get(f"/admin/contests/results/{ranked.pk}.xlsx"))
    text = repr(rows)
    assert "Số điện thoại" not in text
    assert "+8491" not in text and "Giàng Thị Mai" not in text
    assert [row[1] for row in rows[2:]] == ["Giàng T. M.", "Lý S. C."]


def test_a_superuser_gets_every_participants_personal_columns(ranked, admin_client):
    rows = rows_of(admin_client.get(f"/admin/contests/results/{ranked.pk}.xlsx"))
    assert "+84912345680" in rows[3]


def test_the_results_page_lists_ranked_rounds_with_their_download(ranked, tree, member, client):
    officer = grant(member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER), "view_contest")
    client.force_login(officer)
    html = client.get("/admin/contests/results/").content.decode()
    assert f"/admin/contests/results/{ranked.pk}.xlsx" in html
    assert ranked.contest.name in html


def test_without_the_contest_permission_there_is_no_export(ranked, tree, member, client):
    client.force_login(member(tree.tuyen_quang, Role.REVIEWER))
    response = client.get(f"/admin/contests/results/{ranked.pk}.xlsx")
    assert response.status_code in {302, 403}
    assert b"PK" not in response.content[:2]


def test_the_export_takes_a_fixed_number_of_queries(
    ranked, tree, member, client, django_assert_max_num_queries
):
    for n in range(30):
        participant = ParticipantFactory(contest=ranked.contest, commune=tree.lam_binh)
        AttemptFactory(round=ranked, participant=participant, score=n % 5)
    ranking.rank_round(ranked.pk, force=True)
    officer = grant(
        member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER), "view_contest", "view_participant"
    )
    client.force_login(officer)
    with django_assert_max_num_queries(15):
        rows = rows_of(client.get(f"/admin/contests/results/{ranked.pk}.xlsx"))
    assert len(rows) == 2 + 32
