"""OpenAPI pieces shared by every app: the error body of API.md §0 as a documented response, and\nthe one way a local time of day is documented."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema_field, inline_serializer
from rest_framework import serializers

ErrorBody = inline_serializer(
    "Error",
    {
        "error": serializers.CharField(help_text="Stable code, e.g. VALIDATION_ERROR."),
        "message": serializers.CharField(),
        "details": serializers.DictField(),
    },
)

_DESCRIPTIONS = {
    400: "VALIDATION_ERROR: details name each bad field.",
    401: "UNAUTHORIZED: no token, or a bad or expired one.",
    402: "PAYMENT_REQUIRED.",
    403: "FORBIDDEN.",
    404: "NOT_FOUND.",
    409: "CONFLICT (or SLOT_NOT_AVAILABLE, REFUND_NOT_ALLOWED).",
    415: "UNSUPPORTED_MEDIA_TYPE: the body is in a media type this operation does not read, or none.",
    429: "RATE_LIMITED, with X-RateLimit-* headers.",
    503: "SERVICE_UNAVAILABLE.",
}


def ERRORS(*statuses: int) -> dict[int, OpenApiResponse]:  # noqa: N802 - reads like a constant
    """`responses={200: Out, **ERRORS(400, 401)}` documents the error body for those statuses."""
    return {code: OpenApiResponse(ErrorBody, description=_DESCRIPTIONS[code]) for code in statuses}


def document_unsupported_media_type(result, generator, request, public):
    """A drf-spectacular postprocessing hook: every operation that reads a body answers 415 when
    the body comes in a media type it does not read (or without one), as DRF's parsers decide
    for all of them alike, so the document says so once here rather than in each view."""
    response = {
        "description": _DESCRIPTIONS[415],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation["responses"].setdefault("415", response)
    return result


@extend_schema_field(
    {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$", "example": "09:00"}
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in a time zone named elsewhere: HH:MM, or HH:MM:SS as DRF writes it.

    OpenAPI's `format: time` is RFC 3339's full-time, which carries a UTC offset; these times
    never do, so the schema spells them with a pattern instead."""
