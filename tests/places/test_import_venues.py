import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from common.spreadsheets import open_table, template_csv, template_xlsx
from places.imports import VENUE_TEMPLATE_COLUMNS, import_venues, venue_template_codes
from places.models import PopulationBaseline, Role, Venue
from tests.places.factories import CommuneFactory

pytestmark = pytest.mark.django_db

HEADER = "code,name,kind,commune_code,year,population,female,ethnic_minority,source"
TODAY = datetime.date(2026, 1, 15)


def csv_file(*lines, header=HEADER):
    return open_table(("\n".join([header, *lines]) + "\n").encode(), "dia_diem.csv")


@pytest.fixture
def officer(tree, member):
    return member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="canbo_tq")


def run(user, table):
    return import_venues(user, table, today=TODAY)


def test_venues_and_their_yearly_baselines_are_created(officer, tree):
    result = run(
        officer,
        csv_file(
            "THPT-LB,Trường THPT Lâm Bình,high_school,2269,2024,580,300,400,Sở GD&ĐT",
            "THPT-LB,Trường THPT Lâm Bình,high_school,02269,2025,600,310,410,Sở GD&ĐT",
            "KAR-01,Karaoke Hoa Sen,establishment,02266,2025,12,8,,Công an xã",
        ),
    )
    assert result.ok, result.errors
    assert result.imported == 3
    school = Venue.objects.get(code="THPT-LB")
    assert school.org_unit == tree.thuong_lam
    assert school.search_name == "truong thpt lam binh"
    assert list(school.baselines.order_by("year").values_list("year", "total")) == [
        (2024, 580),
        (2025, 600),
    ]
    assert PopulationBaseline.objects.get(venue__code="KAR-01").ethnic_minority is None


def test_importing_again_updates_in_place_and_counts_unchanged_rows_as_skipped(officer, tree):
    line = "THPT-LB,Trường THPT Lâm Bình,high_school,02269,2025,600,310,410,Sở GD&ĐT"
    run(officer, csv_file(line))
    again = run(officer, csv_file(line))
    assert (again.imported, again.skipped) == (0, 1)
    changed = run(officer, csv_file(line.replace(",600,", ",650,")))
    assert changed.imported == 1
    assert Venue.objects.count() == 1
    assert PopulationBaseline.objects.get().total == 650


def test_bad_rows_save_nothing_and_each_is_reported(officer, tree):
    result = run(
        officer,
        csv_file(
            "THPT-LB,Trường THPT Lâm Bình,high_school,02269,2025,600,310,410,Sở",
            ",Không mã,school,99999,1800,-1,700,,",
            "THPT-SP,Trường THPT Sa Pa,high_school,03199,2025,900,,,",
            "THPT-LB,Trường THPT Lâm Bình,high_school,02269,2025,600,310,410,Sở",
        ),
    )
    assert Venue.objects.count() == 0
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (3, "code"),
        (3, "kind"),
        (3, "commune_code"),
        (3, "year"),
        (3, "population"),
        (4, "commune_code"),
        (5, "year"),
    }
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[(4, "commune_code")] == "Xã, phường này ngoài địa bàn bạn phụ trách."
    assert messages[(5, "year")] == "Năm 2025 của địa điểm THPT-LB đã có ở dòng 2."


def test_a_venue_of_another_province_cannot_be_overwritten(officer, tree, member):
    other = member(tree.lao_cai, Role.COMMUNICATION_OFFICER, username="canbo_lc")
    run(other, csv_file("THPT-SP,Trường THPT Sa Pa,high_school,03199,2025,900,,,"))
    result = run(officer, csv_file("THPT-SP,Trường THPT Sa Pa,high_school,02269,2025,900,,,"))
    assert [(e.row, e.column) for e in result.errors] == [(2, "code")]
    assert Venue.objects.get().org_unit == tree.sa_pa


def test_rows_of_one_venue_must_agree_on_the_venue(officer, tree):
    result = run(
        officer,
        csv_file(
            "THPT-LB,Trường THPT Lâm Bình,high_school,02269,2024,580,,,",
            "THPT-LB,Trường THPT Lâm Bình,high_school,02266,2025,600,,,",
        ),
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "commune_code")]


def test_only_a_current_commune_can_hold_a_venue(officer, tree):
    CommuneFactory(code="02270", parent=tree.tuyen_quang, valid_until=datetime.date(2025, 6, 30))
    result = run(officer, csv_file("V1,Thôn Nà Hang,village,02270,2025,300,,,"))
    assert [(e.row, e.column) for e in result.errors] == [(2, "commune_code")]


