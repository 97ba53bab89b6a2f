"""On a 360 px phone, a volunteer's own name, figures and dates read the Vietnamese way."""

import datetime

import pytest
from playwright.sync_api import expect

from events.models import Form, Status
from places.models import Role
from tests.e2e.test_log_offline import log_in
from tests.events.factories import SessionFactory, VenueFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_volunteer_sees_her_name_family_first_and_figures_and_dates_the_vietnamese_way(
    live_server, tree, member, phone_page, screenshots_dir
):
    volunteer = member(
        tree.thuong_lam,
        Role.VOLUNTEER,
        username="tnv_thuonglam",
        first_name="Dế",
        last_name="Vàng A",
    )
    venue = VenueFactory(code="THPT-LB", name="Trường THPT Lâm Bình", org_unit=tree.thuong_lam)
    session = SessionFactory(
        venue=venue,
        created_by=volunteer,
        form=Form.LOUDSPEAKER,
        participants=18400,
        date=datetime.date(2025, 9, 5),
        status=Status.SUBMITTED,
    )
    page = phone_page
    log_in(page, live_server.url)
    expect(page.locator(".who")).to_have_text("Vàng A Dế")
    page.goto(f"{live_server.url}/vi/log/{session.pk}/")
    details = page.locator("main dl")
    expect(details).to_contain_text("05/09/2025")
    expect(details).to_contain_text("18.400")
    expect(details).not_to_contain_text("None")
    page.screenshot(path=screenshots_dir / "log-detail-vietnamese-360.png", full_page=True)
    page.problems.assert_none()
