"""The embedded default: a gateway that behaves like Stripe's test mode, with no network.

Payment intents with client secrets live in our own tables (payments.models.offline). A card is
confirmed with Stripe's test numbers: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is
declined, 4000 0025 0000 3155 asks for authentication (a page stands in for the bank's). Every
change emits a Stripe-shaped event, signed with this installation's webhook secret by Stripe's
own scheme, and handed to the same webhook handler that Stripe's requests reach, where the
signature is checked the same way.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.errors import ValidationFailed
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
from payments.models import OfflineAccount, OfflineEvent, OfflineIntent, OfflineRefund, OfflineTransfer
from payments.money import to_minor

API_VERSION = "2025-03-31.basil"

SUCCEEDS = "4242424242424242"
DECLINED = "4000000000000002"
INSUFFICIENT_FUNDS = "4000000000009995"
REQUIRES_AUTHENTICATION = "4000002500003155"
# Stripe's test PaymentMethod ids, for confirming on the server (e.g. a saved card).
TEST_PAYMENT_METHODS = {
    "pm_card_visa": SUCCEEDS,
    "pm_card_chargeDeclined": DECLINED,
    "pm_card_chargeDeclinedInsufficientFunds": INSUFFICIENT_FUNDS,
    "pm_card_authenticationRequired": REQUIRES_AUTHENTICATION,
}
DECLINES = {
    DECLINED: ("card_declined", "Your card was declined."),
    INSUFFICIENT_FUNDS: ("insufficient_funds", "Your card has insufficient funds."),
}


def _new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def luhn_valid(number: str) -> bool:
    digits = [int(d) for d in number]
    checksum = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        checksum += digit
    return checksum % 10 == 0


def _intent_object(intent: OfflineIntent) -> dict[str, Any]:
    error = None
    if intent.last_error_code:
        error = {
            "type": "card_error",
            "code": "card_declined"
            if intent.last_error_code in dict(DECLINES.values())
            else intent.last_error_code,
            "decline_code": intent.last_error_code,
            "message": intent.last_error_message,
        }
    next_action = None
    if intent.status == "requires_action":
        next_action = {
            "type": "redirect_to_url",
            "redirect_to_url": {"url": reverse("payments:offline-authenticate", args=[intent.client_secret])},
        }
    return {
        "id": intent.id,
        "object": "payment_intent",
        "amount": intent.amount,
        "amount_received": intent.amount if intent.status == "succeeded" else 0,
        "currency": intent.currency.lower(),
        "status": intent.status,
        "client_secret": intent.client_secret,
        "description": intent.description,
        "metadata": intent.metadata,
        "latest_charge": intent.charge_id or None,
        "last_payment_error": error,
        "next_action": next_action,
        "livemode": False,
        "created": int(intent.created.timestamp()),
    }


def _charge_object(intent: OfflineIntent) -> dict[str, Any]:
    refunds = [
        {
            "id": refund.id,
            "object": "refund",
            "amount": refund.amount,
            "currency": intent.currency.lower(),
            "payment_intent": intent.id,
            "charge": intent.charge_id,
            "status": refund.status,
            "metadata": refund.metadata,
        }
        for refund in intent.refunds.order_by("created")
    ]
    return {
        "id": intent.charge_id,
        "object": "charge",
        "amount": intent.amount,
        "amount_refunded": intent.amount_refunded,
        "currency": intent.currency.lower(),
        "payment_intent": intent.id,
        "paid": True,
        "refunded": intent.amount_refunded >= intent.amount,
        "status": "succeeded",
        "metadata": intent.metadata,
        "refunds": {"object": "list", "data": refunds, "has_more": False},
        "livemode": False,
    }


def _intent_state(intent: OfflineIntent) -> IntentState:
    obj = _intent_object(intent)
    return IntentState(
        id=intent.id,
        status=intent.status,
        client_secret=intent.client_secret,
        amount=intent.amount,
        currency=intent.currency.upper(),
        last_error_code=intent.last_error_code,
        last_error_message=intent.last_error_message,
        next_action_url=(obj["next_action"] or {}).get("redirect_to_url", {}).get("url", ""),
        payment_id=str(intent.metadata.get("payment_id", "")),
    )


def _account_state(account: OfflineAccount) -> AccountState:
    return AccountState(
        id=account.id,
        payouts_enabled=account.payouts_enabled,
        charges_enabled=account.details_submitted,
        details_submitted=account.details_submitted,
        default_currency=account.default_currency.upper(),
        requirements_due=[] if account.details_submitted else ["external_account", "individual.verification"],
    )


class _Events:
    """Events emitted inside one of the gateway's transactions, delivered once it committed."""

    def __init__(self):
        self.ids: list[str] = []

    def emit(self, type: str, obj: dict[str, Any], *, account: str | None = None) -> None:
        event_id = _new_id("evt")
        payload: dict[str, Any] = {
            "id": event_id,
            "object": "event",
            "api_version": API_VERSION,
            "created": int(time.time()),
            "livemode": False,
            "pending_webhooks": 1,
            "type": type,
            "data": {"object": obj},
        }
        if account:
            payload["account"] = account
        OfflineEvent.objects.create(id=event_id, type=type, payload=payload)
        self.ids.append(event_id)

    def deliver(self) -> None:
        # Called after the gateway's transaction closed (the gateway never runs inside another
        # one), so the worker always finds the event row; Stripe, too, delivers asynchronously.
        from payments import tasks

        for event_id in self.ids:
            tasks.deliver_offline_event.delay(event_id)


