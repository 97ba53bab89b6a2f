"""Tracking parameters are ignored by the page cache and never echoed into a cached page."""

import pytest

pytestmark = pytest.mark.django_db


def test_campaign_tags_of_the_first_visitor_are_not_in_the_shared_page(client, demo_site):
    tagged = client.get("/vi/?utm_source=quang_cao_la&utm_campaign=spam&fbclid=BAT-DAU-XYZ")
    assert tagged.status_code == 200 and tagged["X-Page-Cache"] == "miss"
    plain = client.get("/vi/")
    assert plain["X-Page-Cache"] == "hit"
    for response in (tagged, plain):
        body = response.content.decode()
        assert "quang_cao_la" not in body and "BAT-DAU-XYZ" not in body and "utm_" not in body
