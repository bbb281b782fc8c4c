"""OpenAPI pieces shared by every app: the error body of API.md §0 as a documented response."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, inline_serializer
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
    429: "RATE_LIMITED, with X-RateLimit-* headers.",
    503: "SERVICE_UNAVAILABLE.",
}


def ERRORS(*statuses: int) -> dict[int, OpenApiResponse]:  # noqa: N802 - reads like a constant
    """`responses={200: Out, **ERRORS(400, 401)}` documents the error body for those statuses."""
    return {code: OpenApiResponse(ErrorBody, description=_DESCRIPTIONS[code]) for code in statuses}
