import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from events.models import Session, Status

pytestmark = pytest.mark.django_db

HEADER = (
    "client_id,date,venue_code,commune_code,form,audience,cohort,participants,"
    "female,ethnic_minority,under_18,languages,organizer,note"
)


def write(tmp_path, *lines, name="buoi.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def line(cohort="10A1", participants=40):
    return (
        f"{uuid.uuid4()},2025-03-14,THPT-LB,,talk,students,{cohort},{participants},"
        "20,0,40,vi,youth_union,"
    )


def test_the_command_imports_a_file_and_says_how_many_rows(tmp_path, people, venues, capsys):
    path = write(tmp_path, line(), line("10A2"))
    call_command("import_sessions", str(path), "--user", people.officer_a.username)
    assert "Đã nhập 2 dòng." in capsys.readouterr().out
    assert Session.objects.filter(status=Status.SUBMITTED).count() == 2


def test_the_command_says_what_it_skipped_on_a_second_run(tmp_path, people, venues, capsys):
    path = write(tmp_path, line())
    call_command("import_sessions", str(path), "--user", people.officer_a.username)
    call_command("import_sessions", str(path), "--user", people.officer_a.username)
    assert "Đã nhập 0 dòng. Bỏ qua 1 dòng đã có." in capsys.readouterr().out


def test_the_command_exits_non_zero_and_prints_every_bad_row(tmp_path, people, venues, capsys):
    path = write(tmp_path, line(), line("10A2", participants="nhiều"), line("10A3", -1))
    with pytest.raises(CommandError, match="2 dòng có lỗi"):
        call_command("import_sessions", str(path), "--user", people.officer_a.username)
    err = capsys.readouterr().err
    assert "Dòng 3, cột participants: Nhập một số nguyên không âm." in err
    assert "Dòng 4, cột participants: Nhập một số nguyên không âm." in err
    assert Session.objects.count() == 0


def test_the_command_exits_non_zero_on_a_file_that_is_not_a_spreadsheet(tmp_path, people):
    path = tmp_path / "buoi.xlsx"
    path.write_text(HEADER, encoding="utf-8")
    with pytest.raises(CommandError, match="không phải bảng tính Excel thật"):
        call_command("import_sessions", str(path), "--user", people.officer_a.username)


def test_the_command_approves_with_approve(tmp_path, people, venues):
    path = write(tmp_path, line())
    call_command("import_sessions", str(path), "--user", people.officer_a.username, "--approve")
    assert Session.objects.get().status == Status.APPROVED


def test_the_command_refuses_approve_to_a_user_who_cannot_review(tmp_path, venues, tree, member):
    from django.contrib.auth.models import Permission

    importer = member(tree.tuyen_quang, username="nhap_lieu")
    importer.user_permissions.add(Permission.objects.get(codename="import_session"))
    path = write(tmp_path, line())
    with pytest.raises(CommandError, match="Chỉ người có quyền duyệt"):
        call_command("import_sessions", str(path), "--user", importer.username, "--approve")
    assert Session.objects.count() == 0


def test_the_command_refuses_an_unknown_user(tmp_path, db):
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("import_sessions", str(write(tmp_path, line())), "--user", "ai_do")
