"""Turns every error DRF or Django raises into the one error body of API.md §0.

{"error": "CODE", "message": "...", "details": {...}}
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.views import set_rollback

from core.errors import DatabaseSaturated, DomainError, pool_exhausted

logger = logging.getLogger("mentora.errors")

# DRF exception class -> (code, status). Checked in order, so subclasses come first.
_DRF_CODES: list[tuple[type[Exception], str]] = [
    (drf.ValidationError, "VALIDATION_ERROR"),
    (drf.ParseError, "VALIDATION_ERROR"),
    (drf.NotAuthenticated, "UNAUTHORIZED"),
    (drf.AuthenticationFailed, "UNAUTHORIZED"),
    (drf.PermissionDenied, "FORBIDDEN"),
    (drf.NotFound, "NOT_FOUND"),
    (drf.MethodNotAllowed, "METHOD_NOT_ALLOWED"),
    (drf.NotAcceptable, "NOT_ACCEPTABLE"),
    (drf.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"),
    (drf.Throttled, "RATE_LIMITED"),
]

_DEFAULT_MESSAGES = {
    "VALIDATION_ERROR": "Invalid input.",
    "UNAUTHORIZED": "Authentication credentials were not provided or are invalid.",
    "FORBIDDEN": "You do not have permission to do this.",
    "NOT_FOUND": "Not found.",
    "INTERNAL_ERROR": "An unexpected error occurred. It has been logged.",
}


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": code, "message": message, "details": details or {}}


def error_response(
    code: str, message: str, status: int, details: dict[str, Any] | None = None
) -> JsonResponse:
    """The error format for plain Django views (404/500 handlers, health, middleware)."""
    return JsonResponse(error_body(code, message, details), status=status)


def _validation_details(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    return {"non_field_errors": _flatten(detail)}


def _flatten(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _flatten(item) for key, item in value.items()}
    if isinstance(value, list):
        if all(not isinstance(item, (dict, list)) for item in value):
            return [str(item) for item in value]
        return [_flatten(item) for item in value]
    return [str(value)]


def _first_message(details: dict[str, Any]) -> str | None:
    for key, value in details.items():
        while isinstance(value, (list, dict)) and value:
            value = value[0] if isinstance(value, list) else next(iter(value.values()))
        if isinstance(value, str):
            return value if key == "non_field_errors" else f"{key}: {value}"
    return None


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's EXCEPTION_HANDLER: every exception, known or not, leaves in the API error format."""
    if pool_exhausted(exc):
        exc = DatabaseSaturated()
    if isinstance(exc, DomainError):
        set_rollback()
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
        return Response(
            error_body(exc.code, exc.message, exc.details), status=exc.status_code, headers=headers
        )

    if isinstance(exc, Http404):
        exc = drf.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = drf.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )

    if isinstance(exc, drf.APIException):
        set_rollback()
        code = next((c for cls, c in _DRF_CODES if isinstance(exc, cls)), None)
        headers: dict[str, str] = {}
        if code is None:
            code = "INTERNAL_ERROR" if exc.status_code >= 500 else str(exc.default_code).upper()
        if code == "VALIDATION_ERROR":
            details = _validation_details(exc.detail)
            message = _first_message(details) or _DEFAULT_MESSAGES[code]
            if isinstance(exc, drf.ParseError):
                details, message = {"body": [str(exc.detail)]}, str(exc.detail)
        else:
            detail = exc.detail
            details = {}
            if isinstance(detail, dict):
                # e.g. PermissionDenied({"reason": ...}) or simplejwt's token errors
                message = str(detail.get("detail") or detail.get("message") or exc.default_detail)
                details = {k: _plain(v) for k, v in detail.items() if k not in {"detail", "message"}}
            else:
                message = str(detail)
        if isinstance(exc, drf.Throttled):
            message = "Too many requests. Try again later."
            if exc.wait is not None:
                details = {"retry_after": int(exc.wait) + 1}
                headers["Retry-After"] = str(int(exc.wait) + 1)
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        return Response(error_body(code, message, details), status=exc.status_code, headers=headers)

    # Anything else is a bug: log it with its traceback, answer without leaking it.
    request = context.get("request")
    logger.exception(
        "Unhandled exception in %s %s",
        getattr(request, "method", "?"),
        getattr(request, "path", "?"),
        exc_info=exc,
    )
    set_rollback()
    return Response(error_body("INTERNAL_ERROR", _DEFAULT_MESSAGES["INTERNAL_ERROR"]), status=500)


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return str(value) if not isinstance(value, (int, float, bool)) or value is None else value
