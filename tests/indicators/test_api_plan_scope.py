"""``plan=`` on the indicators API: another province's plan is answered as if it did not exist."""

import pytest

from indicators.models import Plan, Target
from tests.indicators.test_api import get, students, token  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.indicators.test_api")]


def test_another_provinces_plan_is_not_revealed(client, token, students, tree):  # noqa: F811
    theirs = Plan.objects.create(
        name="Kế hoạch bí mật của Lào Cai",
        level="province",
        org_unit=tree.lao_cai,
        first_year=2025,
        last_year=2025,
    )
    Target.objects.create(plan=theirs, indicator="students", value=10)
    response = get(client, token, unit="08", period="2025-H1", plan=theirs.pk)
    assert response.status_code == 422
    assert "Lào Cai" not in response.text
    assert str(theirs.pk) in response.text  # the same sentence as for a plan that is not there


def test_the_national_plan_still_applies_to_a_province(client, token, students):  # noqa: F811
    response = get(client, token, unit="08", period="2025-H1", plan=students.pk)
    assert response.status_code == 200
