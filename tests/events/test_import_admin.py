import io
import uuid

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events import import_tasks
from events.models import Session, Status
from places.models import Venue
from tests.admin_answers import refused

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
HEADER = (
    "client_id,date,venue_code,commune_code,form,audience,cohort,participants,"
    "female,ethnic_minority,under_18,languages,organizer,note"
)


def upload(lines, name="buoi.csv", header=HEADER):
    body = ("\n".join([header, *lines]) + "\n").encode("utf-8")
    return SimpleUploadedFile(name, body, content_type="text/csv")


def line(cohort="10A1", participants=40):
    return (
        f"{uuid.uuid4()},2025-03-14,THPT-LB,,talk,students,{cohort},{participants},"
        "20,0,0,vi,youth_union,"
    )


@pytest.fixture
def officer(client, people):
    client.force_login(people.officer_a, backend=MODEL_BACKEND)
    return people.officer_a


def post_file(client, file, kind="sessions", **extra):
    return client.post(reverse("events_import", args=[kind]), {"file": file, **extra})


def test_the_import_page_offers_the_templates_and_the_upload(client, officer):
    response = client.get(reverse("events_import", args=["sessions"]))
    assert response.status_code == 200
    assert reverse("events_import_template", args=["sessions", "xlsx"]) in response.text
    assert 'name="approve"' in response.text  # the officer may review


def test_the_imports_menu_is_shown_to_an_officer(client, officer):
    response = client.get(reverse("wagtailadmin_home"))
    # The sidebar is JSON: non-ASCII letters come escaped.
    assert '"label": "Nh\\u1eadp d\\u1eef li\\u1ec7u"' in response.text
    assert reverse("events_import", args=["venues"]) in response.text


def test_a_reviewer_without_the_import_permission_is_refused(client, people):
    client.force_login(people.reviewer_a, backend=MODEL_BACKEND)
    assert refused(client.get(reverse("events_import", args=["sessions"])))
    assert refused(client.get(reverse("events_import", args=["venues"])))
    assert refused(client.get(reverse("events_import_template", args=["sessions", "csv"])))


def test_a_valid_upload_imports_and_the_result_page_says_how_many_rows(client, officer, venues):
    response = post_file(client, upload([line(), line("10A2")]))
    assert response.status_code == 302
    page = client.get(response.url)
    assert "Đã nhập 2 dòng." in page.text
    assert Session.objects.filter(status=Status.SUBMITTED).count() == 2


def test_an_upload_with_bad_rows_saves_nothing_and_lists_every_bad_row(client, officer, venues):
    response = post_file(client, upload([line(), line("10A2", -5), line("10A3", "abc")]))
    page = client.get(response.url)
    assert Session.objects.count() == 0
    assert "Không lưu dòng nào: 2 dòng có lỗi" in page.text
    assert page.text.count("Nhập một số nguyên không âm.") == 2
    job_id = response.url.rstrip("/").rsplit("/", 1)[-1]
    errors = client.get(reverse("events_import_job_errors", args=[job_id]))
    lines = errors.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "row,column,reason",
        "3,participants,Nhập một số nguyên không âm.",
        "4,participants,Nhập một số nguyên không âm.",
    ]


def test_approve_from_the_admin_approves_the_imported_sessions(client, officer, venues):
    response = post_file(client, upload([line()]), approve="on")
    client.get(response.url)
    assert Session.objects.get().status == Status.APPROVED


def test_a_text_file_renamed_xlsx_is_refused_with_a_message(client, officer, venues):
    response = post_file(client, upload([line()], name="buoi.xlsx"))
    assert response.status_code == 200
    assert "không phải bảng tính Excel thật" in response.text
    assert Session.objects.count() == 0


def test_a_file_over_the_size_cap_is_refused(client, officer, monkeypatch):
    monkeypatch.setattr("events.admin_imports.MAX_UPLOAD_BYTES", 100)
    response = post_file(client, upload([line(), line("10A2")]))
    assert response.status_code == 200
    assert "Tệp lớn hơn 20 MB" in response.text


def test_the_xlsx_template_has_the_header_and_the_allowed_codes(client, officer):
    response = client.get(reverse("events_import_template", args=["sessions", "xlsx"]))
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    data, legend = workbook.worksheets
    assert ",".join(cell.value for cell in data[1]).startswith(HEADER)
    columns = {row[0] for row in legend.iter_rows(min_row=2, values_only=True)}
    assert columns == {"form", "audience", "organizer", "languages"}


def test_the_csv_template_has_the_header(client, officer):
    response = client.get(reverse("events_import_template", args=["venues", "csv"]))
    assert response.content.decode("utf-8-sig").startswith(
        "code,name,kind,commune_code,year,population,female,ethnic_minority,source"
    )


def test_a_venue_registry_is_imported_from_the_admin(client, officer, tree):
    header = "code,name,kind,commune_code,year,population,female,ethnic_minority,source"
    file = upload(["V1,Thôn Nà Hang,village,2269,2025,300,,,UBND xã"], "dd.csv", header)
    response = post_file(client, file, kind="venues")
    assert "Đã nhập 1 dòng." in client.get(response.url).text
    assert Venue.objects.get().org_unit == tree.thuong_lam


def test_a_file_over_5000_rows_runs_as_a_task_and_completes(client, officer, venues, monkeypatch):
    from events.tasks import import_sessions_file

    queued = []
    original = import_sessions_file.apply_async

    def spy(*args, **kwargs):
        queued.append(kwargs["args"][0])
        return original(*args, **kwargs)

    monkeypatch.setattr(import_sessions_file, "apply_async", spy)
    rows = import_tasks.TASK_THRESHOLD + 1
    response = post_file(client, upload([line(f"L{i}", 30) for i in range(rows)]))
    [job_id] = queued
    assert response.url == reverse("events_import_job", args=[job_id])
    status = client.get(reverse("events_import_job_status", args=[job_id])).json()
    assert status["finished"] and status["state"] == "done" and status["percent"] == 100
    assert "Đã nhập 5.001 dòng." in client.get(response.url).text
    assert Session.objects.count() == rows


def test_a_job_page_shows_a_progress_bar_until_the_job_is_done(client, officer, monkeypatch):
    from events.tasks import import_sessions_file

    monkeypatch.setattr(import_tasks, "TASK_THRESHOLD", 1)
    monkeypatch.setattr(import_sessions_file, "apply_async", lambda *args, **kwargs: None)
    response = post_file(client, upload([line(), line("10A2")]))
    page = client.get(response.url)
    assert "<progress" in page.text
    assert "js/job_progress.js" in page.text
    job_id = response.url.rstrip("/").rsplit("/", 1)[-1]
    status = client.get(reverse("events_import_job_status", args=[job_id])).json()
    assert (status["state"], status["finished"], status["percent"]) == ("queued", False, 0)


def test_another_user_cannot_read_someone_elses_job(client, officer, people, venues, member):
    response = post_file(client, upload([line()]))
    job_id = response.url.rstrip("/").rsplit("/", 1)[-1]
    from places.models import Role

    other = member(people.officer_a.membership.home_unit, Role.COMMUNICATION_OFFICER)
    client.force_login(other, backend=MODEL_BACKEND)
    assert refused(client.get(response.url))
    assert refused(client.get(reverse("events_import_job_status", args=[job_id])))
    assert refused(client.get(reverse("events_import_job_errors", args=[job_id])))
