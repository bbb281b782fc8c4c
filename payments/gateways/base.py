"""The one payments interface the rest of the code uses (Stripe or the offline gateway).

Every method talks to the outside world, so none may run inside an open database transaction:
services call them between their transactions.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from core.errors import ServiceUnavailable, ValidationFailed


class GatewayError(ServiceUnavailable):
    default_message = (
        "The payment provider could not complete the request. Nothing was charged twice; try again."
    )


class PaymentMethodUnknown(ValidationFailed):
    """The provider has no such payment method: the caller's input is wrong, so a 400 naming
    `payment_method`, not a 503 that invites the same request again."""

    def __init__(self, hint: str = "The payment provider has no such payment method."):
        super().__init__(f"payment_method: {hint}", details={"payment_method": [hint]})


class CardError(Exception):
    """A card was refused while the server confirmed an intent; `state` is the intent after it."""

    def __init__(self, state: IntentState):
        self.state = state
        super().__init__(state.last_error_message or "card declined")


@dataclass(frozen=True)
class IntentState:
    """What the gateway says about a PaymentIntent, in Stripe's words."""

    id: str
    status: str  # requires_payment_method, requires_confirmation, requires_action, processing, succeeded, canceled
    client_secret: str
    amount: int  # minor units
    currency: str
    last_error_code: str = ""
    last_error_message: str = ""
    next_action_url: str = ""
    # Our payment's id, from the intent's metadata: an event can arrive before we stored the
    # intent's id on the payment (the offline gateway delivers at once).
    payment_id: str = ""


@dataclass(frozen=True)
class RefundState:
    id: str
    status: str  # pending, succeeded, failed
    amount: int


@dataclass(frozen=True)
class AccountState:
    id: str
    payouts_enabled: bool
    charges_enabled: bool
    details_submitted: bool
    default_currency: str
    requirements_due: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OnboardingLink:
    url: str
    expires_at: datetime


class Gateway(abc.ABC):
    name: str
    publishable_key: str = ""

    @abc.abstractmethod
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
        """Create a PaymentIntent; with `payment_method`, confirm it at once (raises CardError)."""

    @abc.abstractmethod
    def retrieve_intent(self, intent_id: str) -> IntentState: ...

    @abc.abstractmethod
    def cancel_intent(self, intent_id: str) -> IntentState: ...

    @abc.abstractmethod
    def create_refund(
        self,
        *,
        intent_id: str,
        amount: Decimal,
        currency: str,
        metadata: dict[str, str],
        idempotency_key: str,
    ) -> RefundState: ...

    @abc.abstractmethod
    def create_account(self, *, email: str, country: str, idempotency_key: str) -> AccountState: ...

    @abc.abstractmethod
    def retrieve_account(self, account_id: str) -> AccountState: ...

    @abc.abstractmethod
    def create_onboarding_link(
        self, *, account_id: str, refresh_url: str, return_url: str
    ) -> OnboardingLink: ...

    @abc.abstractmethod
    def create_transfer(
        self,
        *,
        amount: Decimal,
        currency: str,
        destination: str,
        metadata: dict[str, str],
        idempotency_key: str,
    ) -> str:
        """Move money to a connected account; returns the transfer id. The idempotency key makes
        a retry after a crash return the first transfer instead of sending money twice."""

    @abc.abstractmethod
    def webhook_secret(self) -> str:
        """The secret that signs this gateway's webhook events."""
