"""The demo has a volunteer, and venues in her commune for the /log/ venue search."""

import pytest
from django.core.management import call_command

from common.names import full_name
from events.demo import USERNAME, load_demo_volunteer
from places.models import PopulationBaseline, Role, Venue

pytestmark = pytest.mark.django_db


def test_the_demo_volunteer_belongs_to_a_commune_with_venues_she_can_find(client, tree, roles):
    user, created = load_demo_volunteer()
    assert user.username == USERNAME and USERNAME in created
    assert full_name(user) == "Vàng Thị Mai"
    assert user.membership.home_unit == tree.thuong_lam  # Xã Thượng Lâm, code 02269
    assert user.groups.filter(name=Role.VOLUNTEER.group_name).exists()
    venues = Venue.objects.filter(org_unit=tree.thuong_lam)
    assert venues.count() >= 5
    assert PopulationBaseline.objects.filter(venue__in=venues).count() == venues.count()

    client.force_login(user)
    answer = client.get("/vi/log/venues/", {"q": "thcs"}).json()
    assert [venue["name"] for venue in answer["venues"]] == ["Trường THCS Thượng Lâm"]
    assert len(client.get("/vi/log/venues/").json()["venues"]) == venues.count()


def test_loading_the_demo_volunteer_twice_changes_nothing(tree, roles):
    load_demo_volunteer()
    counts = (Venue.objects.count(), PopulationBaseline.objects.count())
    assert load_demo_volunteer()[1] == []
    assert (Venue.objects.count(), PopulationBaseline.objects.count()) == counts


def test_without_communes_no_demo_volunteer_is_made(db):
    assert load_demo_volunteer() == (None, [])


def test_load_demo_content_prints_the_volunteers_login(tree, roles, capsys):
    call_command("load_demo_content")
    out = capsys.readouterr().out
    assert f"/vi/log/  user: {USERNAME}  password: " in out
