"""The webhook: signature and age checked before anything is written; each event applied once,
whatever the number, order or timing of deliveries (API.md §4, DESIGN.md invariants)."""

from __future__ import annotations

import time
import uuid
from decimal import Decimal

import pytest
import time_machine
from djstripe.models import WebhookEventTrigger

from messaging.models import Notification
from payments import services
from payments.models import CreditEntry, CreditWallet, EarningEntry, Payment, WebhookEvent
from payments.money import to_minor
from tests.api_client import APIClient
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.payments.conftest import StandInBookings, post_webhook, sign

WEBHOOK = "/api/v1/payments/webhooks/stripe"


def _open_payment(bookings, learner, price=Decimal("75.00")) -> Payment:
    booking_id = bookings.add(learner=learner, price=price)
    return services.payment_create(payer=learner, purpose=StandInBookings.kind, object_id=booking_id)


def _succeeded(payment: Payment, event_id: str | None = None) -> dict:
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex}",
        "object": "event",
        "type": "payment_intent.succeeded",
        "livemode": False,
        "created": int(time.time()),
        "data": {
            "object": {
                "id": payment.intent_id,
                "object": "payment_intent",
                "amount": to_minor(payment.amount, payment.currency),
                "currency": payment.currency.lower(),
                "status": "succeeded",
                "client_secret": payment.client_secret,
                "metadata": {"payment_id": str(payment.pk)},
            }
        },
    }


def _refunded(payment: Payment, amount: Decimal, event_id: str | None = None) -> dict:
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex}",
        "object": "event",
        "type": "charge.refunded",
        "livemode": False,
        "created": int(time.time()),
        "data": {
            "object": {
                "id": "ch_test_1",
                "object": "charge",
                "payment_intent": payment.intent_id,
                "amount": to_minor(payment.amount, payment.currency),
                "amount_refunded": to_minor(amount, payment.currency),
                "currency": payment.currency.lower(),
                "refunds": {
                    "object": "list",
                    "data": [{"id": "re_outside_1", "amount": to_minor(amount, "USD")}],
                },
            }
        },
    }


@pytest.mark.django_db
def test_a_signed_success_marks_the_payment_paid(bookings, learner, anon_client):
    payment = _open_payment(bookings, learner)

    response = post_webhook(anon_client, _succeeded(payment))

    assert response.status_code == 200
    assert response.json() == {"received": True}
    payment.refresh_from_db()
    assert payment.status == "succeeded"
    assert WebhookEventTrigger.objects.get().processed is True


@pytest.mark.django_db
def test_a_bad_signature_is_refused_with_nothing_changed(bookings, learner, anon_client):
    payment = _open_payment(bookings, learner)

    response = post_webhook(anon_client, _succeeded(payment), secret="whsec_not_ours")

    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"
    payment.refresh_from_db()
    assert payment.status == "requires_payment"
    assert not WebhookEvent.objects.exists()
    assert not WebhookEventTrigger.objects.exists()


@pytest.mark.django_db
def test_a_missing_signature_is_refused(bookings, learner, anon_client):
    payment = _open_payment(bookings, learner)
    body, _ = sign(_succeeded(payment))

    response = anon_client.post(WEBHOOK, data=body, content_type="application/json")

    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
def test_a_signature_older_than_five_minutes_is_refused(bookings, learner, anon_client):
    payment = _open_payment(bookings, learner)
    with time_machine.travel("2030-01-01 12:00:00Z", tick=False):
        body, header = sign(_succeeded(payment))
    with time_machine.travel("2030-01-01 12:05:01Z", tick=False):
        response = anon_client.post(
            WEBHOOK, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )

    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == "requires_payment"
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
def test_a_signature_just_inside_five_minutes_is_accepted(bookings, learner, anon_client):
    payment = _open_payment(bookings, learner)
    with time_machine.travel("2030-01-01 12:00:00Z", tick=False):
        body, header = sign(_succeeded(payment))
    with time_machine.travel("2030-01-01 12:04:59Z", tick=False):
        response = anon_client.post(
            WEBHOOK, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )

    assert response.status_code == 200


@pytest.mark.django_db
def test_the_same_event_delivered_again_changes_nothing(bookings, learner, anon_client):
    payment = _open_payment(bookings, learner)
    event = _succeeded(payment)

    responses = [post_webhook(anon_client, event) for _ in range(3)]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert EarningEntry.objects.filter(payment=payment).count() == 1
    assert Notification.objects.filter(user=learner, type="payment_success").count() == 1