def test_optional_columns_set_establishment_type_and_coordinates(officer, tree):
    header = HEADER + ",establishment_type,address,latitude,longitude,as_of"
    line = "KAR-01,Karaoke Hoa Sen,establishment,02266,2025,12,8,,CA,karaoke,Thôn 1,22.4,105.2,"
    result = run(officer, csv_file(line + "31/12/2024", header=header))
    assert result.ok, result.errors
    venue = Venue.objects.get()
    assert (venue.establishment_type, venue.latitude) == ("karaoke", Decimal("22.400000"))
    assert venue.baselines.get().as_of == datetime.date(2024, 12, 31)


def test_an_establishment_type_on_a_school_is_an_error(officer, tree):
    header = HEADER + ",establishment_type"
    result = run(
        officer, csv_file("S1,Trường A,high_school,02266,2025,12,,,,karaoke", header=header)
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "establishment_type")]


def test_an_xlsx_registry_is_imported(officer, tree):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append(["THPT-LB", "Trường THPT Lâm Bình", "high_school", 2269, 2025, 600])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(officer, open_table(buffer.getvalue(), "dia_diem.xlsx"))
    assert result.ok, result.errors
    assert Venue.objects.get().org_unit == tree.thuong_lam


def test_importing_venues_needs_the_registry_permission(tree, member):
    reviewer = member(tree.tuyen_quang, Role.REVIEWER, username="duyet_tq")
    with pytest.raises(PermissionDenied):
        run(reviewer, csv_file("V1,Thôn A,village,02269,2025,300,,,"))


def test_the_templates_carry_the_header_and_the_allowed_codes():
    assert template_csv(VENUE_TEMPLATE_COLUMNS).decode("utf-8-sig").startswith("code,name,kind,")
    workbook = openpyxl.load_workbook(
        io.BytesIO(template_xlsx(VENUE_TEMPLATE_COLUMNS, venue_template_codes()))
    )
    data, legend = workbook.worksheets
    assert [cell.value for cell in data[1]] == list(VENUE_TEMPLATE_COLUMNS)
    codes = {(row[0], row[1]) for row in legend.iter_rows(min_row=2, values_only=True)}
    assert ("kind", "industrial_zone") in codes
    assert ("establishment_type", "massage_sauna") in codes


def test_the_venue_command_imports_and_exits_non_zero_on_a_bad_row(officer, tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    good = tmp_path / "dia_diem.csv"
    good.write_text(HEADER + "\nV1,Thôn Nà Hang,village,02269,2025,300,,,\n", encoding="utf-8")
    call_command("import_venues", str(good), "--user", officer.username)
    assert "Đã nhập 1 dòng." in capsys.readouterr().out
    bad = tmp_path / "loi.csv"
    bad.write_text(HEADER + "\nV2,Thôn Mới,village,02269,2025,không rõ,,,\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_venues", str(bad), "--user", officer.username)
    assert "Dòng 2, cột population" in capsys.readouterr().err
    assert Venue.objects.count() == 1


def test_a_venue_row_with_blank_year_and_population_registers_it_without_a_baseline(officer, tree):
    from indicators.dashboard import venues_without_baseline
    from indicators.periods import parse_period

    result = run(
        officer,
        csv_file(
            "THPT-LB,Trường THPT Lâm Bình,high_school,02269,,,,,",
            "KCN-01,Khu công nghiệp Long Bình An,industrial_zone,02266,2025,5000,,,Ban quản lý",
        ),
    )
    assert result.ok, result.errors
    assert result.details["rows_without_baseline"] == 1
    school = Venue.objects.get(code="THPT-LB")
    assert not school.baselines.exists()
    gaps = venues_without_baseline(tree.tuyen_quang, parse_period("2025"))
    assert [venue.code for venue in gaps] == ["THPT-LB"]
    again = run(officer, csv_file("THPT-LB,Trường THPT Lâm Bình,high_school,02269,,,,,"))
    assert (again.imported, again.skipped) == (0, 1)


def test_a_baseline_needs_both_year_and_population(officer, tree):
    result = run(
        officer,
        csv_file(
            "THPT-LB,Trường THPT Lâm Bình,high_school,02269,2025,,,,",
            "THPT-TB,Trường THPT Thổ Bình,high_school,02269,,600,,,",
            "THPT-NH,Trường THPT Na Hang,high_school,02269,,,300,,Sở GD&ĐT",
        ),
    )
    assert Venue.objects.count() == 0
    assert {(e.row, e.column) for e in result.errors} == {
        (2, "population"),
        (3, "year"),
        (4, "year"),
    }
