"""Translators see each language's status in the admin and translate interface strings
through a PO or XLSX download and upload, marking what a native speaker reviewed."""

import io

import openpyxl
import polib
import pytest
from django.urls import reverse

from locales import interface_strings
from locales.models import InterfaceString
from locales.status import language_status
from tests.places.factories import UserFactory

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
SOURCE = "Đơn vị này nằm ngoài phạm vi quản lý của bạn."


@pytest.fixture
def translator(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user, backend=MODEL_BACKEND)
    client.user = user
    return client


def xlsx_rows(body):
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_of(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "km.xlsx"
    return buffer


def test_the_status_page_lists_each_language_with_strings_pages_and_files(translator):
    response = translator.get(reverse("locales_status"))
    assert response.status_code == 200
    text = response.content.decode()
    for code in ["vi", "hmn", "km"]:
        assert f'data-language="{code}"' in text
    vi = language_status("vi")
    assert vi.total > 1500 and vi.translated == vi.total
    assert [count.label for count in vi.content] == ["Trang", "Tệp tài liệu"]
    assert "Chuỗi giao diện đã dịch" in text and "Người bản ngữ đã duyệt" in text


def test_the_status_page_is_refused_to_a_user_without_the_translate_permission(client):
    client.force_login(UserFactory(is_staff=True), backend=MODEL_BACKEND)
    response = client.get(reverse("locales_status"))
    assert response.status_code in (302, 403)


def test_a_translator_fills_the_xlsx_and_marks_a_string_reviewed(translator):
    body = translator.get(reverse("locales_download", args=["km", "xlsx"])).content
    header, *rows = xlsx_rows(body)
    assert header == interface_strings.COLUMNS
    row = next(r for r in rows if r[2] == SOURCE)
    before = language_status("km")
    upload = xlsx_of([header, [row[0], row[1], row[2], "អង្គភាពនេះនៅក្រៅវិសាលភាពរបស់អ្នក។", "x"]])
    response = translator.post(reverse("locales_upload", args=["km"]), {"file": upload})
    assert response.status_code == 302
    saved = InterfaceString.objects.get(language="km", msgid=SOURCE)
    assert saved.text == "អង្គភាពនេះនៅក្រៅវិសាលភាពរបស់អ្នក។"
    assert saved.reviewed_by == translator.user and saved.updated_by == translator.user
    after = language_status("km")
    assert after.reviewed == before.reviewed + 1
    assert after.pending == before.pending + 1


def test_an_upload_that_loses_a_placeholder_is_refused_for_that_row():
    user = UserFactory()
    entry = next(e for e in interface_strings.entries("vi") if e.msgid == "Delete %(title)s")
    table = "mã,bản dịch\n" + f"{entry.domain}:{entry.key},Xoá\n"
    result = interface_strings.upload("vi", table.encode(), "vi.csv", user)
    assert result.saved == 0 and len(result.errors) == 1
    assert not InterfaceString.objects.exists()


def test_a_po_file_round_trips_with_the_reviewed_flag():
    user = UserFactory()
    catalog = polib.pofile(interface_strings.export_po("hmn").decode())
    entry = next(e for e in catalog if e.msgid == SOURCE)
    entry.msgstr = "Chav tsev no tsis nyob hauv koj txoj kev saib xyuas."
    entry.flags.append("reviewed")
    result = interface_strings.upload("hmn", str(catalog).encode(), "hmn.po", user)
    assert (result.saved, result.reviewed, result.errors) == (1, 1, [])
    again = interface_strings.upload("hmn", str(catalog).encode(), "hmn.po", user)
    assert again.saved == 0 and again.unchanged > 0


def test_changing_a_reviewed_text_needs_a_new_review():
    user = UserFactory()
    entry = next(e for e in interface_strings.entries("km") if e.msgid == SOURCE)
    code = f"{entry.domain}:{entry.key}"
    interface_strings.upload("km", f"mã,bản dịch,đã duyệt\n{code},ក,x\n".encode(), "a.csv", user)
    interface_strings.upload("km", f"mã,bản dịch,đã duyệt\n{code},ខ,\n".encode(), "b.csv", user)
    row = InterfaceString.objects.get(language="km", msgid=SOURCE)
    assert row.text == "ខ" and not row.reviewed


def test_apply_writes_the_admins_texts_into_the_catalog_with_the_reviewed_flag(settings, tmp_path):
    catalog_dir = tmp_path / "km" / "LC_MESSAGES"
    catalog_dir.mkdir(parents=True)
    po = polib.POFile()
    po.append(polib.POEntry(msgid=SOURCE, msgstr=""))
    po.save(str(catalog_dir / "django.po"))
    settings.LOCALE_PATHS = [tmp_path]
    user = UserFactory()
    entry = interface_strings.entries("km")[0]
    csv = f"mã,bản dịch,đã duyệt\n{entry.domain}:{entry.key},ក,x\n"
    interface_strings.upload("km", csv.encode(), "km.csv", user)
    assert interface_strings.apply_to_catalogs("km") == 1
    written = polib.pofile(str(catalog_dir / "django.po"))[0]
    assert written.msgstr == "ក" and "reviewed" in written.flags
    assert language_status("km").pending == 0


def test_no_machine_translator_is_configured(settings):
    assert not getattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR", None)
