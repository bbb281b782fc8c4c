"""The OpenAPI document validates and lists every endpoint under /api/v1/."""

import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver


def _api_routes(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _api_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _openapi_path(route: str) -> str:
    # "api/v1/users/<uuid:id>" -> "/api/v1/users/{id}"
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


@pytest.fixture(scope="module")
def schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "openapi.yaml"))
    assert (tmp_path / "openapi.yaml").read_text().startswith("openapi: 3")


def test_every_api_endpoint_is_in_the_schema(schema):
    routes = [
        _openapi_path(route)
        for route in _api_routes(get_resolver().url_patterns)
        if route.startswith("api/v1/")
        and "(?P" not in route
        and route not in {"api/v1/schema", "api/v1/docs", "api/v1/redoc"}
    ]
    assert routes, "no API routes found"
    missing = sorted(set(routes) - set(schema["paths"]))
    assert missing == []


def test_every_operation_names_its_responses(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation.get("responses", {})
            assert any(code.startswith("2") for code in responses), (
                f"{method.upper()} {path}: no success response"
            )
            errors = [code for code in responses if code[0] in "45"]
            for code in errors:
                schema_ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
                assert schema_ref.endswith("/Error"), f"{method.upper()} {path} {code} is not the error body"


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert "/api/v1/auth/register" in schema.json()["paths"]
    assert client.get("/api/v1/docs").status_code == 200
    assert client.get("/api/v1/redoc").status_code == 200


def test_no_time_of_day_is_documented_as_an_rfc3339_time(schema):
    """OpenAPI's `format: time` carries a UTC offset; the API's times of day are local (HH:MM)
    and are documented by core.schema.LocalTimeField's pattern instead."""

    def formats(node):
        if isinstance(node, dict):
            yield node.get("format")
            for value in node.values():
                yield from formats(value)
        elif isinstance(node, list):
            for value in node:
                yield from formats(value)

    assert "time" not in set(formats(schema))


def test_every_operation_that_reads_a_body_documents_415(schema):
    reading = [
        (method, path, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    ]
    assert len(reading) > 50
    missing = [
        f"{method.upper()} {path}"
        for method, path, operation in reading
        if "415" not in operation["responses"]
    ]
    assert missing == []
    assert reading[0][2]["responses"]["415"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
