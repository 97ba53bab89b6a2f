"""The sessions API hands out only its own scoped photo addresses, never a /media/ path, and
``make run`` does not serve the folder of session photos."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from events import photos
from places import tokens
from portal.views import development_media
from tests.events.factories import SessionFactory
from tests.events.test_photos import jpeg_with_gps

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def get(user, path):
        plaintext = tokens.create_token(user, "test")[1]
        return client.get(path, headers={"Authorization": f"Bearer {plaintext}"})

    return get


@pytest.fixture
def photo(people, venues, django_capture_on_commit_callbacks):
    session = SessionFactory(venue=venues.school_a, created_by=people.volunteer_a)
    with django_capture_on_commit_callbacks(execute=True):
        return photos.add_photo(session, jpeg_with_gps())


def test_the_api_gives_scoped_photo_addresses_that_serve_in_scope_only(api, people, photo):
    body = api(people.reviewer_a, f"/api/v1/sessions/{photo.session_id}").json()
    [listed] = body["photos"]
    assert "/media/" not in str(body)
    assert listed["url"] == f"/api/v1/sessions/{photo.session_id}/photos/{photo.pk}"
    assert listed["thumbnail_url"].endswith("/thumbnail")

    served = api(people.reviewer_a, listed["url"])
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert api(people.reviewer_a, listed["thumbnail_url"]).status_code == 200
    assert api(people.reviewer_b, listed["url"]).status_code == 404


def test_development_media_serves_public_uploads_but_not_session_photos(photo, settings):
    request = RequestFactory().get("/media/x")
    for private in (photo.image.name, f"images/../{photo.image.name}", photo.thumbnail.name):
        with pytest.raises(Http404):
            development_media(request, private)
    public = settings.MEDIA_ROOT / "images" / "cong-khai.txt"
    public.parent.mkdir(parents=True, exist_ok=True)
    public.write_text("ok")
    try:
        assert development_media(request, "images/cong-khai.txt").status_code == 200
    finally:
        public.unlink()
