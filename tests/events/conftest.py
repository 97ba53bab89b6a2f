from types import SimpleNamespace

import pytest

from places.models import Role
from tests.events.factories import BaselineFactory, VenueFactory


@pytest.fixture
def people(tree, member):
    """Volunteers, reviewers and an officer in two provinces."""
    return SimpleNamespace(
        volunteer_a=member(tree.thuong_lam, Role.VOLUNTEER, username="tnv_thuonglam"),
        volunteer_a2=member(tree.thuong_lam, Role.VOLUNTEER, username="tnv_thuonglam2"),
        volunteer_b=member(tree.sa_pa, Role.VOLUNTEER, username="tnv_sapa"),
        reviewer_a=member(tree.tuyen_quang, Role.REVIEWER, username="duyet_tuyenquang"),
        reviewer_b=member(tree.lao_cai, Role.REVIEWER, username="duyet_laocai"),
        officer_a=member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="canbo_tuyenquang"),
    )


@pytest.fixture
def venues(tree):
    """A high school in each province, with 2025 population figures."""
    school_a = VenueFactory(code="THPT-LB", name="Trường THPT Lâm Bình", org_unit=tree.thuong_lam)
    school_b = VenueFactory(code="THPT-SP", name="Trường THPT Sa Pa", org_unit=tree.sa_pa)
    BaselineFactory(venue=school_a, year=2025, total=600)
    BaselineFactory(venue=school_b, year=2025, total=900)
    return SimpleNamespace(school_a=school_a, school_b=school_b)
