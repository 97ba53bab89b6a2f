import datetime
import io
import uuid

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.spreadsheets import FileRefused, open_table
from events.imports import import_sessions
from events.models import Action, MaterialHandedOut, Session, SessionChange, Status
from places.models import Role
from tests.events.factories import BaselineFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "client_id,date,venue_code,commune_code,form,audience,cohort,participants,"
    "female,ethnic_minority,under_18,languages,organizer,note"
)
TODAY = datetime.date(2026, 1, 15)


def csv_file(*lines, header=HEADER):
    return open_table(("\n".join([header, *lines]) + "\n").encode(), "buoi.csv")


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def talk(client_id="", day="2025-03-14", venue="THPT-LB", cohort="10A1", participants=40):
    return (
        f"{client_id},{day},{venue},,talk,students,{cohort},{participants},"
        "22,5,40,vi;hmn,youth_union,Buổi nói chuyện đầu năm"
    )


def run(user, table, **kwargs):
    return import_sessions(user, table, today=TODAY, **kwargs)


def test_a_valid_csv_file_is_imported_and_submitted_for_review(people, venues):
    result = run(people.officer_a, csv_file(talk(), talk(cohort="10A2")))
    assert result.ok, result.errors
    assert result.imported == 2
    assert result.summary() == "Đã nhập 2 dòng."
    sessions = Session.objects.order_by("cohort")
    assert [s.cohort for s in sessions] == ["10A1", "10A2"]
    session = sessions[0]
    assert session.status == Status.SUBMITTED
    assert session.venue == venues.school_a
    assert session.org_unit == venues.school_a.org_unit
    assert session.languages == ["hmn", "vi"]
    assert session.created_by == people.officer_a
    assert list(session.changes.values_list("action", flat=True)) == [Action.IMPORTED]
    assert session.changes.first().changes["fields"]["participants"] == 40


def test_a_file_with_bad_rows_saves_nothing_and_reports_every_bad_row_column_and_reason(
    people, venues
):
    table = csv_file(
        talk(),
        f"{'x' * 65},14/03/2025,THPT-LB,,talk,students,10A1,-3,22,5,40,vi,youth_union,",
        talk(day="2099-01-01", participants=10),
        ",2025-03-14,THPT-XX,,talk,students,10A3,10,0,0,0,vi,youth_union,",
        ",2025-03-14,THPT-LB,,talk,students,10A4,10,12,0,0,xx,nobody,",
    )
    result = run(people.officer_a, table)
    assert not result.ok
    assert Session.objects.count() == 0
    found = [(e.row, e.column, e.message) for e in result.errors]
    assert (3, "client_id", "client_id dài tối đa 64 ký tự.") in found
    assert (3, "participants", "Nhập một số nguyên không âm.") in found
    assert (4, "date", "Ngày tổ chức không được sau hôm nay.") in found
    assert (5, "venue_code", "Không có địa điểm mã “THPT-XX”.") in found
    assert (6, "female", "Không được lớn hơn số người tham dự.") in found
    assert (6, "languages", "Ngôn ngữ không rõ: xx.") in found
    assert (6, "organizer", "Đơn vị tổ chức không hợp lệ.") in found
    assert 2 not in {e.row for e in result.errors}
    assert str(result.errors[1]) == "Dòng 3, cột participants: Nhập một số nguyên không âm."
    assert result.summary().startswith("Không lưu dòng nào: 4 dòng có lỗi")


def test_a_missing_column_is_reported_on_the_header_row(people, venues):
    result = run(people.officer_a, csv_file("2025-03-14,THPT-LB", header="date,venue_code"))
    assert {(e.row, e.column) for e in result.errors} >= {(1, "form"), (1, "participants")}


def test_an_xlsx_file_with_real_date_and_number_cells_is_imported(people, venues, tree):
    rows = [
        HEADER.split(","),
        [
            "",
            datetime.datetime(2025, 3, 14),
            "THPT-LB",
            None,
            "talk",
            "students",
            "10A1",
            40,
            22,
            5,
            40,
            "vi",
            "youth_union",
            None,
        ],
        [
            "",
            "15/03/2025",
            None,
            2269,
            "loudspeaker",
            "community",
            None,
            1200,
            None,
            None,
            None,
            "vi",
            "womens_union",
            "Phát thanh xã",
        ],
    ]
    result = run(people.officer_a, open_table(xlsx_bytes(rows), "buoi.xlsx"))
    assert result.ok, result.errors
    loudspeaker = Session.objects.get(form="loudspeaker")
    assert loudspeaker.org_unit == tree.thuong_lam
    assert loudspeaker.venue is None
    assert (loudspeaker.female, loudspeaker.participants) == (0, 1200)


def test_a_csv_file_saved_by_excel_with_semicolons_and_a_bom_is_read(people, venues):
    line = talk().replace(",", ";").replace("vi;hmn", '"vi;hmn"')
    table = open_table(("\ufeff" + HEADER.replace(",", ";") + "\r\n" + line).encode(), "b.csv")
    result = run(people.officer_a, table)
    assert result.ok, result.errors
    assert Session.objects.get().languages == ["hmn", "vi"]


