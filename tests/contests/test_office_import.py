"""The admin page that imports a question bank from XLSX."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

import contests.office_hooks  # noqa: F401  (registers the admin views until wagtail_hooks does)
from contests.models import Question, QuestionBank
from contests.samples import SAMPLE_PATH
from places.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(tree, member):
    user = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_question", "change_question"])
    )
    return type(user).objects.get(pk=user.pk)


def upload(client, data, name="cau_hoi.xlsx", **fields):
    return client.post(
        "/admin/contests/questions/import/",
        {"file": SimpleUploadedFile(name, data), **fields},
    )


def test_an_officer_imports_the_sample_into_a_new_bank(officer, client):
    client.force_login(officer)
    response = upload(client, SAMPLE_PATH.read_bytes(), new_bank="Pháp luật 2026")
    assert response.status_code == 200
    assert "Đã nhập 2 dòng" in response.content.decode()
    assert Question.objects.filter(bank__name="Pháp luật 2026").count() == 2


def test_a_bad_file_shows_every_error_and_leaves_no_new_bank(officer, client):
    client.force_login(officer)
    response = upload(client, b"not a spreadsheet", new_bank="Hỏng")
    html = response.content.decode()
    assert "Không lưu dòng nào" in html
    assert not QuestionBank.objects.filter(name="Hỏng").exists()


def test_the_sample_download_has_the_enabled_languages(officer, client, settings):
    import io

    import openpyxl

    settings.MINORITY_LANGUAGES = ["hmn", "km"]
    client.force_login(officer)
    response = client.get("/admin/contests/questions/sample.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    assert "question_km" in header and "question_hmn" in header


def test_without_permission_the_import_page_is_refused(tree, member, client):
    client.force_login(member(tree.tuyen_quang, Role.REVIEWER))
    response = client.get("/admin/contests/questions/import/")
    assert response.status_code in {302, 403}
