"""A province's administrator changes their subtree, not what the whole site shares: the
site and its host name, redirects, languages, workflows, the interface's translations."""

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from places.models import Role
from tests.admin_answers import refused_or_hidden

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

SITE_WIDE_PAGES = (
    "/admin/sites/",
    "/admin/redirects/",
    "/admin/locales/",
    "/admin/workflows/list/",
)


@pytest.fixture
def province_administrator(client, tree, member):
    user = member(tree.lao_cai, Role.ADMINISTRATOR, username="quan_tri_lao_cai")
    client.force_login(user, backend=MODEL_BACKEND)
    return user


@pytest.fixture
def national_administrator(client, tree, member):
    user = member(tree.country, Role.ADMINISTRATOR, username="quan_tri_tw")
    client.force_login(user, backend=MODEL_BACKEND)
    return user


def test_a_province_administrator_cannot_redirect_the_national_home(client, province_administrator):
    response = client.post(
        "/admin/redirects/add/",
        {"old_path": "/vi/", "redirect_link": "https://lua-dao.example/", "is_permanent": "on"},
    )
    assert refused_or_hidden(response)
    assert not Redirect.objects.exists()


def test_a_province_administrator_cannot_change_the_sites_host_name(client, province_administrator):
    site = Site.objects.get(is_default_site=True)
    response = client.post(
        f"/admin/sites/edit/{site.pk}/",
        {"hostname": "lua-dao.example", "port": "80", "root_page": site.root_page_id},
    )
    assert refused_or_hidden(response)
    site.refresh_from_db()
    assert site.hostname != "lua-dao.example"


@pytest.mark.parametrize("address", SITE_WIDE_PAGES)
def test_a_province_administrator_does_not_reach_site_wide_settings(
    client, province_administrator, address
):
    assert refused_or_hidden(client.get(address))


def test_a_province_administrator_does_not_translate_the_interface(province_administrator):
    assert not province_administrator.has_perm("locales.translate_interface")
    assert province_administrator.has_perm("places.change_venue")  # their subtree's data


def test_the_settings_menu_offers_them_none_of_it(client, province_administrator):
    menu = client.get("/admin/").content.decode()
    for address in SITE_WIDE_PAGES:
        assert f'"{address}"' not in menu


@pytest.mark.parametrize("address", SITE_WIDE_PAGES)
def test_a_national_administrator_reaches_them(client, national_administrator, address):
    assert client.get(address).status_code == 200
