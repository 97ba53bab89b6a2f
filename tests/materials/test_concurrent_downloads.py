"""Hundreds of simultaneous downloads on PostgreSQL add exactly as many to the count."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from materials.models import DownloadCount
from tests.conftest import in_ci
from tests.materials.factories import PHONE_UA

READERS = 300
WORKERS = 50

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        if in_ci():
            pytest.fail("CI runs on PostgreSQL: this test must not be skipped there.")
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite serialises every write.")


def test_three_hundred_simultaneous_downloads_count_exactly_three_hundred(postgresql, leaflet):
    url = f"/vi/tai-lieu/{leaflet.pk}/tai-ve/vi/document/"
    start = threading.Barrier(WORKERS)

    def download(number):
        try:
            if number < WORKERS:
                start.wait(timeout=60)  # the first wave starts together
            response = Client(HTTP_USER_AGENT=PHONE_UA).get(url)
            b"".join(response.streaming_content)
            response.close()
            return response.status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        statuses = list(pool.map(download, range(READERS)))

    assert statuses == [200] * READERS
    row = DownloadCount.objects.get(material=leaflet, language="vi", day=timezone.localdate())
    assert row.count == READERS
    assert DownloadCount.objects.count() == 1
