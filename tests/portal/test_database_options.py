"""Database connection options the pages rely on."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_postgresql_connections_run_without_jit():
    """A short query on tables never analysed must not pay for JIT compilation (issue 10,
    item 14: 250 ms of the public page's first view went to the menu's two-row query)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