class OfflineGateway(Gateway):
    name = "offline"
    publishable_key = ""

    # --- intents ---------------------------------------------------------------------------------

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
        events = _Events()
        with transaction.atomic():
            intent = OfflineIntent.objects.filter(idempotency_key=idempotency_key).first()
            if intent is None:
                intent_id = _new_id("pi")
                intent = OfflineIntent.objects.create(
                    id=intent_id,
                    client_secret=f"{intent_id}_secret_{secrets.token_urlsafe(18)}",
                    amount=to_minor(amount, currency),
                    currency=currency.upper(),
                    description=description[:255],
                    metadata=metadata,
                    idempotency_key=idempotency_key,
                )
                if payment_method:
                    number = TEST_PAYMENT_METHODS.get(payment_method)
                    if number is None:
                        raise PaymentMethodUnknown(f"Use one of {', '.join(TEST_PAYMENT_METHODS)}.")
                    self._confirm(intent, number, events)
        events.deliver()
        state = _intent_state(intent)
        if payment_method and state.last_error_code:
            raise CardError(state)
        return state

    def retrieve_intent(self, intent_id: str) -> IntentState:
        intent = OfflineIntent.objects.filter(pk=intent_id).first()
        if intent is None:
            raise GatewayError("No such payment intent.")
        return _intent_state(intent)

    def cancel_intent(self, intent_id: str) -> IntentState:
        events = _Events()
        with transaction.atomic():
            intent = OfflineIntent.objects.select_for_update().filter(pk=intent_id).first()
            if intent is None:
                raise GatewayError("No such payment intent.")
            if intent.status not in ("succeeded", "canceled", "processing"):
                intent.status = "canceled"
                intent.save(update_fields=["status", "updated"])
                events.emit("payment_intent.canceled", _intent_object(intent))
        events.deliver()
        return _intent_state(intent)

    def confirm_card(
        self, *, client_secret: str, number: str, exp_month: int, exp_year: int, cvc: str
    ) -> IntentState:
        """What Stripe.js and Stripe's servers do when a customer submits the card form."""
        number = "".join(ch for ch in number if ch.isdigit())
        problems: dict[str, list[str]] = {}
        if not (12 <= len(number) <= 19) or not luhn_valid(number):
            problems["card_number"] = ["Your card number is invalid."]
        today = timezone.now().date()
        if not (1 <= exp_month <= 12) or (exp_year, exp_month) < (today.year, today.month):
            problems["expiry"] = ["Your card's expiration date is in the past."]
        if not (cvc.isdigit() and 3 <= len(cvc) <= 4):
            problems["cvc"] = ["Your card's security code is incomplete."]
        if problems:
            raise ValidationFailed(next(iter(problems.values()))[0], details=problems)
        events = _Events()
        with transaction.atomic():
            intent = OfflineIntent.objects.select_for_update().filter(client_secret=client_secret).first()
            if intent is None:
                raise ValidationFailed("This payment is unknown or has expired.")
            if intent.status in ("requires_payment_method", "requires_confirmation"):
                self._confirm(intent, number, events)
        events.deliver()
        return _intent_state(intent)

    def complete_authentication(self, *, client_secret: str, approve: bool) -> IntentState:
        """The bank's 3-D Secure page, reduced to its two buttons."""
        events = _Events()
        with transaction.atomic():
            intent = OfflineIntent.objects.select_for_update().filter(client_secret=client_secret).first()
            if intent is None:
                raise ValidationFailed("This payment is unknown or has expired.")
            if intent.status == "requires_action":
                if approve:
                    self._succeed(intent, events)
                else:
                    self._fail(
                        intent,
                        "payment_intent_authentication_failure",
                        "We are unable to authenticate your payment method.",
                        events,
                    )
        events.deliver()
        return _intent_state(intent)

    def _confirm(self, intent: OfflineIntent, number: str, events: _Events) -> None:
        intent.card_last4 = number[-4:]
        if number == SUCCEEDS:
            self._succeed(intent, events)
        elif number == REQUIRES_AUTHENTICATION:
            intent.status = "requires_action"
            intent.last_error_code = intent.last_error_message = ""
            intent.save(
                update_fields=["status", "card_last4", "last_error_code", "last_error_message", "updated"]
            )
            events.emit("payment_intent.requires_action", _intent_object(intent))
        else:
            # Test mode refuses real cards: anything but the test numbers is declined.
            code, message = DECLINES.get(
                number, ("card_declined", "Your card was declined. In test mode, use a test card number.")
            )
            self._fail(intent, code, message, events)

    def _succeed(self, intent: OfflineIntent, events: _Events) -> None:
        intent.status = "succeeded"
        intent.charge_id = _new_id("ch")
        intent.last_error_code = intent.last_error_message = ""
        intent.save(
            update_fields=[
                "status",
                "charge_id",
                "card_last4",
                "last_error_code",
                "last_error_message",
                "updated",
            ]
        )
        events.emit("payment_intent.succeeded", _intent_object(intent))

    def _fail(self, intent: OfflineIntent, code: str, message: str, events: _Events) -> None:
        # As at Stripe, a declined intent can be confirmed again with another card.
        intent.status = "requires_payment_method"
        intent.last_error_code, intent.last_error_message = code, message
        intent.save(
            update_fields=["status", "card_last4", "last_error_code", "last_error_message", "updated"]
        )
        events.emit("payment_intent.payment_failed", _intent_object(intent))

    # --- refunds ---------------------------------------------------------------------------------

    def create_refund(
        self,
        *,
        intent_id: str,
        amount: Decimal,
        currency: str,
        metadata: dict[str, str],
        idempotency_key: str,
    ) -> RefundState:
        events = _Events()
        with transaction.atomic():
            existing = OfflineRefund.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return RefundState(id=existing.id, status=existing.status, amount=existing.amount)
            intent = OfflineIntent.objects.select_for_update().filter(pk=intent_id).first()
            minor = to_minor(amount, currency)
            if intent is None or intent.status != "succeeded":
                raise GatewayError("This payment has no charge to refund.")
            if minor <= 0 or intent.amount_refunded + minor > intent.amount:
                raise GatewayError("The refund is larger than what is left on the charge.")
            refund = OfflineRefund.objects.create(
                id=_new_id("re"),
                intent=intent,
                amount=minor,
                metadata=metadata,
                idempotency_key=idempotency_key,
            )
            intent.amount_refunded += minor
            intent.save(update_fields=["amount_refunded", "updated"])
            events.emit("charge.refunded", _charge_object(intent))
        events.deliver()
        return RefundState(id=refund.id, status=refund.status, amount=refund.amount)

    # --- Connect ---------------------------------------------------------------------------------

    def create_account(self, *, email: str, country: str, idempotency_key: str) -> AccountState:
        try:
            with transaction.atomic():
                account, _ = OfflineAccount.objects.get_or_create(
                    idempotency_key=idempotency_key,
                    defaults={"id": _new_id("acct"), "email": email, "country": country},
                )
        except IntegrityError:
            account = OfflineAccount.objects.get(idempotency_key=idempotency_key)
        return _account_state(account)

    def retrieve_account(self, account_id: str) -> AccountState:
        account = OfflineAccount.objects.filter(pk=account_id).first()
        if account is None:
            raise GatewayError("No such account.")
        return _account_state(account)

    def create_onboarding_link(self, *, account_id: str, refresh_url: str, return_url: str) -> OnboardingLink:
        from django.conf import settings

        url = settings.SITE_URL + reverse("payments:offline-onboarding", args=[account_id])
        return OnboardingLink(url=url, expires_at=timezone.now() + timedelta(minutes=5))

    def complete_onboarding(self, *, account_id: str, default_currency: str) -> AccountState:
        """Stripe's hosted onboarding, reduced to one confirmation."""
        events = _Events()
        with transaction.atomic():
            account = OfflineAccount.objects.select_for_update().get(pk=account_id)
            account.details_submitted = account.payouts_enabled = True
            account.default_currency = default_currency.lower()
            account.save(update_fields=["details_submitted", "payouts_enabled", "default_currency"])
            state = _account_state(account)
            events.emit(
                "account.updated",
                {
                    "id": account.id,
                    "object": "account",
                    "payouts_enabled": True,
                    "charges_enabled": True,
                    "details_submitted": True,
                    "default_currency": account.default_currency,
                    "requirements": {"currently_due": []},
                },
                account=account.id,
            )
        events.deliver()
        return state

    def create_transfer(
        self,
        *,
        amount: Decimal,
        currency: str,
        destination: str,
        metadata: dict[str, str],
        idempotency_key: str,
    ) -> str:
        events = _Events()
        with transaction.atomic():
            existing = OfflineTransfer.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing.id
            if not OfflineAccount.objects.filter(pk=destination, payouts_enabled=True).exists():
                raise GatewayError("The destination account cannot receive transfers.")
            transfer = OfflineTransfer.objects.create(
                id=_new_id("tr"),
                amount=to_minor(amount, currency),
                currency=currency.upper(),
                destination=destination,
                metadata=metadata,
                idempotency_key=idempotency_key,
            )
            # The connected account pays the transfer out to the mentor's bank at once here;
            # at Stripe this follows on the account's own payout schedule.
            arrival = timezone.now() + timedelta(days=2)
            events.emit(
                "payout.paid",
                {
                    "id": _new_id("po"),
                    "object": "payout",
                    "amount": transfer.amount,
                    "currency": currency.lower(),
                    "arrival_date": int(arrival.timestamp()),
                    "status": "paid",
                    "metadata": metadata,
                },
                account=destination,
            )
        events.deliver()
        return transfer.id

    def webhook_secret(self) -> str:
        from payments.webhooks import webhook_endpoint

        return webhook_endpoint().secret
