"""One error shape for every refusal of the API, documented on every operation."""

import json
import typing
import uuid

import pytest
from pydantic import BaseModel

from common.api import REFUSAL_CODES
from places import tokens
from portal.api import api
from tests.events.test_api_write import talk

pytestmark = pytest.mark.django_db

SHAPE = {"detail", "errors", "warnings"}


def bearer(user):
    return {"Authorization": f"Bearer {tokens.create_token(user, 'test')[1]}"}


def assert_refusal(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == SHAPE
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(isinstance(messages, list) for messages in body["errors"].values())
    return body


def operations():
    document = api.get_openapi_schema()
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_documents_every_refusal_in_the_one_error_shape():
    for path, method, operation in operations():
        needs_token = bool(operation.get("security"))
        for code in REFUSAL_CODES:
            if code == 401 and not needs_token:
                continue
            response = operation["responses"].get(str(code)) or operation["responses"].get(code)
            assert response, f"{method} {path} does not document {code}"
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, code)


def _models(annotation, seen):
    for argument in typing.get_args(annotation):
        _models(argument, seen)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, seen)


def test_no_two_schemas_of_the_document_share_a_name():
    seen = set()
    for bound_router in api._get_bound_routers():
        for path_view in bound_router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.response_models.values():
                    if model is not None:
                        _models(model, seen)
                for model in operation.models:
                    _models(model, seen)
    names = {}
    for model in seen:
        if model.__name__ in {"NinjaResponseSchema"} or model.__module__.startswith("ninja"):
            continue
        names.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    assert {name: where for name, where in names.items() if len(where) > 1} == {}
    components = api.get_openapi_schema()["components"]["schemas"]
    assert "MaterialOut" not in components
    assert {"HandedOutMaterialOut", "LibraryMaterialOut", "ErrorOut"} <= set(components)


def test_a_body_that_is_not_json_is_a_400_in_vietnamese(client, people):
    response = client.post(
        "/api/v1/sessions",
        "{not json",
        content_type="application/json",
        headers=bearer(people.volunteer_a),
    )
    body = assert_refusal(response, 400)
    assert body["detail"] == "Nội dung gửi lên không phải JSON hợp lệ."


def test_nan_and_infinity_are_not_json(client, people):
    response = client.post(
        "/api/v1/sessions",
        '{"participants": NaN}',
        content_type="application/json",
        headers=bearer(people.volunteer_a),
    )
    assert_refusal(response, 400)


def test_a_public_post_that_is_not_json_is_a_400_too(client, db):
    response = client.post(
        "/api/v1/contests/1/codes", b"\xff\xfe\x00", content_type="application/json"
    )
    assert_refusal(response, 400)


def test_a_text_plain_body_is_refused_with_415_not_parsed(client, people, venues):
    response = client.post(
        "/api/v1/sessions",
        json.dumps(talk()),
        content_type="text/plain",
        headers=bearer(people.volunteer_a),
    )
    body = assert_refusal(response, 415)
    assert "application/json" in body["detail"]


def test_a_body_over_the_upload_limit_is_a_413_on_a_token_post(client, people, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        "/api/v1/sessions",
        json.dumps(talk(note="x" * 5000)),
        content_type="application/json",
        headers=bearer(people.volunteer_a),
    )
    body = assert_refusal(response, 413)
    assert "quá lớn" in body["detail"]


def test_a_body_over_the_upload_limit_is_a_413_on_a_public_post(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        f"/api/v1/attempts/{uuid.uuid4()}/submit",
        json.dumps({"answers": {str(n): [n] for n in range(500)}}),
        content_type="application/json",
    )
    assert_refusal(response, 413)


def test_401_403_404_409_and_422_answer_the_same_shape(client, people, venues):
    assert_refusal(client.get("/api/v1/sessions"), 401)
    volunteer = bearer(people.volunteer_a)
    assert_refusal(client.post("/api/v1/sessions/1/approve", headers=volunteer), 403)
    assert_refusal(client.get("/api/v1/sessions/999999", headers=volunteer), 404)
    body = talk()
    client.post(
        "/api/v1/sessions", json.dumps(body), content_type="application/json", headers=volunteer
    )
    conflict = client.post(
        "/api/v1/sessions",
        json.dumps({**body, "participants": 41}),
        content_type="application/json",
        headers=volunteer,
    )
    assert assert_refusal(conflict, 409)["errors"] == {
        "client_id": [conflict.json()["errors"]["client_id"][0]]
    }
    invalid = client.post(
        "/api/v1/sessions",
        json.dumps(talk(participants="many")),
        content_type="application/json",
        headers=volunteer,
    )
    assert "participants" in assert_refusal(invalid, 422)["errors"]
