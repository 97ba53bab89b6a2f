"""The indicators router as the project serves it, at /api/v1/indicators."""

import pytest

from places.models import Role
from places.tokens import create_token

pytestmark = pytest.mark.django_db


def test_the_project_api_serves_indicators_to_a_token_in_scope(client, tree, member):
    officer = member(tree.tuyen_quang, Role.COMMUNICATION_OFFICER, username="canbo_api")
    _record, token = create_token(officer, name="test")
    auth = {"authorization": f"Bearer {token}"}
    response = client.get(
        "/api/v1/indicators/", {"unit": tree.tuyen_quang.code, "period": "2025-H1"}, headers=auth
    )
    assert response.status_code == 200, response.content
    codes = [row["code"] for row in response.json()]
    assert "students" in codes and "press" in codes
    other = client.get(
        "/api/v1/indicators/", {"unit": tree.lao_cai.code, "period": "2025-H1"}, headers=auth
    )
    assert other.status_code == 404


def test_the_openapi_document_lists_the_indicators_route(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/indicators/" in paths