def test_importing_the_same_file_again_adds_nothing(people, venues):
    lines = (talk(client_id=uuid.uuid4()), talk(cohort="10A2"))
    assert run(people.officer_a, csv_file(*lines)).imported == 2
    again = run(people.officer_a, csv_file(*lines))
    assert again.ok, again.errors
    assert (again.imported, again.skipped) == (0, 2)
    assert again.summary() == "Đã nhập 0 dòng. Bỏ qua 2 dòng đã có."
    assert Session.objects.count() == 2


def test_a_known_client_id_with_other_content_is_an_error(people, venues):
    client_id = uuid.uuid4()
    run(people.officer_a, csv_file(talk(client_id=client_id)))
    result = run(people.officer_a, csv_file(talk(client_id=client_id, participants=41)))
    assert [(e.row, e.column) for e in result.errors] == [(2, "client_id")]
    assert "nội dung khác" in result.errors[0].message


def test_a_client_id_twice_in_one_file_is_an_error(people, venues):
    client_id = uuid.uuid4()
    result = run(people.officer_a, csv_file(talk(client_id), talk(client_id, cohort="10A2")))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "client_id", "client_id trùng với dòng 2.")
    ]


def test_a_row_without_client_id_repeating_another_row_is_an_error(people, venues):
    result = run(people.officer_a, csv_file(talk(), talk()))
    assert [(e.row, e.column) for e in result.errors] == [(3, "date")]


def test_a_row_matching_a_session_logged_on_a_phone_is_skipped(people, venues):
    SessionFactory(venue=venues.school_a, date=datetime.date(2025, 3, 14), cohort="10a1")
    result = run(people.officer_a, csv_file(talk()))
    assert (result.imported, result.skipped) == (0, 1)


def test_rows_outside_the_users_province_are_refused_one_by_one(people, venues, tree):
    line_b = ",2025-03-14,THPT-SP,,talk,students,12A,30,10,0,30,vi,youth_union,"
    commune_b = ",2025-03-14,,03199,loudspeaker,community,,500,0,0,0,vi,youth_union,"
    result = run(people.officer_a, csv_file(talk(), line_b, commune_b))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "venue_code", "Địa điểm này ngoài địa bàn bạn phụ trách."),
        (4, "commune_code", "Địa điểm này ngoài địa bàn bạn phụ trách."),
    ]
    assert Session.objects.count() == 0


def test_above_baseline_rows_are_imported_flagged_and_reported(people, venues):
    result = run(people.officer_a, csv_file(talk(participants=700)))
    assert result.ok
    assert Session.objects.get().above_baseline_confirmed
    assert [(w.row, w.column) for w in result.warnings] == [(2, "participants")]


def test_approve_approves_what_is_imported_and_records_it(people, venues):
    result = run(people.officer_a, csv_file(talk()), approve=True)
    assert result.ok
    session = Session.objects.get()
    assert session.status == Status.APPROVED
    assert session.reviewed_by == people.officer_a
    assert list(session.changes.values_list("action", flat=True)) == [
        Action.IMPORTED,
        Action.APPROVED,
    ]


def test_approve_needs_the_review_permission(people, venues, tree, member):
    from django.contrib.auth.models import Permission

    importer = member(tree.tuyen_quang, username="nhap_lieu")
    importer.user_permissions.add(Permission.objects.get(codename="import_session"))
    with pytest.raises(PermissionDenied):
        run(importer, csv_file(talk()), approve=True)
    assert Session.objects.count() == 0
    assert run(importer, csv_file(talk())).imported == 1


def test_importing_needs_the_import_permission(people, venues):
    with pytest.raises(PermissionDenied):
        run(people.reviewer_a, csv_file(talk()))


def test_materials_are_saved_with_their_quantities(people, venues):
    header = HEADER + ",materials"
    result = run(people.officer_a, csv_file(talk() + ",Tờ rơi: 50; Sổ tay: 5", header=header))
    assert result.ok, result.errors
    assert sorted(MaterialHandedOut.objects.values_list("description", "quantity")) == [
        ("Sổ tay", 5),
        ("Tờ rơi", 50),
    ]


def test_codes_may_be_written_as_their_vietnamese_labels(people, venues):
    line = ",14/03/2025,THPT-LB,,Nói chuyện chuyên đề,hoc sinh sinh vien,10A1,40,0,0,0,"
    result = run(people.officer_a, csv_file(line + "tiếng Việt;H'Mông,Đoàn Thanh niên,"))
    assert result.ok, result.errors
    session = Session.objects.get()
    assert (session.form, session.audience, session.organizer) == (
        "talk",
        "students",
        "youth_union",
    )
    assert session.languages == ["hmn", "vi"]


