"""The Stripe path, without the internet: the stripe SDK's HTTP calls are answered with Stripe's
recorded responses (tests/payments/recorded, via `responses`), and Stripe's webhooks are signed
with `stripe.WebhookSignature.generate_signature_header`, as Stripe signs them.

Recorded responses rather than a `localstripe` server: one mechanism covers every call we make,
Connect transfers included (localstripe has no transfers or accounts), with no process or port
to manage under xdist, and each test can read the exact request we sent (amounts in minor
units, idempotency keys, the destination account).
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import responses

from payments import services
from payments.models import ConnectAccount, EarningEntry, Payment, Payout
from tests.conftest import client_for
from tests.mentors.factories import MentorFactory
from tests.payments.conftest import StandInBookings, post_webhook

pytestmark = pytest.mark.django_db

RECORDED = Path(__file__).parent / "recorded"
API = "https://api.stripe.com/v1"
WEBHOOK_SECRET = "whsec_test_" + "r" * 32


def recorded(name: str) -> dict:
    return json.loads((RECORDED / f"{name}.json").read_text())


def form(call) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(call.request.body).items()}


@pytest.fixture
def stripe_mode(settings):
    settings.PAYMENTS_GATEWAY = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_" + "R" * 24
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_" + "R" * 24
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    with responses.RequestsMock(assert_all_requests_are_fired=False) as stripe_api:
        yield stripe_api


def _event(type: str, obj: dict, **extra) -> dict:
    return {
        "id": f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "api_version": "2025-03-31.basil",
        "created": int(time.time()),
        "livemode": False,
        "type": type,
        "data": {"object": obj},
        **extra,
    }


def _intent_with_metadata(name: str, payment: Payment) -> dict:
    intent = recorded(name)
    intent["metadata"] = {
        "payment_id": str(payment.pk),
        "purpose": payment.purpose,
        "object_id": payment.object_id,
    }
    return intent


def test_a_card_payment_through_stripe_from_intent_to_webhook_to_confirm(
    stripe_mode, bookings, learner, anon_client
):
    stripe_mode.post(f"{API}/payment_intents", json=recorded("payment_intent_created"))
    booking_id = bookings.add(learner=learner, price=Decimal("75.00"))

    created = client_for(learner).post("/api/v1/payments", {"booking_id": booking_id}, format="json")

    assert created.status_code == 201
    body = created.json()
    assert body["payment_intent_id"] == "pi_3RecordedIntent0001"
    assert body["client_secret"] == "pi_3RecordedIntent0001_secret_Rec0rdedS3cret"
    assert body["publishable_key"].startswith("pk_test_")
    call = stripe_mode.calls[0]
    sent = form(call)
    assert (sent["amount"], sent["currency"]) == ("7500", "usd")
    assert sent["metadata[payment_id]"] == body["id"]
    assert call.request.headers["Idempotency-Key"] == f"mentora-payment-{body['id']}"
    assert call.request.headers["Authorization"] == "Bearer sk_test_" + "R" * 24

    payment = Payment.objects.get(pk=body["id"])
    delivered = post_webhook(
        anon_client,
        _event("payment_intent.succeeded", _intent_with_metadata("payment_intent_succeeded", payment)),
        secret=WEBHOOK_SECRET,
    )
    assert delivered.status_code == 200

    stripe_mode.get(
        f"{API}/payment_intents/pi_3RecordedIntent0001", json=recorded("payment_intent_succeeded")
    )
    confirmed = client_for(learner).post(f"/api/v1/payments/{payment.pk}/confirm")
    assert confirmed.json()["status"] == "succeeded"
    payment.refresh_from_db()
    assert payment.gateway == "stripe"
    assert EarningEntry.objects.filter(payment=payment).count() == 1


def test_confirm_re_reads_the_intent_when_the_webhook_is_late(stripe_mode, bookings, learner):
    stripe_mode.post(f"{API}/payment_intents", json=recorded("payment_intent_created"))
    stripe_mode.get(
        f"{API}/payment_intents/pi_3RecordedIntent0001", json=recorded("payment_intent_succeeded")
    )
    booking_id = bookings.add(learner=learner)
    payment_id = (
        client_for(learner).post("/api/v1/payments", {"booking_id": booking_id}, format="json").json()["id"]
    )

    confirmed = client_for(learner).post(f"/api/v1/payments/{payment_id}/confirm")

    assert confirmed.json()["status"] == "succeeded"
    assert Payment.objects.get(pk=payment_id).receipt_number


def test_stripe_being_down_answers_503_and_a_retry_reuses_the_payment(
    stripe_mode, bookings, learner, settings
):
    stripe_mode.post(
        f"{API}/payment_intents",
        json={"error": {"type": "invalid_request_error", "message": "x"}},
        status=400,
    )
    booking_id = bookings.add(learner=learner)

    failed = client_for(learner).post("/api/v1/payments", {"booking_id": booking_id}, format="json")

    assert failed.status_code == 503
    assert failed.json()["error"] == "SERVICE_UNAVAILABLE"
    stripe_mode.replace(responses.POST, f"{API}/payment_intents", json=recorded("payment_intent_created"))
    retried = client_for(learner).post("/api/v1/payments", {"booking_id": booking_id}, format="json")
    assert retried.status_code == 201
    assert Payment.objects.filter(object_id=booking_id).count() == 1
    keys = {call.request.headers["Idempotency-Key"] for call in stripe_mode.calls}
    assert keys == {f"mentora-payment-{retried.json()['id']}"}


def test_a_staff_refund_through_stripe_is_booked_when_stripe_reports_it(
    stripe_mode, bookings, learner, staff_client, anon_client
):
    stripe_mode.post(f"{API}/payment_intents", json=recorded("payment_intent_created"))
    stripe_mode.post(f"{API}/refunds", json=recorded("refund_created"))
    booking_id = bookings.add(learner=learner)
    payment = services.payment_create(payer=learner, purpose=StandInBookings.kind, object_id=booking_id)
    post_webhook(
        anon_client,
        _event("payment_intent.succeeded", _intent_with_metadata("payment_intent_succeeded", payment)),
        secret=WEBHOOK_SECRET,
    )

    response = staff_client.post(f"/api/v1/payments/{payment.pk}/refund", {"amount": "25.00"}, format="json")

    assert response.status_code == 201
    refund_call = next(c for c in stripe_mode.calls if c.request.url.endswith("/v1/refunds"))
    sent = form(refund_call)
    assert (sent["payment_intent"], sent["amount"]) == ("pi_3RecordedIntent0001", "2500")
    assert (
        refund_call.request.headers["Idempotency-Key"] == f"mentora-refund-{response.json()['refund']['id']}"
    )
    payment.refresh_from_db()
    assert payment.status == "refund_pending"

    charge = {
        "id": "ch_3RecordedCharge0001",
        "object": "charge",
        "amount": 7500,
        "amount_refunded": 2500,
        "currency": "usd",
        "payment_intent": "pi_3RecordedIntent0001",
        "refunded": False,
        "refunds": {"object": "list", "data": [recorded("refund_created")]},
    }
    post_webhook(anon_client, _event("charge.refunded", charge), secret=WEBHOOK_SECRET)

    payment.refresh_from_db()
    assert payment.status == "partially_refunded"
    assert payment.refunds.get().gateway_refund_id == "re_3RecordedRefund0001"
    assert sum(e.amount for e in EarningEntry.objects.filter(payment=payment)) == Decimal("42.50")


def test_the_offline_secret_does_not_open_the_stripe_webhook(stripe_mode, bookings, learner, anon_client):
    stripe_mode.post(f"{API}/payment_intents", json=recorded("payment_intent_created"))
    payment = services.payment_create(
        payer=learner, purpose=StandInBookings.kind, object_id=bookings.add(learner=learner)
    )

    response = post_webhook(
        anon_client,
        _event("payment_intent.succeeded", _intent_with_metadata("payment_intent_succeeded", payment)),
        secret="whsec_someone_else",
    )

    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == "requires_payment"


# --- Connect ---------------------------------------------------------------------------------------


def test_a_mentor_gets_an_express_onboarding_link_and_stripe_enables_payouts(stripe_mode, anon_client):
    stripe_mode.post(f"{API}/accounts", json=recorded("account_created"))
    stripe_mode.post(f"{API}/account_links", json=recorded("account_link_created"))
    mentor = MentorFactory()
    client = client_for(mentor.user)

    link = client.post("/api/v1/payouts/account/onboarding-link")
    status_before = client.get("/api/v1/payouts/account").json()

    assert link.status_code == 200
    assert link.json()["url"].startswith("https://connect.stripe.com/setup/")
    assert form(stripe_mode.calls[0])["type"] == "express"
    assert stripe_mode.calls[0].request.headers["Idempotency-Key"] == f"mentora-connect-{mentor.pk}"
    assert status_before["account_id"] == "acct_1RecordedMentor01"
    assert status_before["payouts_enabled"] is False
    assert "external_account" in status_before["requirements_due"]

    enabled = dict(
        recorded("account_created"), payouts_enabled=True, charges_enabled=True, details_submitted=True
    )
    enabled["requirements"] = {"currently_due": []}
    post_webhook(
        anon_client, _event("account.updated", enabled, account=enabled["id"]), secret=WEBHOOK_SECRET
    )

    status_after = client.get("/api/v1/payouts/account").json()
    assert status_after["payouts_enabled"] is True
    assert status_after["requirements_due"] == []


class WorkerCrash(BaseException):
    """The worker process dying mid-run (not an error the code could catch and carry on from)."""


def _mentor_with_available(amount: Decimal, account_id: str, learner, bookings):
    mentor = MentorFactory()
    ConnectAccount.objects.create(
        mentor=mentor, account_id=account_id, gateway="stripe", payouts_enabled=True
    )
    booking_id = bookings.add(learner=learner, mentor=mentor, price=amount)
    payment = Payment.objects.create(
        payer=learner,
        purpose=StandInBookings.kind,
        object_id=booking_id,
        mentor=mentor,
        description="Session",
        amount=amount,
        currency="USD",
        platform_fee=Decimal("0.00"),
        mentor_payout=amount,
        gateway="stripe",
        expires_at="2030-01-01T00:00:00Z",
        intent_id=f"pi_{uuid.uuid4().hex[:12]}",
    )
    services.payment_mark_succeeded(payment=payment)
    services.earnings_release(purpose=StandInBookings.kind, object_id=booking_id)
    return mentor


def test_a_payout_run_crashing_midway_then_rerun_transfers_each_mentor_once(stripe_mode, bookings, learner):
    accounts = ["acct_1RecordedMentor01", "acct_1RecordedMentor02", "acct_1RecordedMentor03"]
    for index, account in enumerate(accounts):
        _mentor_with_available(Decimal("10.00") * (index + 1), account, learner, bookings)
    transfers: dict[str, dict] = {}  # Stripe keeps one transfer per idempotency key
    crash_on = {"acct_1RecordedMentor02"}

    def stripe_transfers(request):
        sent = {k: v[0] for k, v in parse_qs(request.body).items()}
        key = request.headers["Idempotency-Key"]
        transfer = transfers.setdefault(
            key,
            dict(
                recorded("transfer_created"),
                id=f"tr_{len(transfers) + 1}",
                amount=int(sent["amount"]),
                destination=sent["destination"],
            ),
        )
        if sent["destination"] in crash_on:
            crash_on.clear()
            raise WorkerCrash()  # Stripe made the transfer; we died before hearing back
        return 200, {}, json.dumps(transfer)

    stripe_mode.add_callback(responses.POST, f"{API}/transfers", callback=stripe_transfers)
    monday = date(2030, 1, 7)

    with pytest.raises(WorkerCrash):
        services.payouts_run(today=monday)
    services.payouts_run(today=monday)
    services.payouts_run(today=monday)

    assert len(transfers) == 3  # one Stripe transfer per mentor, the crashed one included
    assert sorted(t["amount"] for t in transfers.values()) == [1000, 2000, 3000]
    payouts = Payout.objects.order_by("amount")
    assert [(p.amount, p.status) for p in payouts] == [
        (Decimal("10.00"), "in_transit"),
        (Decimal("20.00"), "in_transit"),
        (Decimal("30.00"), "in_transit"),
    ]
    assert {p.period_start for p in payouts} == {date(2029, 12, 31)}
    assert {p.transfer_id for p in payouts} == {t["id"] for t in transfers.values()}
    posted_keys = [
        c.request.headers["Idempotency-Key"]
        for c in stripe_mode.calls
        if c.request.url.endswith("/transfers")
    ]
    assert len(posted_keys) == 4  # the crashed transfer was asked again, with the same key
    assert len(set(posted_keys)) == 3


def test_a_payout_run_twice_for_one_period_transfers_once(stripe_mode, bookings, learner, anon_client):
    stripe_mode.post(f"{API}/transfers", json=recorded("transfer_created"))
    mentor = _mentor_with_available(Decimal("63.75"), "acct_1RecordedMentor01", learner, bookings)

    first = services.payouts_run(today=date(2030, 1, 7))
    second = services.payouts_run(today=date(2030, 1, 8))

    assert len(first) == 1 and second == []
    transfer_calls = [c for c in stripe_mode.calls if c.request.url.endswith("/transfers")]
    assert len(transfer_calls) == 1
    sent = form(transfer_calls[0])
    assert (sent["amount"], sent["currency"], sent["destination"]) == (
        "6375",
        "usd",
        "acct_1RecordedMentor01",
    )

    paid = {
        "id": "po_1Recorded",
        "object": "payout",
        "amount": 6375,
        "currency": "usd",
        "status": "paid",
        "arrival_date": 1768003200,
    }
    post_webhook(
        anon_client, _event("payout.paid", paid, account="acct_1RecordedMentor01"), secret=WEBHOOK_SECRET
    )
    payout = Payout.objects.get(mentor=mentor)
    assert payout.status == "paid"
    assert payout.arrival_date == date(2026, 1, 10)


def test_a_payment_method_stripe_does_not_know_is_a_400_naming_it(stripe_mode, bookings, learner):
    # Stripe's answer for an unknown PaymentMethod id (its documented invalid_request_error shape)
    stripe_mode.post(
        f"{API}/payment_intents",
        status=400,
        json={
            "error": {
                "code": "resource_missing",
                "message": "No such PaymentMethod: 'pm_made_up'",
                "param": "payment_method",
                "type": "invalid_request_error",
            }
        },
    )
    booking_id = bookings.add(learner=learner, price=Decimal("75.00"))

    response = client_for(learner).post(
        "/api/v1/payments", {"booking_id": booking_id, "payment_method": "pm_made_up"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert list(response.json()["details"]) == ["payment_method"]
