"""The reports are reachable in the running admin, not only from their own tests."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_report_pages_are_registered_in_the_admin():
    assert reverse("indicators_reports").startswith("/admin/reports/")