def test_a_commune_code_that_disagrees_with_the_venue_is_an_error(people, venues):
    line = ",2025-03-14,THPT-LB,02266,talk,students,10A1,40,0,0,0,vi,youth_union,"
    result = run(people.officer_a, csv_file(line))
    assert [(e.row, e.column) for e in result.errors] == [(2, "commune_code")]


def test_the_number_of_queries_does_not_grow_with_the_rows(people, venues, tree):
    venues_a = [VenueFactory(org_unit=tree.thuong_lam) for _ in range(5)]
    for venue in venues_a:
        BaselineFactory(venue=venue, year=2025)

    def lines(count):
        return [
            f"{uuid.uuid4()},2025-03-14,{venues_a[i % 5].code},,talk,students,"
            f"L{i},30,10,0,30,vi,youth_union,"
            for i in range(count)
        ]

    run(people.officer_a, csv_file(*lines(2)))  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        run(people.officer_a, csv_file(*lines(3)), batch_size=1000)
    with CaptureQueriesContext(connection) as many:
        run(people.officer_a, csv_file(*lines(60)), batch_size=1000)
    assert len(many) == len(few)
    assert SessionChange.objects.count() == 2 + 3 + 60


def test_a_text_file_renamed_xlsx_is_refused():
    with pytest.raises(FileRefused, match="không phải bảng tính Excel thật"):
        open_table(HEADER.encode(), "buoi.xlsx")


def test_a_binary_file_renamed_csv_is_refused():
    with pytest.raises(FileRefused, match="không phải CSV mã UTF-8"):
        open_table(b"\x89PNG\r\n\x1a\n\xff\xfe\x00", "buoi.csv")


def test_a_zip_without_content_types_is_not_an_xlsx():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(FileRefused, match="không phải bảng tính Excel"):
        open_table(buffer.getvalue(), "buoi.xlsx")


def test_row_numbers_count_blank_rows_as_a_spreadsheet_does():
    table = open_table(b"date,form\n2025-01-01,talk\n,\n2025-01-02,talk\n", "a.csv")
    assert [number for number, _values in table.rows()] == [2, 4]


def test_an_approved_import_refreshes_indicators_once_per_commune_and_month(
    people, venues, django_capture_on_commit_callbacks
):
    from events.models import FollowUp

    lines = [talk(cohort=f"10A{i}") for i in range(3)] + [talk(day="2025-04-02")]
    with django_capture_on_commit_callbacks(execute=True):
        result = run(people.officer_a, csv_file(*lines), approve=True)
    assert result.imported == 4
    refreshes = FollowUp.objects.filter(kind="indicator_refresh")
    assert sorted(f.payload["month"] for f in refreshes) == ["2025-03", "2025-04"]
    assert all(f.done_at is not None for f in refreshes)


def test_a_client_id_saved_meanwhile_by_someone_else_refuses_the_whole_file(
    tree, people, venues, monkeypatch
):
    import events.imports

    client_id = uuid.uuid4()
    original = events.imports._drop_existing

    def then_a_phone_sends_the_same_record(user, rows, result):
        new_rows = original(user, rows, result)
        SessionFactory(client_id=client_id, venue=venues.school_a, import_unit=tree.tuyen_quang)
        return new_rows

    monkeypatch.setattr(events.imports, "_drop_existing", then_a_phone_sends_the_same_record)
    with pytest.raises(FileRefused, match="vừa được lưu cùng lúc"):
        run(people.officer_a, csv_file(talk(cohort="10A2"), talk(client_id=client_id)))
    assert Session.objects.count() == 1


def test_a_cohort_or_note_too_long_is_reported_by_the_volunteers_checks(people, venues):
    line = talk(cohort="x" * 121).replace("Buổi nói chuyện đầu năm", "y" * 5001)
    result = run(people.officer_a, csv_file(line))
    assert {(e.row, e.column) for e in result.errors} == {(2, "cohort"), (2, "note")}


def test_a_client_id_is_the_sheet_s_own_row_id_of_up_to_64_characters(people, venues):
    row_id = "Sổ 2025/dòng 17 " + "x" * 48
    result = run(people.officer_a, csv_file(talk(client_id="17"), talk(row_id, cohort="10A2")))
    assert result.ok, result.errors
    assert sorted(Session.objects.values_list("client_id", flat=True)) == ["17", row_id]
    again = run(people.officer_a, csv_file(talk(client_id="17"), talk(row_id, cohort="10A2")))
    assert (again.imported, again.skipped) == (0, 2)


def test_two_units_may_number_their_rows_alike(tree, member, people, venues):
    officer_b = member(tree.lao_cai, Role.COMMUNICATION_OFFICER, username="canbo_laocai")
    officer_b.user_permissions.add(*people.officer_a.user_permissions.all())
    for group in people.officer_a.groups.all():
        officer_b.groups.add(group)
    assert run(people.officer_a, csv_file(talk(client_id="1"))).ok
    result = run(officer_b, csv_file(talk(client_id="1", venue="THPT-SP")))
    assert result.ok, result.errors
    assert Session.objects.filter(client_id="1").count() == 2
