"""The bad-row report of an import is a CSV that never carries a formula."""

import csv
import io

import pytest
from django.urls import reverse

from common.spreadsheets import ImportResult, RowError
from events import import_tasks

pytestmark = pytest.mark.django_db

HOSTILE = "=cmd|' /C calc'!A0"


def test_the_error_report_writes_hostile_cells_as_text(client, people):
    officer = people.officer_a
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    job_id = import_tasks._new_job(officer, "sessions", "buoi.csv", 1, False)
    result = ImportResult(rows=1, errors=[RowError(2, HOSTILE, "-2+3 không phải số")])
    import_tasks._update(job_id, state=import_tasks.DONE, result=result.as_dict())

    response = client.get(reverse("events_import_job_errors", args=[job_id]))

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["2", "'" + HOSTILE, "'-2+3 không phải số"]
