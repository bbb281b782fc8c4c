"""The API client every test uses: each response it receives from /api/v1/ is checked against
the OpenAPI document drf-spectacular generates, so a payload that drifts from its serializer, or
a status code the schema does not name, fails the test that received it.

- The status code must be documented for the operation, and a JSON body must match the schema
  documented for that status (openapi-core, formats included: uuid, date-time, time, ...).
- An error (4xx/5xx) the operation does not document, or one from a path or method the schema
  does not have (405, an unknown id in the URL, a test-only route), is checked against the
  common error shape {"error", "message", "details"} instead.
- HEAD and OPTIONS are not part of the contract; the schema and docs routes serve the document
  itself; pages (anything outside /api/v1/) are not validated.
"""

from __future__ import annotations

import copy
import threading
from functools import cache

import jsonschema
from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.generators import SchemaGenerator
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.exceptions import OpenAPIError
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.templating.responses.exceptions import ResponseNotFound
from rest_framework.test import APIClient as DRFAPIClient

API_PREFIX = "/api/v1/"
NOT_VALIDATED_PATHS = frozenset({"/api/v1/schema", "/api/v1/docs", "/api/v1/redoc"})
NOT_VALIDATED_METHODS = frozenset({"HEAD", "OPTIONS"})
UNDOCUMENTED = (PathNotFound, OperationNotFound, ResponseNotFound)


class APIClient(DRFAPIClient):
    """DRF's test client, plus a schema check of every API response it returns."""

    def request(self, **kwargs) -> HttpResponse:
        response = super().request(**kwargs)
        check_response(response)
        return response


# drf-spectacular's generator is not thread-safe (it imports and patches classes as it goes), and
# a race test's threads may be the first callers in their process: one builds, the rest wait.
_building = threading.Lock()


def schema_for(urlconf: str) -> dict:
    """The document for one URLconf (the project's, or a test's own), generated once a process."""
    with _building:
        return _schema_for(urlconf)


@cache
def _schema_for(urlconf: str) -> dict:
    return SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)


def openapi_for(urlconf: str) -> OpenAPI:
    with _building:
        return _openapi_for(urlconf)


@cache
def _openapi_for(urlconf: str) -> OpenAPI:
    return OpenAPI.from_dict(_nullable_beside_composition(copy.deepcopy(_schema_for(urlconf))))


def _nullable_beside_composition(node):
    """drf-spectacular writes a nullable nested object as {"allOf": [{"$ref": ...}], "nullable":
    true} (and a nullable choice as a nullable oneOf). OpenAPI 3.0.3 lets `nullable` act only
    beside `type`, so openapi-core refuses null there; Swagger UI, schemathesis and client
    generators read it as "this, or null", which is what the serializer means. Spell that out as
    an anyOf for the validator; the published document stays as generated."""
    if isinstance(node, list):
        return [_nullable_beside_composition(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable_beside_composition(value) for key, value in node.items()}
    if node.get("nullable") is True and "type" not in node:
        rest = {key: value for key, value in node.items() if key != "nullable"}
        return {"anyOf": [rest, {"enum": [None], "nullable": True}]}
    return node


def error_shape(urlconf: str) -> dict:
    return schema_for(urlconf)["components"]["schemas"]["Error"]


class _Request(DjangoOpenAPIRequest):
    # Find the operation from the concrete path: the schema names a route's `pk` as `{id}`, so
    # the resolver's route pattern does not always spell the schema's path.
    path_pattern = None
    # Only the response is validated, and the view may have read the request's stream already
    # (a multipart upload), after which Django refuses to give out the body.
    body = b""

    @property
    def path(self) -> str:
        # API paths are served with and without a trailing slash; the schema spells them without.
        return self.request.path.rstrip("/")


def check_response(response: HttpResponse) -> None:
    request = response.wsgi_request
    if (
        not request.path.startswith(API_PREFIX)
        or request.path.rstrip("/") in NOT_VALIDATED_PATHS
        or request.method in NOT_VALIDATED_METHODS
    ):
        return
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    where = f"{request.method} {request.path} -> {response.status_code}"
    try:
        openapi_for(urlconf).validate_response(_Request(request), DjangoOpenAPIResponse(response))
    except UNDOCUMENTED as undocumented:
        if response.status_code < 400:
            raise AssertionError(f"{where}: not in the OpenAPI schema ({undocumented})") from None
        _check_error_shape(response, error_shape(urlconf), where)
    except OpenAPIError as mismatch:
        raise AssertionError(
            f"{where}: the response does not match the OpenAPI schema\n{_explain(mismatch)}"
        ) from None


def _check_error_shape(response: HttpResponse, shape: dict, where: str) -> None:
    if not response.get("Content-Type", "").startswith("application/json"):
        raise AssertionError(f"{where}: an error without a JSON body")
    try:
        jsonschema.validate(response.json(), shape)
    except jsonschema.ValidationError as error:
        raise AssertionError(
            f"{where}: not the error shape {{error, message, details}}: {error.message}"
        ) from None


def _explain(error: BaseException, shown: int = 5) -> str:
    """The first few places where the body differs from its schema, each on a line of its own."""
    cause = error.__cause__ or error.__context__ or error
    schema_errors = list(getattr(cause, "schema_errors", None) or ())
    if not schema_errors:
        return f"  {type(cause).__name__}: {str(cause)[:1000]}"
    lines = [
        f"  at {'/'.join(str(part) for part in found.absolute_path) or '(body)'}: {found.message[:300]}"
        for found in schema_errors[:shown]
    ]
    if len(schema_errors) > shown:
        lines.append(f"  ... and {len(schema_errors) - shown} more")
    return "\n".join(lines)
