"""Which gateway runs: Stripe when STRIPE_SECRET_KEY is set, else the offline one."""

from __future__ import annotations

from django.conf import settings

from payments.gateways.base import (
    AccountState,
    CardError,
    Gateway,
    GatewayError,
    IntentState,
    OnboardingLink,
    RefundState,
)

__all__ = [
    "AccountState",
    "CardError",
    "Gateway",
    "GatewayError",
    "IntentState",
    "OnboardingLink",
    "RefundState",
    "get_gateway",
]


def get_gateway() -> Gateway:
    if settings.PAYMENTS_GATEWAY == "stripe":
        from payments.gateways.stripe import StripeGateway

        return StripeGateway(
            secret_key=settings.STRIPE_SECRET_KEY,
            publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
            webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
        )
    from payments.gateways.offline import OfflineGateway

    return OfflineGateway()
