"""The library's page links never carry a visitor's tracking tags into the shared cache."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_next_page_link_of_a_tagged_visit_carries_no_tracking_tag(
    client, demo_library, add_material
):
    for number in range(10):  # 13 with the demo's three: a second page
        add_material(f"Tờ rơi phụ {number}", languages=())
    url = demo_library.get_url()

    tagged = client.get(f"{url}?utm_source=quang_cao_la&fbclid=BAT-DAU-XYZ")
    plain = client.get(url)

    assert plain["X-Page-Cache"] == "hit"
    for response in (tagged, plain):
        body = response.content.decode()
        assert 'rel="next"' in body
        assert "quang_cao_la" not in body and "BAT-DAU-XYZ" not in body
