"""Every endpoint of API.md §4 is in the OpenAPI schema with its request and response shapes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

ROWS = [
    ("post", "/api/v1/payments"),
    ("get", "/api/v1/payments"),
    ("post", "/api/v1/payments/{payment_id}/confirm"),
    ("post", "/api/v1/payments/webhooks/stripe"),
    ("get", "/api/v1/payments/{payment_id}"),
    ("post", "/api/v1/payments/{payment_id}/refund"),
    ("get", "/api/v1/credits/me"),
    ("get", "/api/v1/credits/me/transactions"),
    ("post", "/api/v1/credits/me/purchases"),
    ("post", "/api/v1/credits/me/transfers"),
    ("post", "/api/v1/packages"),
    ("get", "/api/v1/packages"),
    ("patch", "/api/v1/packages/{package_id}"),
    ("post", "/api/v1/packages/{package_id}/purchase"),
    ("get", "/api/v1/package-purchases"),
    ("get", "/api/v1/earnings/me"),
    ("get", "/api/v1/payouts"),
    ("get", "/api/v1/payouts/account"),
    ("post", "/api/v1/payouts/account/onboarding-link"),
]


def test_every_payments_row_is_in_the_schema_with_its_responses(anon_client):
    schema = anon_client.get("/api/v1/schema", HTTP_ACCEPT="application/json").json()

    for method, path in ROWS:
        operation = schema["paths"][path][method]
        success = next(code for code in operation["responses"] if code.startswith("2"))
        assert "content" in operation["responses"][success], (method, path)
    created = schema["paths"]["/api/v1/payments"]["post"]
    assert {p["name"] for p in created["parameters"]} >= {"Idempotency-Key"}
    assert "402" in created["responses"] and "409" in created["responses"]
    refund = schema["paths"]["/api/v1/payments/{payment_id}/refund"]["post"]
    assert "REFUND_NOT_ALLOWED" in refund["responses"]["409"]["description"]
