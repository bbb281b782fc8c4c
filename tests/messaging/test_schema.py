"""Every REST row of API.md §5 is in the OpenAPI document with its shapes."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


SECTION_5 = {
    "/api/v1/conversations": {"get"},
    "/api/v1/conversations/{id}/messages": {"get"},
    "/api/v1/conversations/{id}/read": {"post"},
    "/api/v1/messages": {"post"},
    "/api/v1/messages/{id}": {"patch", "delete"},
    "/api/v1/messages/{id}/read": {"post"},
    "/api/v1/messages/unread-count": {"get"},
    "/api/v1/messages/search": {"get"},
    "/api/v1/attachments/{id}/download": {"get"},
    "/api/v1/notifications": {"get"},
    "/api/v1/notifications/{id}/read": {"post"},
    "/api/v1/notifications/read-all": {"post"},
    "/api/v1/notifications/{id}": {"delete"},
    "/api/v1/notifications/settings": {"get", "patch"},
}


def test_every_messaging_endpoint_is_in_the_schema(schema):
    for path, methods in SECTION_5.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), (path, set(schema["paths"][path]))


def _resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_the_shapes_are_documented(schema):
    paths = schema["paths"]
    send = paths["/api/v1/messages"]["post"]
    assert set(send["requestBody"]["content"]) >= {"application/json", "multipart/form-data"}
    multipart = _resolve(schema, send["requestBody"]["content"]["multipart/form-data"]["schema"])
    assert "files[]" in multipart["properties"]
    assert "201" in send["responses"]

    notifications = paths["/api/v1/notifications"]["get"]
    page = _resolve(schema, notifications["responses"]["200"]["content"]["application/json"]["schema"])
    assert {"items", "total", "page", "limit", "pages", "unread_count"} <= set(page["properties"])
    assert {p["name"] for p in notifications["parameters"]} >= {"is_read", "type", "page", "limit"}

    conversations = paths["/api/v1/conversations"]["get"]
    assert {p["name"] for p in conversations["parameters"]} >= {"participant_id", "unread"}
    search = paths["/api/v1/messages/search"]["get"]
    assert {p["name"] for p in search["parameters"]} >= {"q", "participant_id"}

    download = paths["/api/v1/attachments/{id}/download"]["get"]
    assert "*/*" in download["responses"]["200"]["content"]  # the file in its own content type
    assert "404" in download["responses"]
