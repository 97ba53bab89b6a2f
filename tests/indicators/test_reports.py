"""Periodic reports: the files, the narrative, finalising, and who may open them."""

import datetime
import io
import unicodedata

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

import indicators.report_hooks  # noqa: F401  (registers the admin URLs before they load)
from campaigns.models import MediaItem
from events.models import MaterialHandedOut, Status
from indicators import engine
from indicators import services as indicator_services
from indicators.models import Deadline, Plan, Report, ReportStatus, Target
from indicators.report_tasks import generate_report
from indicators.reports import services
from indicators.reports.labels import period_label
from places.models import Role
from tests.events.factories import BaselineFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2025, 3, 14)
REPORT_PERMISSIONS = ("view_report", "add_report", "finalise_report")


@pytest.fixture
def national_plan(tree):
    plan = Plan.objects.create(
        name="Kế hoạch tổng thể thực hiện Chương trình phòng, chống mại dâm",
        document_number="808/QĐ-LĐTBXH",
        level="country",
        org_unit=tree.country,
        first_year=2021,
        last_year=2025,
        form="decision",
        issued_on=datetime.date(2022, 9, 5),
    )
    for key, month in (("H1", 6), ("Y", 12)):
        Deadline.objects.create(plan=plan, report=key, direction="in", month=month, day=20)
    Target.objects.create(plan=plan, indicator="communes", value=70, wording="≥ 70%")
    Target.objects.create(plan=plan, indicator="students", value=70, wording="≥ 70%")
    return plan


@pytest.fixture
def officer(member):
    """An officer of ``unit`` who may read, prepare and finalise its reports."""

    def make(unit, permissions=REPORT_PERMISSIONS, role=Role.COMMUNICATION_OFFICER):
        user = member(unit, role)
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="indicators", codename__in=permissions
            )
        )
        return get_user_model().objects.get(pk=user.pk)  # a fresh permission cache

    return make


@pytest.fixture
def activity(tree):
    """Two approved sessions in Thượng Lâm (one with leaflets), a school with a baseline, a
    press item; and a session waiting for review, which no report counts."""
    school = VenueFactory(org_unit=tree.thuong_lam, name="Trường THPT Thượng Lâm")
    BaselineFactory(venue=school, year=2025, total=400)
    first = SessionFactory(
        venue=school, status=Status.APPROVED, date=MARCH, cohort="10A1", participants=40
    )
    MaterialHandedOut.objects.create(session=first, description="Tờ rơi", quantity=120)
    SessionFactory(
        venue=school,
        status=Status.APPROVED,
        date=MARCH.replace(day=20),
        cohort="10A2",
        participants=36,
        form="film_screening",
    )
    SessionFactory(venue=school, status=Status.SUBMITTED, date=MARCH, participants=99)
    MediaItem.objects.create(
        published_on=MARCH,
        title="Tuyên truyền phòng, chống mại dâm ở Lâm Bình",
        outlet="Báo Tuyên Quang",
        channel="newspaper",
        level="provincial",
        org_unit=tree.tuyen_quang,
    )
    return school


def generated(unit, user, period="2025-H1"):
    report, _created = services.open_report(unit, period, user)
    assert services.generate(report.pk, user.pk) == "ready"
    report.refresh_from_db()
    return report


