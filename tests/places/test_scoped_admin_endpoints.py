"""Admin endpoints that used to answer with other units' names: the choosers' "chosen"
views and the site-history report go through the scoping helper too."""

import pytest
from django.urls import reverse
from wagtail.log_actions import log

from places.models import Membership, Role
from tests.events.factories import VenueFactory

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def officer(tree, member, client):
    user = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="can_bo_tq")
    client.force_login(user, backend=MODEL_BACKEND)
    return user


def test_the_org_unit_chooser_names_only_units_in_scope(client, officer, tree):
    chosen = "wagtailsnippetchoosers_places_orgunit:chosen"
    assert client.get(reverse(chosen, args=[tree.sa_pa.pk])).status_code == 404
    mine = client.get(reverse(chosen, args=[tree.thuong_lam.pk]))
    assert mine.status_code == 200 and mine.json()["result"]["string"] == "Xã Thượng Lâm"
    several = client.get(
        reverse("wagtailsnippetchoosers_places_orgunit:chosen_multiple"),
        {"id": [tree.sa_pa.pk, tree.thuong_lam.pk]},
    )
    assert [item["string"] for item in several.json()["result"]] == ["Xã Thượng Lâm"]


def test_the_venue_chooser_names_only_venues_in_scope(client, officer, tree):
    theirs = VenueFactory(org_unit=tree.sa_pa, name="Trường THPT Sa Pa")
    chosen = reverse("wagtailsnippetchoosers_places_venue:chosen", args=[theirs.pk])
    response = client.get(chosen)
    assert response.status_code == 404 and "Sa Pa" not in response.text


def test_the_site_history_shows_only_entries_of_the_readers_subtree(
    client, officer, tree, member, admin_user
):
    theirs = member(tree.sa_pa, Role.VOLUNTEER, username="tnv_sa_pa_bi_mat")
    mine = member(tree.thuong_lam, Role.VOLUNTEER, username="tnv_thuong_lam")
    for user in (theirs, mine):
        log(Membership.objects.get(user=user), "wagtail.edit", user=admin_user)
        log(user, "wagtail.edit", user=user)
    far_venue = VenueFactory(org_unit=tree.sa_pa, name="Trường THPT Sa Pa Bí Mật")
    log(far_venue, "wagtail.edit", user=theirs)

    html = client.get(reverse("wagtailadmin_reports:site_history")).text
    results = client.get(reverse("wagtailadmin_reports:site_history_results")).text

    for text in (html, results):
        assert "tnv_thuong_lam" in text
        assert "tnv_sa_pa_bi_mat" not in text and "Sa Pa Bí Mật" not in text
