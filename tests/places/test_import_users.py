"""Onboarding from a spreadsheet: all or nothing, within the importer's subtree and below
their role, each new user e-mailed a link to set their password."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from places import accounts
from places.models import Membership, Role

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
HEADER = "username,full_name,email,phone,unit_code,role"
GOOD = [
    "tnv_mai,Giàng Thị Mai,mai@example.org,0912 345 678,02269,volunteer",
    "duyet_an,Hoàng Văn An,an@example.org,,2266,Người duyệt",
]


@pytest.fixture
def province_admin(tree, member):
    return member(tree.tuyen_quang, Role.ADMINISTRATOR, username="quan_tri_tq")


def csv_file(tmp_path, lines):
    path = tmp_path / "nguoi_dung.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_the_command_creates_accounts_with_unit_role_and_a_set_password_link(
    tmp_path, province_admin, tree, client
):
    call_command("import_users", csv_file(tmp_path, GOOD), user="quan_tri_tq")

    mai = get_user_model().objects.get(username="tnv_mai")
    # As the user form asks: "Họ và tên đệm", then "Tên".
    assert (mai.last_name, mai.first_name) == ("Giàng Thị", "Mai")
    assert not mai.has_usable_password() and not mai.is_superuser and not mai.is_staff
    membership = Membership.objects.get(user=mai)
    assert membership.home_unit == tree.thuong_lam and membership.phone == "+84912345678"
    assert accounts.role_of(mai) == Role.VOLUNTEER
    an = get_user_model().objects.get(username="duyet_an")
    assert Membership.objects.get(user=an).home_unit == tree.lam_binh
    assert accounts.role_of(an) == Role.REVIEWER

    assert sorted(message.to[0] for message in mail.outbox) == [
        "an@example.org",
        "mai@example.org",
    ]
    link = next(m for m in mail.outbox if m.to == ["mai@example.org"]).body.split()[-1]
    assert "/password_reset/confirm/" in link
    page = client.get(link[link.index("/admin/") :], follow=True)
    assert page.status_code == 200 and 'name="new_password1"' in page.text


def test_one_bad_row_saves_nothing_and_every_bad_row_is_named(tmp_path, province_admin, capsys):
    lines = [
        *GOOD,
        "tnv_sapa,Lý Seo Chứ,chu@example.org,,03199,volunteer",  # another province
        "tnv_mai,Giàng Thị Mai,mai2@example.org,,02269,volunteer",  # the same username again
        "sep,Vàng A Sếp,sep@example.org,,08,administrator",  # not below the importer's role
        "x y,,not-an-email,12,99999,king",
    ]
    with pytest.raises(CommandError, match="Không lưu dòng nào"):
        call_command("import_users", csv_file(tmp_path, lines), user="quan_tri_tq")

    errors = capsys.readouterr().err
    assert "Dòng 4, cột unit_code: Đơn vị này nằm ngoài phạm vi quản lý của bạn." in errors
    assert "Dòng 5, cột username: Trùng tên đăng nhập với dòng 2." in errors
    assert "Dòng 6, cột role: Bạn chỉ giao được vai trò thấp hơn vai trò của mình." in errors
    for column in ("username", "full_name", "email", "phone", "unit_code", "role"):
        assert f"Dòng 7, cột {column}:" in errors
    assert not get_user_model().objects.filter(username__in=["tnv_mai", "duyet_an"]).exists()
    assert mail.outbox == []


def test_an_existing_username_is_a_bad_row(tmp_path, province_admin, member, tree, capsys):
    member(tree.thuong_lam, Role.VOLUNTEER, username="tnv_mai")
    with pytest.raises(CommandError):
        call_command("import_users", csv_file(tmp_path, GOOD), user="quan_tri_tq")
    assert "Dòng 2, cột username: Tên đăng nhập này đã có người dùng." in capsys.readouterr().err


def test_a_user_without_the_permission_imports_nothing(tmp_path, tree, member):
    member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="can_bo_tq")
    with pytest.raises(CommandError, match="không có quyền tạo tài khoản"):
        call_command("import_users", csv_file(tmp_path, GOOD), user="can_bo_tq")


def test_an_administrator_uploads_the_file_in_the_admin(client, province_admin):
    client.force_login(province_admin, backend=MODEL_BACKEND)
    body = ("\n".join([HEADER, *GOOD]) + "\n").encode("utf-8")
    response = client.post(
        reverse("events_import", args=["users"]),
        {"file": SimpleUploadedFile("nguoi_dung.csv", body, content_type="text/csv")},
    )
    assert response.status_code == 302
    assert "Đã nhập 2 dòng." in client.get(response.url).text
    assert get_user_model().objects.filter(username__in=["tnv_mai", "duyet_an"]).count() == 2
    assert len(mail.outbox) == 2
    template = client.get(reverse("events_import_template", args=["users", "csv"]))
    assert template.content.decode("utf-8-sig").strip() == HEADER