def finalised(report, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.finalise(report, user)
    report.refresh_from_db()
    return report


def pdf_text(report):
    with report.pdf_file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def workbook(report):
    with report.xlsx_file.open("rb") as handle:
        return load_workbook(io.BytesIO(handle.read()))


def rows(sheet):
    return [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]


# --- content -------------------------------------------------------------------------------


def test_the_workbook_has_the_indicator_table_against_targets(
    tree, national_plan, activity, officer
):
    report = generated(tree.tuyen_quang, officer(tree.tuyen_quang))
    sheet = workbook(report).worksheets[0]
    table = {row[1]: row for row in rows(sheet) if row[1] in {"communes", "students", "press"}}
    code, name, numerator, denominator, value, target, verdict = (
        table["communes"][i] for i in (1, 2, 3, 4, 6, 7, 9)
    )
    assert (code, numerator, denominator, value, target, verdict) == (
        "communes",
        1,
        2,
        50,
        70,
        "Chưa đạt",
    )
    assert name == "Xã, phường, thị trấn có tổ chức tuyên truyền"
    assert table["students"][6] == 19 and table["students"][9] == "Chưa đạt"
    assert table["press"][7] is None and table["press"][9] == "Chưa giao chỉ tiêu"


def test_the_workbook_breaks_the_figures_down_by_direct_child_unit(
    tree, national_plan, activity, officer
):
    report = generated(tree.tuyen_quang, officer(tree.tuyen_quang))
    sheet = workbook(report).worksheets[1]
    children = {row[2]: row for row in rows(sheet) if row[2] in {"Xã Thượng Lâm", "Xã Lâm Bình"}}
    assert children["Xã Thượng Lâm"][4] == 100  # communes: its one commune held a session
    assert children["Xã Lâm Bình"][4] == 0


def test_the_sessions_sheet_lists_approved_sessions_with_counts_and_no_author(
    tree, national_plan, activity, officer
):
    report = generated(tree.tuyen_quang, officer(tree.tuyen_quang))
    sheet = workbook(report).worksheets[2]
    listed = rows(sheet)
    header = listed[4]
    assert header == (
        "STT",
        "Ngày",
        "Mã xã",
        "Xã, phường",
        "Địa điểm",
        "Hình thức",
        "Đối tượng",
        "Số người tham dự",
        "Nữ",
        "Dân tộc thiểu số",
        "Dưới 18 tuổi",
    )
    sessions = listed[5:7]
    assert [row[7] for row in sessions] == [40, 36]  # the session awaiting review is left out
    assert sessions[0][1].date() == MARCH
    assert sessions[0][3:7] == (
        "Xã Thượng Lâm",
        "Trường THPT Thượng Lâm",
        "Nói chuyện chuyên đề",
        "Học sinh, sinh viên",
    )
    assert listed[7][1] == "Cộng"
    authors = {session.created_by.username for session in activity.sessions.all()}
    assert not authors & {value for row in listed for value in row if isinstance(value, str)}


def test_the_media_sheet_lists_the_period_s_media_items(tree, national_plan, activity, officer):
    report = generated(tree.tuyen_quang, officer(tree.tuyen_quang))
    listed = rows(workbook(report).worksheets[3])
    assert listed[5][2:6] == (
        "Tuyên truyền phòng, chống mại dâm ở Lâm Bình",
        "Báo Tuyên Quang",
        "Báo in",
        "Tỉnh, thành phố",
    )


def test_the_pdf_is_a_pdf_with_the_national_motto_and_the_issuing_unit(
    tree, national_plan, activity, officer
):
    report = generated(tree.tuyen_quang, officer(tree.tuyen_quang))
    with report.pdf_file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    text = pdf_text(report)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "TỈNH TUYÊN QUANG" in text
    assert "Số: …/BC-UBND" in text
    assert "Kết quả công tác truyền thông phòng, chống mại dâm 6 tháng đầu năm 2025" in text


def test_the_pdf_narrative_is_prefilled_from_the_data(tree, national_plan, activity, officer):
    report = generated(tree.tuyen_quang, officer(tree.tuyen_quang))
    text = pdf_text(report)
    assert "2 buổi tuyên truyền trực tiếp với 76 lượt người" in text
    assert "Nói chuyện chuyên đề: 1 buổi, 40 lượt người" in text
    assert "Tờ rơi: 120 (tại 1 buổi)" in text
    assert "Báo in: 1" in text
    assert "4. Cuộc thi tìm hiểu, sáng tác Chưa có dữ liệu." in text
    assert "Biểu đồ: Kết quả so với chỉ tiêu kế hoạch (%)" in text
    assert "DỰ THẢO" in text


def test_an_edited_section_is_printed_and_survives_regeneration(
    tree, national_plan, activity, officer
):
    user = officer(tree.tuyen_quang)
    report = generated(tree.tuyen_quang, user)
    services.edit_section(report, "assessment", "Các xã vùng cao còn ít buổi.", user)
    services.edit_section(report, "activities", "Văn bản do cán bộ viết lại.", user)
    services.generate(report.pk, user.pk)
    report.refresh_from_db()
    assert report.sections.get(code="activities").text == "Văn bản do cán bộ viết lại."
    text = pdf_text(report)
    assert "II. ĐÁNH GIÁ CHUNG Các xã vùng cao còn ít buổi." in text
    assert "Văn bản do cán bộ viết lại." in text


def test_restoring_a_section_brings_back_the_generated_text(tree, national_plan, activity, officer):
    user = officer(tree.tuyen_quang)
    report = generated(tree.tuyen_quang, user)
    prefilled = report.sections.get(code="materials").text
    services.edit_section(report, "materials", "Sửa tay.", user)
    section = services.restore_section(report, "materials", user)
    assert (section.text, section.is_edited) == (prefilled, False)


def test_a_unit_without_a_plan_gets_figures_without_targets(tree, activity, officer):
    report = generated(tree.tuyen_quang, officer(tree.tuyen_quang))
    assert report.snapshot["plan"] is None
    assert {r["verdict"] for r in report.snapshot["readings"]} <= {"no_target", "no_data"}


def test_a_month_is_not_a_report_period(tree, officer):
    with pytest.raises(ValidationError):
        services.open_report(tree.tuyen_quang, "2025-03", officer(tree.tuyen_quang))


def test_period_labels_read_as_vietnamese_documents_write_them():
    assert period_label("2025-H1") == "6 tháng đầu năm 2025"
    assert period_label("2025-Q3") == "quý III năm 2025"
    assert period_label("2025-M9") == "9 tháng đầu năm 2025"
    assert period_label("2025") == "năm 2025"
    assert period_label("2021-2025") == "giai đoạn 2021 – 2025"


# --- the task -------------------------------------------------------------------------------


def test_generation_through_the_task_reports_progress_up_to_100(
    tree, national_plan, activity, officer
):
    user = officer(tree.tuyen_quang)
    report, _created = services.open_report(tree.tuyen_quang, "2025-H1", user)
    assert generate_report.delay(report.pk, user.pk).get() == "ready"
    report.refresh_from_db()
    assert (report.status, report.progress, report.progress_label) == (
        ReportStatus.READY,
        100,
        "Xong.",
    )
    assert report.pdf_file and report.xlsx_file


def test_requesting_generation_queues_the_task_once_committed(
    tree, national_plan, activity, officer, django_capture_on_commit_callbacks
):
    user = officer(tree.tuyen_quang)
    report, _created = services.open_report(tree.tuyen_quang, "2025-H1", user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.request_generation(report, user)
    report.refresh_from_db()
    assert (report.status, report.progress, len(callbacks)) == (ReportStatus.GENERATING, 0, 1)
    callbacks[0]()
    report.refresh_from_db()
    assert (report.status, report.progress) == (ReportStatus.READY, 100)


def test_a_second_generation_is_refused_while_one_runs(tree, national_plan, officer):
    user = officer(tree.tuyen_quang)
    report, _created = services.open_report(tree.tuyen_quang, "2025-H1", user)
    services.request_generation(report, user)
    with pytest.raises(ValidationError):
        services.request_generation(report, user)


def test_a_failed_generation_says_why_and_leaves_the_report_open(
    tree, national_plan, officer, monkeypatch
):
    user = officer(tree.tuyen_quang)
    report, _created = services.open_report(tree.tuyen_quang, "2025-H1", user)

    def broken(*args, **kwargs):
        raise OSError("đĩa đầy")

    monkeypatch.setattr("indicators.reports.pdf.write", broken)
    assert services.generate(report.pk, user.pk) == "failed"
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "đĩa đầy" in report.generation_error
    assert not report.is_locked


# --- finalising --------------------------------------------------------------------------


def test_finalising_freezes_the_figures_against_later_approvals(
    tree, national_plan, activity, officer, django_capture_on_commit_callbacks
):
    user = officer(tree.tuyen_quang)
    report = finalised(generated(tree.tuyen_quang, user), user, django_capture_on_commit_callbacks)
    frozen_pdf = report.pdf_file.name
    SessionFactory(venue=VenueFactory(org_unit=tree.lam_binh), status=Status.APPROVED, date=MARCH)
    engine.mark_stale([tree.tuyen_quang.pk, tree.lam_binh.pk], ["2025-H1"])
    live = {r.code: r for r in indicator_services.readings(tree.tuyen_quang, "2025-H1")}
    assert live["communes"].numerator == 2
    report.refresh_from_db()
    communes = next(r for r in report.snapshot["readings"] if r["code"] == "communes")
    assert (communes["numerator"], communes["value"]) == (1, 50)
    assert report.snapshot["sessions_count"] == 2
    assert report.pdf_file.name == frozen_pdf
    assert services.generate(report.pk, user.pk) == "locked"


def test_finalising_submits_to_the_parent_unit_and_records_who_and_when(
    tree, national_plan, activity, officer, django_capture_on_commit_callbacks
):
    user = officer(tree.thuong_lam)
    report = finalised(generated(tree.thuong_lam, user), user, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_to == tree.tuyen_quang
    assert report.finalised_by == user
    assert report.finalised_at and report.submitted_at
    assert report.issued_on is not None
    assert "DỰ THẢO" not in pdf_text(report)


def test_a_finalised_report_cannot_be_edited(
    tree, national_plan, activity, officer, django_capture_on_commit_callbacks
):
    user = officer(tree.tuyen_quang)
    report = finalised(generated(tree.tuyen_quang, user), user, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        services.edit_section(report, "assessment", "Sửa sau khi gửi.", user)
    with pytest.raises(ValidationError):
        services.edit_header(report, {"number": "12/BC-UBND"}, user)
    with pytest.raises(ValidationError):
        services.request_generation(report, user)


def test_only_a_generated_report_can_be_finalised(tree, national_plan, officer):
    user = officer(tree.tuyen_quang)
    report, _created = services.open_report(tree.tuyen_quang, "2025-H1", user)
    with pytest.raises(ValidationError):
        services.finalise(report, user)


def test_finalising_needs_the_finalise_permission(tree, national_plan, activity, officer):
    # Not in the officers' group, which may finalise: only these two permissions.
    user = officer(tree.tuyen_quang, permissions=("view_report", "add_report"), role=None)
    report = generated(tree.tuyen_quang, user)
    with pytest.raises(PermissionDenied):
        services.finalise(report, user)


# --- who may open what (admin pages) ------------------------------------------------------


def test_another_province_cannot_open_the_report(tree, national_plan, activity, officer, client):
    report = generated(tree.tuyen_quang, officer(tree.tuyen_quang))
    client.force_login(officer(tree.lao_cai))
    assert client.get(reverse("indicators_report", args=[report.pk])).status_code == 404
    url = reverse("indicators_report_download", args=[report.pk, "pdf"])
    assert client.get(url).status_code == 404


def test_the_parent_reads_its_child_s_submitted_report(
    tree, national_plan, activity, officer, client, django_capture_on_commit_callbacks
):
    commune_officer = officer(tree.thuong_lam)
    report = finalised(
        generated(tree.thuong_lam, commune_officer),
        commune_officer,
        django_capture_on_commit_callbacks,
    )
    client.force_login(officer(tree.tuyen_quang))
    page = client.get(reverse("indicators_report", args=[report.pk]))
    assert page.status_code == 200
    assert "Số liệu đã chốt" in page.content.decode()
    download = client.get(reverse("indicators_report_download", args=[report.pk, "pdf"]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_parent_does_not_see_its_child_s_draft(tree, national_plan, activity, officer, client):
    report = generated(tree.thuong_lam, officer(tree.thuong_lam))
    client.force_login(officer(tree.tuyen_quang))
    assert client.get(reverse("indicators_report", args=[report.pk])).status_code == 404


def test_the_parent_cannot_edit_its_child_s_report(tree, national_plan, activity, officer, client):
    report = generated(tree.thuong_lam, officer(tree.thuong_lam))
    client.force_login(officer(tree.tuyen_quang))
    url = reverse("indicators_report_section", args=[report.pk, "assessment"])
    assert client.post(url, {"assessment-text": "x"}).status_code == 404
    assert report.sections.get(code="assessment").text == ""


def test_an_officer_creates_a_report_and_its_files_are_generated(
    tree, national_plan, activity, officer, client, django_capture_on_commit_callbacks
):
    client.force_login(officer(tree.tuyen_quang))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("indicators_report_new"), {"period": "2025-H1"})
    report = Report.objects.get(org_unit=tree.tuyen_quang, period="2025-H1")
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators_report", args=[report.pk])
    assert report.status == ReportStatus.READY


def test_the_progress_endpoint_answers_json(tree, national_plan, activity, officer, client):
    user = officer(tree.tuyen_quang)
    report = generated(tree.tuyen_quang, user)
    client.force_login(user)
    state = client.get(reverse("indicators_report_status", args=[report.pk])).json()
    assert (state["status"], state["percent"], state["finished"]) == ("ready", 100, True)


def test_an_officer_edits_a_section_in_the_admin(tree, national_plan, activity, officer, client):
    user = officer(tree.tuyen_quang)
    report = generated(tree.tuyen_quang, user)
    client.force_login(user)
    url = reverse("indicators_report_section", args=[report.pk, "proposals"])
    response = client.post(url, {"proposals-text": "Đề nghị bổ sung kinh phí."})
    assert response.status_code == 302
    section = report.sections.get(code="proposals")
    assert (section.text, section.edited_by) == ("Đề nghị bổ sung kinh phí.", user)


def test_the_report_list_and_page_stay_within_a_fixed_number_of_queries(
    tree, national_plan, activity, officer, client, django_assert_max_num_queries
):
    user = officer(tree.tuyen_quang)
    report = generated(tree.tuyen_quang, user)
    for period in ("2024", "2024-H1", "2023", "2023-H1", "2025-Q1", "2025-Q2"):
        Report.objects.create(org_unit=tree.tuyen_quang, period=period)
    client.force_login(user)
    with django_assert_max_num_queries(27):  # + the ad-hoc reports asked of the unit
        assert client.get(reverse("indicators_reports")).status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get(reverse("indicators_report", args=[report.pk])).status_code == 200


def test_a_report_cites_a_decision_as_a_decision_with_its_date_as_written(national_plan):
    from indicators.reports.data import _plan_json
    from indicators.reports.narrative import plan_basis

    basis = plan_basis(_plan_json(national_plan))
    assert basis.startswith("Quyết định số 808/QĐ-LĐTBXH ngày 05/09/2022")
    assert "Kế hoạch số 808" not in basis


def test_a_report_names_the_standing_agency_of_its_period(tree):
    from indicators.reports import bodies

    before, after = datetime.date(2024, 12, 31), datetime.date(2025, 6, 30)
    assert bodies.standing_agency(tree.country, before) == "BỘ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI"
    assert bodies.standing_agency(tree.country, after) == "BỘ Y TẾ"
    assert bodies.standing_agency(tree.tuyen_quang, after) == "SỞ Y TẾ\nTỈNH TUYÊN QUANG"
    assert bodies.central_agency(before) == "Bộ Lao động – Thương binh và Xã hội"


def test_the_header_offers_the_current_bodies_beside_the_historical_ones(
    tree, national_plan, officer, client
):
    user = officer(tree.tuyen_quang)
    report, _created = services.open_report(tree.tuyen_quang, "2025-H1", user)
    assert "Bộ Y tế" in report.recipients
    client.force_login(user)
    html = client.get(reverse("indicators_report", args=[report.pk])).text
    assert "SỞ Y TẾ – TỈNH TUYÊN QUANG" in html
    assert "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI – TỈNH TUYÊN QUANG" in html
