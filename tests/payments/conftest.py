"""Fixtures of the payments tests.

`bookings` registers a stand-in payable kind the way the bookings app registers its own: a
resolver that prices an item and says who may pay it. Here a mentor's Service stands in for a
booking (its id is the booking id), so payments is tested without a bookings app. The stand-in
has its own kind name (the bookings app's listeners never mistake it for a booking) and a
session's traits, so it takes over POST /payments' `booking_id` while the test runs.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
import stripe

from payments import registry
from payments.webhooks import webhook_endpoint
from tests.conftest import client_for
from tests.mentors.factories import MentorFactory, ServiceFactory

TEST_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"
AUTH_CARD = "4000002500003155"


@dataclass
class StandInBookings:
    """The bookings the stand-in resolver knows: id -> (service, learner)."""

    kind = "stand_in_session"

    items: dict[str, tuple] = field(default_factory=dict)
    refundable: set[str] = field(default_factory=set)

    def resolve(self, object_id: str, payer):
        item = self.items.get(object_id)
        if item is None:
            return None
        service, learner = item
        if learner is not None and learner.pk != payer.pk:
            return None  # someone else's booking: the API answers 404
        mentor = service.mentor
        return registry.Payable(
            amount=service.price,
            currency=service.currency,
            credit_price=service.credit_price or mentor.credit_price or 1,
            mentor=mentor,
            description=f"{service.title} with {mentor.user.display_name}",
            payer_may_pay=True,
            payer_may_refund=object_id in self.refundable,
            service_title=service.title,
        )

    def add(
        self, *, learner=None, price=Decimal("75.00"), currency="USD", mentor=None, credit_price=None
    ) -> str:
        mentor = mentor or MentorFactory(currency=currency)
        service = ServiceFactory(mentor=mentor, price=price, currency=currency, credit_price=credit_price)
        booking_id = str(uuid.uuid4())
        self.items[booking_id] = (service, learner)
        return booking_id


@pytest.fixture
def bookings():
    stand_in = StandInBookings()
    registry.register_payable(
        stand_in.kind,
        stand_in.resolve,
        traits=registry.KindTraits("a stand-in 1:1 session", "booking_id", is_session=True),
    )
    yield stand_in
    registry.unregister_payable(stand_in.kind)


def sign(payload: dict, *, secret: str | None = None, timestamp: int | None = None) -> tuple[str, str]:
    """(body, Stripe-Signature header) as Stripe would send them."""
    body = json.dumps(payload)
    header = stripe.WebhookSignature.generate_signature_header(
        body, secret or webhook_endpoint().secret, timestamp=timestamp
    )
    return body, header


def post_webhook(client, payload: dict, **kwargs):
    body, header = sign(payload, **kwargs)
    return client.post(
        "/api/v1/payments/webhooks/stripe",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )


def pay(payment, number: str = TEST_CARD):
    """What the customer does on the checkout page (Stripe.js's part, with the offline gateway)."""
    from payments.gateways.offline import OfflineGateway

    return OfflineGateway().confirm_card(
        client_secret=payment.client_secret, number=number, exp_month=12, exp_year=2040, cvc="123"
    )


@pytest.fixture
def api():
    return client_for
