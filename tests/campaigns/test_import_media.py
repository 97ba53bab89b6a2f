"""manage.py import_media and the admin upload: all or nothing, every bad row named."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from campaigns.media_imports import import_media
from campaigns.models import MediaItem
from common.spreadsheets import open_table
from tests.admin_answers import refused_or_hidden
from tests.campaigns.fixtures_media import (  # noqa: F401
    admin_url,
    campaign_fixture,
    csv_bytes,
    media_item,
    officer_fixture,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

HEADER = "date,outlet,level,kind,title,url,language,unit_code"
GOOD = (
    HEADER,
    "2025-03-05,Báo Tuyên Quang,provincial,newspaper,Chung tay phòng chống mại dâm,"
    "https://baotuyenquang.com.vn/a,vi,08",
    '14/03/2025,Đài truyền thanh xã,"Xã, phường",Loa truyền thanh cơ sở,Bản tin tối,,'
    "tiếng H'Mông,2269",
)
IMPORT = "wagtailsnippets_campaigns_mediaitem:import"


def write(tmp_path, data, name="media.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_command_imports_every_row_with_its_fields(tree, tmp_path, capsys):
    call_command("import_media", str(write(tmp_path, csv_bytes(*GOOD))))
    assert "Đã nhập 2 dòng." in capsys.readouterr().out
    press, loudspeaker = MediaItem.objects.order_by("published_on")
    assert (press.published_on, press.level, press.channel, press.org_unit) == (
        datetime.date(2025, 3, 5),
        "provincial",
        "newspaper",
        tree.tuyen_quang,
    )
    assert press.url == "https://baotuyenquang.com.vn/a"
    assert (loudspeaker.level, loudspeaker.channel, loudspeaker.language) == (
        "commune",
        "loudspeaker",
        "hmn",
    )
    assert loudspeaker.org_unit == tree.thuong_lam  # 2269 read as 02269


def test_the_command_reads_xlsx_too(tree, tmp_path):
    rows = [
        HEADER.split(","),
        [datetime.date(2025, 3, 5), "VTV1", "central", "tv", "Phóng sự", "", "", "08"],
    ]
    call_command("import_media", str(write(tmp_path, xlsx_bytes(rows), "media.xlsx")))
    item = MediaItem.objects.get()
    assert (item.channel, item.level, item.language) == ("television", "central", "vi")


def test_one_bad_row_saves_nothing_and_every_bad_row_is_reported(tree, tmp_path, capsys):
    data = csv_bytes(
        *GOOD,
        "2025-13-40,Báo,provincial,newspaper,Tin,,vi,08",
        ",Báo,tỉnh,báo giấy,Tin,ftp://x,klingon,99999",
    )
    with pytest.raises(CommandError, match="2 dòng có lỗi"):
        call_command("import_media", str(write(tmp_path, data)))
    errors = capsys.readouterr().err
    assert "Dòng 4, cột date: Ngày không hợp lệ" in errors
    assert "Dòng 5, cột date: Nhập ngày đăng, phát." in errors
    assert "Dòng 5, cột kind: Loại hình không hợp lệ" in errors
    assert "Dòng 5, cột url: Đường dẫn không hợp lệ" in errors
    assert "Dòng 5, cột language: Ngôn ngữ không rõ: klingon." in errors
    assert "Dòng 5, cột unit_code: Không có đơn vị nào mang mã 99999." in errors
    assert not MediaItem.objects.exists()


def test_a_missing_column_is_named(tree):
    table = open_table(csv_bytes("date,outlet,title", "2025-03-05,Báo,Tin"), "m.csv")
    result = import_media(table)
    assert {(e.row, e.column) for e in result.errors} == {
        (1, "level"),
        (1, "kind"),
        (1, "unit_code"),
    }


def test_a_date_in_the_future_is_refused(tree):
    table = open_table(csv_bytes(HEADER, "2025-03-05,Báo,central,radio,Tin,,,08"), "m.csv")
    result = import_media(table, today=datetime.date(2025, 3, 1))
    assert [(e.column, e.message) for e in result.errors] == [
        ("date", "Ngày đăng, phát không được sau hôm nay.")
    ]


def test_importing_the_same_file_twice_adds_nothing(tree, tmp_path, capsys):
    path = write(tmp_path, csv_bytes(*GOOD))
    call_command("import_media", str(path))
    call_command("import_media", str(path))
    assert "Bỏ qua 2 dòng đã có." in capsys.readouterr().out
    assert MediaItem.objects.count() == 2


def test_the_same_item_twice_in_one_file_is_an_error(tree):
    table = open_table(csv_bytes(*GOOD, GOOD[1]), "m.csv")
    result = import_media(table)
    assert [(e.row, e.column) for e in result.errors] == [(4, "title")]
    assert "Trùng với dòng 2" in result.errors[0].message


def test_a_user_may_import_only_units_of_their_subtree(tree, officer):
    table = open_table(csv_bytes(HEADER, "2025-03-05,Báo Lào Cai,provincial,newspaper,Tin,,,15"))
    result = import_media(table, user=officer)
    assert [(e.row, e.column) for e in result.errors] == [(2, "unit_code")]
    assert "ngoài phạm vi" in result.errors[0].message
    assert not MediaItem.objects.exists()


def test_the_command_with_a_user_logs_the_items_as_theirs(tree, officer, tmp_path):
    call_command("import_media", str(write(tmp_path, csv_bytes(*GOOD))), user="canbo_tq")
    assert set(MediaItem.objects.values_list("logged_by", flat=True)) == {officer.pk}


def test_an_officer_imports_from_the_admin(client, officer, tree):
    upload = SimpleUploadedFile("media.csv", csv_bytes(*GOOD), content_type="text/csv")
    response = client.post(admin_url(IMPORT), {"file": upload})
    assert response.status_code == 200
    assert "Đã nhập 2 dòng." in response.text
    assert MediaItem.objects.filter(logged_by=officer).count() == 2


def test_the_admin_lists_every_bad_row_and_saves_nothing(client, officer, tree):
    data = csv_bytes(*GOOD, "2025-03-05,Báo Lào Cai,provincial,newspaper,Tin,,,15")
    upload = SimpleUploadedFile("media.csv", data, content_type="text/csv")
    html = client.post(admin_url(IMPORT), {"file": upload}).text
    assert "Không lưu dòng nào" in html
    assert "Đơn vị này nằm ngoài phạm vi quản lý của bạn." in html
    assert not MediaItem.objects.exists()


def test_the_admin_refuses_a_file_that_is_not_what_its_name_says(client, officer):
    upload = SimpleUploadedFile("media.xlsx", csv_bytes(*GOOD))
    html = client.post(admin_url(IMPORT), {"file": upload}).text
    assert "không phải bảng tính Excel thật" in html
    assert not MediaItem.objects.exists()


def test_the_admin_offers_the_template_with_its_codes(client, officer):
    response = client.get(admin_url("wagtailsnippets_campaigns_mediaitem:import_template", "csv"))
    assert response.content.decode("utf-8-sig").strip() == HEADER
    response = client.get(admin_url("wagtailsnippets_campaigns_mediaitem:import_template", "xlsx"))
    assert response.content.startswith(b"PK")


def test_a_volunteer_cannot_reach_the_import_page(client, tree, member):
    from places.models import Role

    client.force_login(member(tree.thuong_lam, Role.VOLUNTEER, username="tnv"))
    response = client.get(admin_url(IMPORT))
    assert refused_or_hidden(response) or response.url.startswith(admin_url("wagtailadmin_login"))