@pytest.mark.django_db
def test_two_success_events_for_one_payment_apply_it_once(bookings, learner, anon_client):
    payment = _open_payment(bookings, learner)

    post_webhook(anon_client, _succeeded(payment))
    post_webhook(anon_client, _succeeded(payment))

    assert EarningEntry.objects.filter(payment=payment).count() == 1
    assert Notification.objects.filter(user=learner, type="payment_success").count() == 1


@pytest.mark.django_db
def test_a_refund_that_arrives_before_the_success_ends_refunded_and_adds_up(bookings, learner, anon_client):
    purchase = services.credit_purchase_create(user=learner, credits=10)
    payment = services.payment_create(payer=learner, purpose="credit_purchase", object_id=str(purchase.pk))
    start = services.wallet_get(user=learner).balance

    post_webhook(anon_client, _refunded(payment, payment.amount))
    post_webhook(anon_client, _succeeded(payment))

    payment.refresh_from_db()
    assert payment.status == "refunded"
    assert payment.amount_refunded == payment.amount
    entries = CreditEntry.objects.filter(payment=payment)
    assert sorted(e.amount for e in entries) == [-10, 10]
    wallet = CreditWallet.objects.get(user=learner)
    assert wallet.balance == start
    assert sum(e.amount for e in CreditEntry.objects.filter(wallet=wallet)) == wallet.balance


@pytest.mark.django_db
def test_a_booking_refunded_before_its_success_leaves_the_mentor_nothing(bookings, learner, anon_client):
    payment = _open_payment(bookings, learner)

    post_webhook(anon_client, _refunded(payment, payment.amount))
    post_webhook(anon_client, _succeeded(payment))

    payment.refresh_from_db()
    assert payment.status == "refunded"
    assert sum(e.amount for e in EarningEntry.objects.filter(payment=payment)) == Decimal("0.00")


@pytest.mark.django_db
def test_a_failed_event_marks_the_payment_failed(bookings, learner, anon_client):
    payment = _open_payment(bookings, learner)
    event = _succeeded(payment)
    event["type"] = "payment_intent.payment_failed"
    event["data"]["object"].update(
        status="requires_payment_method",
        last_payment_error={
            "code": "card_declined",
            "decline_code": "insufficient_funds",
            "message": "No funds.",
        },
    )

    post_webhook(anon_client, event)

    payment.refresh_from_db()
    assert (payment.status, payment.failure_code) == ("failed", "insufficient_funds")
    assert Notification.objects.filter(user=learner, type="payment_failed").count() == 1


@pytest.mark.django_db
def test_a_late_failure_does_not_undo_a_success(bookings, learner, anon_client):
    payment = _open_payment(bookings, learner)
    post_webhook(anon_client, _succeeded(payment))
    failure = _succeeded(payment)
    failure["type"] = "payment_intent.payment_failed"
    failure["data"]["object"].update(
        status="requires_payment_method", last_payment_error={"code": "card_declined"}
    )

    post_webhook(anon_client, failure)

    payment.refresh_from_db()
    assert payment.status == "succeeded"


@pytest.mark.django_db(transaction=True)
def test_one_success_delivered_ten_times_at_once_and_ten_times_after_applies_once(bookings):
    learner = UserFactory()
    purchase = services.credit_purchase_create(user=learner, credits=5)
    payment = services.payment_create(payer=learner, purpose="credit_purchase", object_id=str(purchase.pk))
    body, header = sign(_succeeded(payment, event_id="evt_same_one"))

    def deliver(_):
        response = APIClient().post(
            WEBHOOK, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )
        return response.status_code

    concurrent = run_together(deliver, range(10))
    sequential = [deliver(i) for i in range(10)]

    assert concurrent == [200] * 10
    assert sequential == [200] * 10
    payment.refresh_from_db()
    assert payment.status == "succeeded"
    assert WebhookEvent.objects.filter(event_id="evt_same_one").count() == 1
    assert CreditEntry.objects.filter(payment=payment, type="purchased").count() == 1
    assert CreditWallet.objects.get(user=learner).balance == 5
    assert Notification.objects.filter(user=learner, type="payment_success").count() == 1
    assert Notification.objects.filter(user=learner, type="credits_received").count() == 1
