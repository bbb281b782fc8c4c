"""Stripe through its SDK (pinned with dj-stripe). Amounts travel in minor units; every write
carries an idempotency key so that a retried call never charges, refunds or transfers twice."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import stripe

from payments.gateways.base import (
    AccountState,
    CardError,
    Gateway,
    GatewayError,
    IntentState,
    OnboardingLink,
    PaymentMethodUnknown,
    RefundState,
)
from payments.money import to_minor

logger = logging.getLogger("mentora.payments")


def _intent_state(intent: Any) -> IntentState:
    error = intent.get("last_payment_error") or {}
    next_action = intent.get("next_action") or {}
    redirect = next_action.get("redirect_to_url") or {}
    return IntentState(
        id=intent["id"],
        status=intent["status"],
        client_secret=intent.get("client_secret") or "",
        amount=int(intent["amount"]),
        currency=str(intent["currency"]).upper(),
        last_error_code=error.get("decline_code") or error.get("code") or "",
        last_error_message=error.get("message") or "",
        next_action_url=redirect.get("url") or "",
        payment_id=str((intent.get("metadata") or {}).get("payment_id") or ""),
    )


def _account_state(account: Any) -> AccountState:
    requirements = account.get("requirements") or {}
    return AccountState(
        id=account["id"],
        payouts_enabled=bool(account.get("payouts_enabled")),
        charges_enabled=bool(account.get("charges_enabled")),
        details_submitted=bool(account.get("details_submitted")),
        default_currency=str(account.get("default_currency") or "").upper(),
        requirements_due=list(requirements.get("currently_due") or []),
    )


class StripeGateway(Gateway):
    name = "stripe"

    def __init__(self, *, secret_key: str, publishable_key: str, webhook_secret: str):
        self.publishable_key = publishable_key
        self._webhook_secret = webhook_secret
        # Network retries reuse the same idempotency key, so they are safe for writes too.
        self.client = stripe.StripeClient(secret_key, max_network_retries=2)

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except stripe.CardError:
            raise
        except stripe.StripeError as error:
            if isinstance(error, stripe.InvalidRequestError) and error.param == "payment_method":
                raise PaymentMethodUnknown() from error
            logger.warning("Stripe call failed: %s", error)
            raise GatewayError(
                details={"provider_error": getattr(error, "code", None) or type(error).__name__}
            ) from error

    def create_intent(
        self,
        *,
        amount: Decimal,
        currency: str,
        description: str,
        metadata: dict[str, str],
        idempotency_key: str,
        payment_method: str | None = None,
        return_url: str = "",
    ) -> IntentState:
        params: dict[str, Any] = {
            "amount": to_minor(amount, currency),
            "currency": currency.lower(),
            "description": description[:1000],
            "metadata": metadata,
            "automatic_payment_methods": {"enabled": True, "allow_redirects": "never"},
        }
        if payment_method:
            params.update(payment_method=payment_method, confirm=True)
        try:
            intent = self._call(
                self.client.v1.payment_intents.create, params, {"idempotency_key": idempotency_key}
            )
        except stripe.CardError as error:
            intent = (error.error and error.error.payment_intent) or None
            if intent is None:
                raise GatewayError() from error
            raise CardError(_intent_state(intent)) from error
        return _intent_state(intent)

    def retrieve_intent(self, intent_id: str) -> IntentState:
        return _intent_state(self._call(self.client.v1.payment_intents.retrieve, intent_id))

    def cancel_intent(self, intent_id: str) -> IntentState:
        return _intent_state(self._call(self.client.v1.payment_intents.cancel, intent_id))

    def create_refund(
        self,
        *,
        intent_id: str,
        amount: Decimal,
        currency: str,
        metadata: dict[str, str],
        idempotency_key: str,
    ) -> RefundState:
        refund = self._call(
            self.client.v1.refunds.create,
            {"payment_intent": intent_id, "amount": to_minor(amount, currency), "metadata": metadata},
            {"idempotency_key": idempotency_key},
        )
        return RefundState(id=refund["id"], status=refund["status"], amount=int(refund["amount"]))

    def create_account(self, *, email: str, country: str, idempotency_key: str) -> AccountState:
        params: dict[str, Any] = {
            "type": "express",
            "email": email,
            "capabilities": {"transfers": {"requested": True}},
        }
        if country:
            params["country"] = country
        account = self._call(self.client.v1.accounts.create, params, {"idempotency_key": idempotency_key})
        return _account_state(account)

    def retrieve_account(self, account_id: str) -> AccountState:
        return _account_state(self._call(self.client.v1.accounts.retrieve, account_id))

    def create_onboarding_link(self, *, account_id: str, refresh_url: str, return_url: str) -> OnboardingLink:
        link = self._call(
            self.client.v1.account_links.create,
            {
                "account": account_id,
                "refresh_url": refresh_url,
                "return_url": return_url,
                "type": "account_onboarding",
            },
        )
        return OnboardingLink(
            url=link["url"], expires_at=datetime.fromtimestamp(int(link["expires_at"]), tz=UTC)
        )

    def create_transfer(
        self,
        *,
        amount: Decimal,
        currency: str,
        destination: str,
        metadata: dict[str, str],
        idempotency_key: str,
    ) -> str:
        transfer = self._call(
            self.client.v1.transfers.create,
            {
                "amount": to_minor(amount, currency),
                "currency": currency.lower(),
                "destination": destination,
                "metadata": metadata,
            },
            {"idempotency_key": idempotency_key},
        )
        return transfer["id"]

    def webhook_secret(self) -> str:
        return self._webhook_secret
