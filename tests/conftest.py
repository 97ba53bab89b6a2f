import os
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from places.models import Role
from places.services import setup_roles
from tests.places.factories import (
    CommuneFactory,
    CountryFactory,
    MembershipFactory,
    ProvinceFactory,
    UserFactory,
)


def in_ci():
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs():
    """Django only recognises a language whose catalog is compiled."""
    from django.utils.translation import trans_real

    call_command("compile_catalogs", verbosity=0)
    # A catalog read before it was compiled (e.g. while the test database was migrated)
    # would stay cached without the project's translations.
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the page cache must not outlive the database."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo_site(db):
    """The demo home page in Vietnamese and its sample translations."""
    from portal.demo import load_home_pages

    home, _created = load_home_pages()
    return home


@pytest.fixture
def redis_url():
    """The real Redis of the run. CI always has one; elsewhere the test is skipped."""
    url = os.environ.get("REDIS_URL")
    if not url:
        if in_ci():
            pytest.fail("REDIS_URL must be set in CI: the task tests need a real Redis.")
        pytest.skip("REDIS_URL is not set: no Redis for this test.")
    return url


@pytest.fixture
def tree(db):
    """The country, two provinces and two communes in each."""
    country = CountryFactory()
    tuyen_quang = ProvinceFactory(code="08", name="Tỉnh Tuyên Quang", parent=country)
    lao_cai = ProvinceFactory(code="15", name="Tỉnh Lào Cai", parent=country)
    return SimpleNamespace(
        country=country,
        tuyen_quang=tuyen_quang,
        lao_cai=lao_cai,
        thuong_lam=CommuneFactory(code="02269", name="Xã Thượng Lâm", parent=tuyen_quang),
        lam_binh=CommuneFactory(code="02266", name="Xã Lâm Bình", parent=tuyen_quang),
        sa_pa=CommuneFactory(code="03199", name="Phường Sa Pa", parent=lao_cai),
        bac_ha=CommuneFactory(code="02998", name="Xã Bắc Hà", parent=lao_cai),
    )


@pytest.fixture
def roles(db):
    return setup_roles()


@pytest.fixture
def member(roles):
    """make a user whose home unit is ``unit``, in the group of ``role`` (if any)."""

    def make(unit, role: Role | None = None, **fields):
        user = UserFactory(**fields)
        MembershipFactory(user=user, home_unit=unit)
        if role is not None:
            user.groups.add(roles[role])
        return user

    return make


def pytest_collection_modifyitems(items):
    """Give every transactional test a serialized rollback.

    A transactional test ends by flushing the database, which also drops the rows
    migrations made (Wagtail's root page, locale and default site); the next test
    would find none. Serialized rollback reloads them before each such test.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        uses_live_db = {"live_server", "transactional_db"} & set(item.fixturenames)
        if (marker and marker.kwargs.get("transaction")) or uses_live_db:
            databases = marker.kwargs.get("databases") if marker else None
            item.add_marker(
                pytest.mark.django_db(
                    transaction=True, serialized_rollback=True, databases=databases
                ),
                append=False,
            )
