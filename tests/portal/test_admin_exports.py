"""Wagtail's own downloads (reports, listings) write cells through the project's safe_cell."""

import csv
import io

import openpyxl
import pytest
from wagtail.models import Page

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example","Xem")'


@pytest.fixture
def hostile_page(db):
    root = Page.objects.get(depth=1)
    page = root.add_child(instance=Page(title=HOSTILE, slug="trang-doc-hai"))
    page.save_revision(log_action=True)
    return page


def test_the_site_history_csv_writes_a_hostile_page_title_as_text(hostile_page, admin_client):
    response = admin_client.get("/admin/reports/site-history/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'" + HOSTILE in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def test_the_site_history_xlsx_writes_a_hostile_page_title_as_text(hostile_page, admin_client):
    response = admin_client.get("/admin/reports/site-history/?export=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'" + HOSTILE in values
