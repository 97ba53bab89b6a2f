"""The report's workbook keeps its own sums as formulas and writes names from the data as text."""

import datetime

import pytest

from campaigns.models import MediaItem
from events.models import Status
from tests.events.factories import SessionFactory, VenueFactory
from tests.indicators.test_reports import generated, national_plan, officer, workbook  # noqa: F401

pytestmark = pytest.mark.django_db

HOSTILE_VENUE = '=HYPERLINK("http://evil.example","Trường")'
HOSTILE_TITLE = "+1-1@SUM(A1)"


def test_a_hostile_venue_or_media_title_is_text_and_the_sums_stay_formulas(
    tree,
    national_plan,  # noqa: F811
    officer,  # noqa: F811
):
    venue = VenueFactory(org_unit=tree.thuong_lam, name=HOSTILE_VENUE)
    SessionFactory(
        venue=venue, status=Status.APPROVED, date=datetime.date(2025, 3, 14), participants=40
    )
    MediaItem.objects.create(
        published_on=datetime.date(2025, 3, 14),
        title=HOSTILE_TITLE,
        outlet="@Báo",
        channel="newspaper",
        level="provincial",
        org_unit=tree.tuyen_quang,
    )
    book = workbook(generated(tree.tuyen_quang, officer(tree.tuyen_quang)))

    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    formulas = [cell.value for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert formulas and all(value.startswith("=SUM(") for value in formulas)
    assert "'" + HOSTILE_VENUE in texts
    assert "'" + HOSTILE_TITLE in texts and "'@Báo" in texts
