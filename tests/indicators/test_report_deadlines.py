"""Report deadlines from the plans, who has reported, and reminders before a deadline."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from indicators.models import Deadline, Plan, Report, ReportReminder, ReportStatus
from indicators.periods import parse_period
from indicators.report_tasks import send_report_reminders
from indicators.reports import reminders
from indicators.reports.deadlines import LATE, SUBMITTED, deadline_for, reporting_status
from places.models import Role
from tests.places.factories import CommuneFactory, DistrictFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

NATIONAL = [["H1", 6, 20], ["Y", 12, 20]]
DONG_NAI = [["Q1", 3, 15], ["H1", 6, 15], ["M9", 9, 15], ["Y", 12, 15]]


def plan(unit, deadlines, parent=None, first=2021, last=2025, direction="in", from_level=""):
    made = Plan.objects.create(
        name=f"Kế hoạch {unit.name}",
        level=unit.level,
        org_unit=unit,
        first_year=first,
        last_year=last,
        parent=parent,
    )
    for key, month, day in deadlines:
        Deadline.objects.create(
            plan=made,
            report=key,
            direction=direction,
            month=month,
            day=day,
            from_level=from_level,
        )
    return made


@pytest.fixture
def dong_nai(tree):
    national = plan(tree.country, NATIONAL)
    province = ProvinceFactory(code="75", name="Tỉnh Đồng Nai", parent=tree.country)
    plan(province, DONG_NAI, parent=national)
    district = DistrictFactory(code="731", name="Thành phố Biên Hòa", parent=province)
    return SimpleNamespace(national=national, province=province, district=district)


def submitted(unit, period, when):
    return Report.objects.create(
        org_unit=unit,
        period=period,
        status=ReportStatus.SUBMITTED,
        finalised_at=when,
        submitted_at=when,
        submitted_to=unit.parent,
    )


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


# --- deadlines --------------------------------------------------------------------------------


def test_a_province_reports_by_the_national_deadlines_20_june_and_20_december(tree, dong_nai):
    assert deadline_for(tree.tuyen_quang, "2025-H1") == datetime.date(2025, 6, 20)
    assert deadline_for(tree.tuyen_quang, "2025") == datetime.date(2025, 12, 20)


def test_the_national_plan_asks_no_quarterly_or_nine_month_report(tree, dong_nai):
    assert deadline_for(tree.tuyen_quang, "2025-Q1") is None
    assert deadline_for(tree.tuyen_quang, "2025-M9") is None


def test_units_under_dong_nai_report_on_the_15th_of_march_june_september_december(dong_nai):
    district = dong_nai.district
    assert deadline_for(district, "2025-Q1") == datetime.date(2025, 3, 15)
    assert deadline_for(district, "2025-H1") == datetime.date(2025, 6, 15)
    assert deadline_for(district, "2025-M9") == datetime.date(2025, 9, 15)
    assert deadline_for(district, "2025") == datetime.date(2025, 12, 15)


def test_dong_nai_s_other_quarters_fall_on_the_15th_of_their_last_month(dong_nai):
    assert deadline_for(dong_nai.district, "2025-Q3") == datetime.date(2025, 9, 15)
    assert deadline_for(dong_nai.district, "2025-Q4") == datetime.date(2025, 12, 15)


def test_dong_nai_itself_reports_to_the_ministry_by_the_national_deadline(dong_nai):
    assert deadline_for(dong_nai.province, "2025-H1") == datetime.date(2025, 6, 20)


def test_a_plan_without_deadlines_takes_those_of_the_plan_above(tree, dong_nai):
    plan(tree.tuyen_quang, [], parent=dong_nai.national)
    assert deadline_for(tree.thuong_lam, "2025-H1") == datetime.date(2025, 6, 20)


def test_without_a_plan_for_the_year_the_latest_plan_s_deadlines_still_apply(tree, dong_nai):
    assert deadline_for(tree.tuyen_quang, "2026-H1") == datetime.date(2026, 6, 20)


def test_a_unit_with_no_plan_above_has_no_deadline(tree):
    assert deadline_for(tree.tuyen_quang, "2025-H1") is None


# --- reporting status ------------------------------------------------------------------------


def test_the_reporting_status_lists_late_children_first(tree, dong_nai):
    submitted(tree.thuong_lam, "2025-H1", at(datetime.date(2025, 6, 18)))
    status = reporting_status(tree.tuyen_quang, "2025-H1", today=datetime.date(2025, 6, 25))
    assert [(row.unit, row.state) for row in status.rows] == [
        (tree.lam_binh, LATE),
        (tree.thuong_lam, SUBMITTED),
    ]
    assert status.rows[0].deadline == datetime.date(2025, 6, 20)
    assert (status.submitted, status.late) == (1, 1)


def test_a_report_sent_after_the_deadline_is_marked_late(tree, dong_nai):
    submitted(tree.thuong_lam, "2025-H1", at(datetime.date(2025, 6, 23)))
    status = reporting_status(tree.tuyen_quang, "2025-H1", today=datetime.date(2025, 6, 25))
    row = next(row for row in status.rows if row.unit == tree.thuong_lam)
    assert (row.state, row.label) == ("submitted_late", "Đã gửi, muộn hạn")


def test_before_the_deadline_children_are_not_yet_due(tree, dong_nai):
    status = reporting_status(tree.tuyen_quang, "2025-H1", today=datetime.date(2025, 6, 1))
    assert {row.state for row in status.rows} == {"due"}
    assert status.rows[0].days_left == 19


def test_a_draft_does_not_count_as_submitted(tree, dong_nai):
    Report.objects.create(org_unit=tree.thuong_lam, period="2025-H1", status=ReportStatus.READY)
    status = reporting_status(tree.tuyen_quang, "2025-H1", today=datetime.date(2025, 6, 25))
    assert status.late == 2


def test_only_children_in_force_at_the_period_s_end_owe_a_report(tree, dong_nai):
    CommuneFactory(parent=tree.tuyen_quang, valid_until=datetime.date(2025, 6, 30))
    CommuneFactory(parent=tree.tuyen_quang, valid_from=datetime.date(2025, 7, 1))
    h1 = reporting_status(tree.tuyen_quang, "2025-H1", today=datetime.date(2025, 6, 1))
    year = reporting_status(tree.tuyen_quang, "2025", today=datetime.date(2025, 6, 1))
    assert len(h1.rows) == 3 and len(year.rows) == 3


def test_the_dashboard_partial_shows_who_is_late(tree, dong_nai, member):
    user = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER)
    user.user_permissions.add(Permission.objects.get(codename="view_report"))
    request = RequestFactory().get("/")
    request.user = type(user).objects.get(pk=user.pk)
    html = render_to_string(
        "indicators/dashboard/_reporting_status.html",
        {"unit": tree.tuyen_quang, "period": parse_period("2024-H1"), "request": request},
    )
    assert "Xã Lâm Bình" in html and "Quá hạn, chưa gửi" in html and "20/06/2024" in html


def test_the_dashboard_partial_is_empty_for_a_user_who_may_not_read_reports(tree, dong_nai):
    request = RequestFactory().get("/")
    request.user = SimpleNamespace(is_active=True, is_superuser=False, has_perm=lambda p: False)
    html = render_to_string(
        "indicators/dashboard/_reporting_status.html",
        {"unit": tree.tuyen_quang, "period": parse_period("2024-H1"), "request": request},
    )
    assert html.strip() == ""


# --- reminders ---------------------------------------------------------------------------------


@pytest.fixture
def preparer(tree, member):
    user = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, email="tq@example.org")
    user.user_permissions.add(Permission.objects.get(codename="add_report"))
    return user


def test_a_reminder_goes_out_once(tree, dong_nai, preparer, mailoutbox, settings):
    settings.REPORT_REMINDER_DAYS = 5
    today = datetime.date(2025, 6, 16)
    assert reminders.send_due(today) == 1
    assert reminders.send_due(today) == 0
    assert reminders.send_due(today + datetime.timedelta(days=1)) == 0
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["tq@example.org"]
    assert "6 tháng đầu năm 2025" in message.subject and "còn 4 ngày" in message.subject
    assert "20/06/2025" in message.body
    reminder = ReportReminder.objects.get()
    assert (reminder.org_unit, reminder.period, reminder.days_before) == (
        tree.tuyen_quang,
        "2025-H1",
        5,
    )


def test_no_reminder_before_the_window_opens(tree, dong_nai, preparer, mailoutbox, settings):
    settings.REPORT_REMINDER_DAYS = 5
    assert reminders.send_due(datetime.date(2025, 6, 14)) == 0
    assert mailoutbox == []


def test_no_reminder_once_the_report_is_submitted(tree, dong_nai, preparer, mailoutbox, settings):
    settings.REPORT_REMINDER_DAYS = 5
    submitted(tree.tuyen_quang, "2025-H1", at(datetime.date(2025, 6, 10)))
    assert reminders.send_due(datetime.date(2025, 6, 16)) == 0
    assert mailoutbox == []


def test_each_threshold_sends_its_own_reminder(tree, dong_nai, preparer, mailoutbox, settings):
    settings.REPORT_REMINDER_DAYS = "7,1"
    assert reminders.send_due(datetime.date(2025, 6, 13)) == 1
    assert reminders.send_due(datetime.date(2025, 6, 16)) == 0
    assert reminders.send_due(datetime.date(2025, 6, 19)) == 1
    assert len(mailoutbox) == 2


def test_the_daily_task_sends_the_reminders(tree, dong_nai, preparer, mailoutbox, settings):
    settings.REPORT_REMINDER_DAYS = 400  # whatever today is, a deadline falls within it
    assert send_report_reminders.delay().get() >= 1
    assert len(mailoutbox) >= 1


# --- deadlines by direction (issue 10 item 4) ------------------------------------------------


@pytest.fixture
def trieu_son(tree):
    province = ProvinceFactory(code="38", name="Tỉnh Thanh Hóa", parent=tree.country)
    district = DistrictFactory(code="397", name="Huyện Triệu Sơn", parent=province)
    commune = CommuneFactory(code="15001", name="Xã Thọ Dân", parent=district)
    own = plan(district, [["H1", 6, 20], ["Y", 12, 20]])
    for key, month, day in (("H1", 6, 25), ("Y", 12, 25)):
        Deadline.objects.create(plan=own, report=key, direction="out", month=month, day=day)
    Deadline.objects.create(plan=own, report="P", direction="in", due=datetime.date(2025, 11, 5))
    Deadline.objects.create(plan=own, report="ad_hoc", direction="in")
    return SimpleNamespace(province=province, district=district, commune=commune, plan=own)


def test_trieu_son_s_communes_report_by_20_june_and_20_december(trieu_son):
    assert deadline_for(trieu_son.commune, "2024-H1") == datetime.date(2024, 6, 20)
    assert deadline_for(trieu_son.commune, "2024") == datetime.date(2024, 12, 20)


def test_trieu_son_itself_reports_to_the_province_by_25_june_and_25_december(trieu_son):
    assert deadline_for(trieu_son.district, "2024-H1") == datetime.date(2024, 6, 25)
    assert deadline_for(trieu_son.district, "2024") == datetime.date(2024, 12, 25)


def test_the_end_of_plan_report_is_due_on_its_own_date(trieu_son):
    assert deadline_for(trieu_son.commune, "2021-2025") == datetime.date(2025, 11, 5)


def test_the_province_sees_trieu_son_due_by_its_own_upward_date(trieu_son):
    status = reporting_status(trieu_son.province, "2024-H1", today=datetime.date(2024, 6, 24))
    assert [(row.unit, row.deadline) for row in status.rows] == [
        (trieu_son.district, datetime.date(2024, 6, 25))
    ]


def test_dong_nai_s_dates_bind_its_districts_but_not_its_communes(tree):
    province = ProvinceFactory(code="75", name="Tỉnh Đồng Nai", parent=tree.country)
    plan(province, DONG_NAI, from_level="district")
    district = DistrictFactory(code="731", name="Thành phố Biên Hòa", parent=province)
    commune = CommuneFactory(code="26041", name="Phường Trảng Dài", parent=district)
    assert deadline_for(district, "2024-M9") == datetime.date(2024, 9, 15)
    assert deadline_for(commune, "2024-M9") is None


def test_an_ad_hoc_report_asked_by_the_district_carries_its_own_deadline(trieu_son, client, member):
    from indicators.reports.deadlines import ad_hoc_requests

    Deadline.objects.create(
        plan=trieu_son.plan,
        report="ad_hoc",
        direction="in",
        due=datetime.date(2025, 8, 15),
        wording="Báo cáo đột xuất theo yêu cầu của UBND huyện",
    )
    asked = ad_hoc_requests(trieu_son.commune, today=datetime.date(2025, 8, 1))
    assert [(d.due, d.wording) for d in asked] == [
        (datetime.date(2025, 8, 15), "Báo cáo đột xuất theo yêu cầu của UBND huyện")
    ]
    assert ad_hoc_requests(trieu_son.commune, today=datetime.date(2025, 8, 16)) == []


def test_an_ad_hoc_report_reminds_the_officers_asked_before_its_date_once(
    trieu_son, member, mailoutbox, settings
):
    settings.REPORT_REMINDER_DAYS = 5
    asked = member(trieu_son.commune, Role.COMMUNICATION_OFFICER, email="thodan@example.org")
    district = member(trieu_son.district, Role.COMMUNICATION_OFFICER, email="ts@example.org")
    for user in (asked, district):
        user.user_permissions.add(Permission.objects.get(codename="add_report"))
    Deadline.objects.create(
        plan=trieu_son.plan,
        report="ad_hoc",
        direction="in",
        due=datetime.date(2025, 8, 15),
        wording="Báo cáo đột xuất theo yêu cầu của UBND huyện",
    )
    assert reminders.send_due(datetime.date(2025, 8, 9)) == 0  # six days before: not yet
    assert reminders.send_due(datetime.date(2025, 8, 11)) == 1
    assert reminders.send_due(datetime.date(2025, 8, 11)) == 0
    assert reminders.send_due(datetime.date(2025, 8, 12)) == 0
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["thodan@example.org"]  # the district asked; it owes nothing
    assert "đột xuất" in message.subject and "còn 4 ngày" in message.subject
    assert "15/08/2025" in message.body
    assert "Yêu cầu: Báo cáo đột xuất theo yêu cầu của UBND huyện" in message.body
    reminder = ReportReminder.objects.get()
    assert (reminder.org_unit, reminder.deadline) == (trieu_son.commune, datetime.date(2025, 8, 15))


def test_ad_hoc_reminders_ask_the_same_units_as_the_reports_page(trieu_son, tree):
    from indicators.reports.deadlines import ad_hoc_due_between, ad_hoc_requests, asks

    other = CommuneFactory(code="15002", name="Xã Thọ Tân", parent=trieu_son.district)
    for level in ("", "district", "commune"):
        Deadline.objects.create(
            plan=trieu_son.plan,
            report="ad_hoc",
            direction="in",
            from_level=level,
            due=datetime.date(2025, 8, 15),
        )
    Deadline.objects.create(
        plan=trieu_son.plan, report="ad_hoc", direction="out", due=datetime.date(2025, 8, 20)
    )
    day = datetime.date(2025, 8, 1)
    requests = ad_hoc_due_between(day, datetime.date(2025, 8, 31))
    for unit in (trieu_son.commune, other, trieu_son.district, trieu_son.province, tree.country):
        assert {r.pk for r in requests if asks(r, unit)} == {
            r.pk for r in ad_hoc_requests(unit, today=day)
        }, unit
