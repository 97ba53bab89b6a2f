"""A small XLSX cannot exhaust memory: sizes are checked before parsing, cells while reading."""

import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common import spreadsheets
from common.spreadsheets import FileRefused, open_table

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"


def hand_made_xlsx(strings, dimension="A1:B2", sheet_rows=None):
    """A workbook as Excel writes one: text cells point into the shared-strings part, whose
    body ``strings(handle)`` writes (streamed, so the test never holds it whole)."""
    if sheet_rows is None:
        sheet_rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{PACKAGE}/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPES}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPES}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE}/relationships"><Relationship Id="rId1" '
            f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE}/relationships">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'
            f"<sheetData>{sheet_rows}</sheetData></worksheet>"
        ),
    }
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as handle:
            handle.write(f'<sst xmlns="{MAIN}">'.encode())
            strings(handle)
            handle.write(b"</sst>")
    return output.getvalue()


def two_strings(handle):
    handle.write(b"<si><t>username</t></si><si><t>full_name</t></si>")


def megabytes_of_strings(megabytes):
    def write(handle):
        two_strings(handle)
        chunk = (b"<si><t>" + b"x" * 1000 + b"</t></si>") * 1000  # about 1 MB
        for _megabyte in range(megabytes):
            handle.write(chunk)

    return write


def bomb():
    """Half a megabyte that unpacks to 200 MB of shared strings."""
    return hand_made_xlsx(megabytes_of_strings(200))


def workbook_bytes(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refusal_and_peak_memory(data):
    """The refusal's message for the workbook ``data``, and the most memory it took."""
    tracemalloc.start()
    try:
        with pytest.raises(FileRefused) as refused:
            open_table(data, "nguoi_dung.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return refused.value.message, peak


def test_a_half_megabyte_xlsx_unpacking_to_200_mb_is_refused_before_it_is_parsed():
    data = bomb()
    assert len(data) < 512 * 1024

    message, peak = refusal_and_peak_memory(data)
    assert "Bảng tính quá lớn khi giải nén" in message
    assert peak < 20 * 1024 * 1024  # the file's size and a little: nothing was unpacked


def test_shared_strings_over_their_limit_are_refused_though_the_total_is_small():
    with pytest.raises(FileRefused, match="Bảng tính quá lớn"):
        open_table(hand_made_xlsx(megabytes_of_strings(17)), "nguoi_dung.xlsx")


def test_a_sheet_claiming_a_million_rows_is_refused_before_reading():
    data = hand_made_xlsx(two_strings, dimension="A1:XFD1048576")
    with pytest.raises(FileRefused, match="Bảng tính quá lớn"):
        open_table(data, "nguoi_dung.xlsx")


def many_tiny_entries(count):
    """A real workbook (it reads) followed by ``count`` empty zip entries."""
    output = io.BytesIO(workbook_bytes([["username", "full_name"], ["mai", "Giàng Thị Mai"]]))
    with zipfile.ZipFile(output, "a", zipfile.ZIP_STORED) as archive:
        for number in range(count):
            archive.writestr(f"x/{number}", b"")
    return output.getvalue()


def test_a_workbook_of_twenty_thousand_tiny_entries_is_refused_before_its_directory_is_read():
    data = many_tiny_entries(20_000)

    message, peak = refusal_and_peak_memory(data)
    assert "quá nhiều phần nén (hơn 1.000)" in message
    assert peak < 1024 * 1024  # zipfile would have built 20,000 entries: nothing was read


def test_a_workbook_with_a_few_extra_entries_still_reads():
    table = open_table(many_tiny_entries(50), "t.xlsx")
    assert table.count_rows() == 1


def test_cells_beyond_the_limit_are_refused_while_reading(monkeypatch):
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 40)
    )
    table = open_table(hand_made_xlsx(two_strings, dimension="A1", sheet_rows=rows), "t.xlsx")
    monkeypatch.setattr(spreadsheets, "MAX_XLSX_CELLS", 10)
    with pytest.raises(FileRefused, match="Bảng tính quá lớn"):
        table.count_rows()


def test_a_hand_made_workbook_with_shared_strings_reads():
    table = open_table(hand_made_xlsx(two_strings), "t.xlsx")
    assert table.header == ["username", "full_name"]


def test_an_ordinary_workbook_still_reads_in_full():
    table = open_table(workbook_bytes([["a", "b"]] + [[n, "x"] for n in range(500)]), "t.xlsx")
    assert table.count_rows() == 500


@pytest.mark.django_db
def test_the_import_page_refuses_the_bomb_with_a_vietnamese_message(client, people):
    client.force_login(people.officer_a, backend="django.contrib.auth.backends.ModelBackend")
    upload = SimpleUploadedFile("buoi.xlsx", bomb())
    response = client.post(reverse("events_import", args=["sessions"]), {"file": upload})
    assert response.status_code == 200
    assert "Bảng tính quá lớn khi giải nén" in response.text
