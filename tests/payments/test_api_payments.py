"""POST/GET /payments, confirm, detail and refund (API.md §4), on the offline gateway."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from messaging.models import Notification
from payments.models import EarningEntry, Payment, Refund
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.payments.conftest import DECLINED_CARD, StandInBookings, pay

pytestmark = pytest.mark.django_db

PAYMENTS = "/api/v1/payments"


def _create(client, booking_id, **extra):
    return client.post(PAYMENTS, {"booking_id": booking_id, **extra}, format="json")


def test_a_learner_gets_a_payment_with_the_fee_split_of_75_dollars(bookings, learner, learner_client):
    booking_id = bookings.add(learner=learner, price=Decimal("75.00"))

    response = _create(learner_client, booking_id)

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "requires_payment"
    assert body["amount"] == {"amount": "75.00", "currency": "USD"}
    assert body["platform_fee"] == {"amount": "11.25", "currency": "USD"}
    assert body["mentor_payout"] == {"amount": "63.75", "currency": "USD"}
    assert body["payment_intent_id"].startswith("pi_")
    assert body["client_secret"].startswith(body["payment_intent_id"] + "_secret_")
    assert body["checkout_url"].endswith(f"/payments/{body['id']}/checkout/")
    assert body["expires_at"].endswith("Z")


def test_a_client_amount_that_differs_from_the_price_is_refused(bookings, learner, learner_client):
    booking_id = bookings.add(learner=learner, price=Decimal("75.00"))

    response = _create(learner_client, booking_id, amount="70.00")

    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert "amount" in response.json()["details"]
    assert not Payment.objects.exists()


def test_the_matching_client_amount_is_accepted(bookings, learner, learner_client):
    booking_id = bookings.add(learner=learner, price=Decimal("75.00"))

    assert (
        _create(learner_client, booking_id, amount={"amount": "75.00", "currency": "USD"}).status_code == 201
    )


def test_exactly_one_paid_item_must_be_named(learner_client):
    response = learner_client.post(PAYMENTS, {}, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"


def test_someone_elses_booking_cannot_be_paid(bookings, learner_client):
    other = UserFactory()
    booking_id = bookings.add(learner=other)

    assert _create(learner_client, booking_id).status_code == 404


def test_paying_with_the_test_card_succeeds_once_with_a_receipt(bookings, learner, learner_client):
    booking_id = bookings.add(learner=learner)
    payment_id = _create(learner_client, booking_id).json()["id"]
    payment = Payment.objects.get(pk=payment_id)

    pay(payment)
    confirmed = learner_client.post(f"{PAYMENTS}/{payment_id}/confirm")
    again = learner_client.post(f"{PAYMENTS}/{payment_id}/confirm")

    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "succeeded"
    assert again.json() == confirmed.json()
    payment.refresh_from_db()
    assert payment.receipt_number.startswith("MNT-")
    assert EarningEntry.objects.get(payment=payment).amount == Decimal("63.75")
    assert Notification.objects.filter(user=learner, type="payment_success").count() == 1


def test_a_declined_card_makes_confirm_answer_402(bookings, learner, learner_client):
    booking_id = bookings.add(learner=learner)
    payment_id = _create(learner_client, booking_id).json()["id"]

    pay(Payment.objects.get(pk=payment_id), DECLINED_CARD)
    response = learner_client.post(f"{PAYMENTS}/{payment_id}/confirm")

    assert response.status_code == 402
    assert response.json()["error"] == "PAYMENT_REQUIRED"
    assert response.json()["details"]["decline_code"] == "card_declined"
    assert Notification.objects.filter(user=learner, type="payment_failed").count() == 1


def test_a_declined_payment_can_be_created_again(bookings, learner, learner_client):
    booking_id = bookings.add(learner=learner)
    first = _create(learner_client, booking_id).json()["id"]
    pay(Payment.objects.get(pk=first), DECLINED_CARD)

    second = _create(learner_client, booking_id)

    assert second.status_code == 201
    assert second.json()["id"] != first


def test_a_paid_item_cannot_get_a_second_payment(bookings, learner, learner_client):
    booking_id = bookings.add(learner=learner)
    payment = Payment.objects.get(pk=_create(learner_client, booking_id).json()["id"])
    pay(payment)

    response = _create(learner_client, booking_id)

    assert response.status_code == 409
    assert Payment.objects.filter(object_id=booking_id).count() == 1


def test_a_server_side_payment_method_is_charged_at_once(bookings, learner, learner_client):
    booking_id = bookings.add(learner=learner)

    response = _create(learner_client, booking_id, payment_method="pm_card_visa")

    assert response.status_code == 201
    assert response.json()["status"] == "succeeded"


def test_a_declined_server_side_payment_method_answers_402(bookings, learner, learner_client):
    booking_id = bookings.add(learner=learner)

    response = _create(learner_client, booking_id, payment_method="pm_card_chargeDeclined")

    assert response.status_code == 402
    assert Payment.objects.get(object_id=booking_id).status == "failed"


# --- Idempotency-Key -----------------------------------------------------------------------------


def test_the_same_idempotency_key_ten_times_makes_one_payment(bookings, learner, learner_client):
    booking_id = bookings.add(learner=learner)

    responses = [
        learner_client.post(PAYMENTS, {"booking_id": booking_id}, format="json", HTTP_IDEMPOTENCY_KEY="pay-1")
        for _ in range(10)
    ]

    assert {r.status_code for r in responses} == {201}
    assert all(r.json() == responses[0].json() for r in responses)
    assert Payment.objects.filter(object_id=booking_id).count() == 1


def test_the_same_idempotency_key_with_another_body_is_a_conflict(bookings, learner, learner_client):
    first, second = bookings.add(learner=learner), bookings.add(learner=learner)
    learner_client.post(PAYMENTS, {"booking_id": first}, format="json", HTTP_IDEMPOTENCY_KEY="pay-2")

    response = learner_client.post(
        PAYMENTS, {"booking_id": second}, format="json", HTTP_IDEMPOTENCY_KEY="pay-2"
    )

    assert response.status_code == 409
    assert response.json()["error"] == "CONFLICT"
    assert not Payment.objects.filter(object_id=second).exists()


# --- history and detail --------------------------------------------------------------------------


def _paid_booking(bookings, learner, client, price=Decimal("75.00")):
    booking_id = bookings.add(learner=learner, price=price)
    payment = Payment.objects.get(pk=_create(client, booking_id).json()["id"])
    pay(payment)
    payment.refresh_from_db()
    return payment


def test_the_history_shows_the_callers_payments_with_receipts(bookings, learner, learner_client):
    payment = _paid_booking(bookings, learner, learner_client)
    other = UserFactory()
    _paid_booking(bookings, other, client_for(other))

    body = learner_client.get(PAYMENTS).json()

    assert body["total"] == 1
    item = body["items"][0]
    assert item["id"] == str(payment.pk)
    assert item["purpose"] == StandInBookings.kind
    assert item["booking"] == {"id": payment.object_id, "mentor_name": payment.mentor.user.display_name}
    assert item["receipt_url"].endswith(f"/payments/{payment.pk}/receipt/")


def test_the_history_filters_by_status(bookings, learner, learner_client):
    _paid_booking(bookings, learner, learner_client)
    _create(learner_client, bookings.add(learner=learner))

    assert learner_client.get(PAYMENTS, {"status": "succeeded"}).json()["total"] == 1
    assert learner_client.get(PAYMENTS, {"status": "requires_payment"}).json()["total"] == 1
    assert learner_client.get(PAYMENTS, {"purpose": "credit_purchase"}).json()["total"] == 0


@pytest.mark.parametrize("rows", [5, 50])
def test_the_history_runs_a_constant_number_of_queries(
    rows, bookings, learner, learner_client, django_assert_num_queries
):
    mentor = None
    for _ in range(rows):
        booking_id = bookings.add(learner=learner, mentor=mentor)
        mentor = bookings.items[booking_id][0].mentor
        Payment.objects.create(
            payer=learner,
            purpose=StandInBookings.kind,
            object_id=booking_id,
            mentor=mentor,
            description="Session",
            amount=Decimal("75.00"),
            currency="USD",
            platform_fee=Decimal("11.25"),
            mentor_payout=Decimal("63.75"),
            gateway="offline",
            expires_at="2030-01-01T00:00:00Z",
        )
    # 1 the caller, 2 count, 3 the page with mentor and mentor's user
    with django_assert_num_queries(3):
        response = learner_client.get(PAYMENTS, {"limit": 100})
    assert len(response.json()["items"]) == rows


def test_the_detail_shows_the_fee_split_and_refunds(bookings, learner, learner_client, staff_client):
    payment = _paid_booking(bookings, learner, learner_client)
    staff_client.post(
        f"{PAYMENTS}/{payment.pk}/refund", {"amount": "30.00", "reason": "goodwill"}, format="json"
    )

    body = learner_client.get(f"{PAYMENTS}/{payment.pk}").json()

    assert body["platform_fee"]["amount"] == "11.25"
    assert body["mentor_payout"]["amount"] == "63.75"
    assert body["amount_refunded"]["amount"] == "30.00"
    assert body["status"] == "partially_refunded"
    assert body["gateway_status"] == "succeeded"
    assert [r["amount"]["amount"] for r in body["refunds"]] == ["30.00"]
    assert body["refunds"][0]["status"] == "succeeded"


def test_nobody_else_can_see_confirm_or_refund_a_payment(bookings, learner, learner_client):
    payment = _paid_booking(bookings, learner, learner_client)
    stranger = client_for(UserFactory())

    assert stranger.get(f"{PAYMENTS}/{payment.pk}").status_code == 404
    assert stranger.post(f"{PAYMENTS}/{payment.pk}/confirm").status_code == 404
    response = stranger.post(f"{PAYMENTS}/{payment.pk}/refund", {"reason": "mine now"}, format="json")
    assert response.status_code == 404
    assert not Refund.objects.exists()


def test_staff_can_see_any_payment(bookings, learner, learner_client, staff_client):
    payment = _paid_booking(bookings, learner, learner_client)

    assert staff_client.get(f"{PAYMENTS}/{payment.pk}").status_code == 200


# --- refunds -------------------------------------------------------------------------------------


def test_a_learner_gets_a_full_refund_while_the_rules_allow(bookings, learner, learner_client):
    payment = _paid_booking(bookings, learner, learner_client)
    bookings.refundable.add(payment.object_id)

    response = learner_client.post(
        f"{PAYMENTS}/{payment.pk}/refund", {"reason": "cannot come"}, format="json"
    )

    assert response.status_code == 201
    refund = response.json()["refund"]
    assert refund["status"] == "refund_pending"
    assert refund["amount"] == {"amount": "75.00", "currency": "USD"}
    payment.refresh_from_db()
    assert payment.status == "refunded"
    # the mentor's pending share is cancelled by a negative entry of the same size
    assert sum(e.amount for e in EarningEntry.objects.filter(payment=payment)) == Decimal("0.00")
    assert Notification.objects.filter(user=learner, type="refund_processed").count() == 1


def test_a_learner_refund_outside_the_rules_is_refused(bookings, learner, learner_client):
    payment = _paid_booking(bookings, learner, learner_client)

    response = learner_client.post(f"{PAYMENTS}/{payment.pk}/refund", {"reason": "late"}, format="json")

    assert response.status_code == 409
    assert response.json()["error"] == "REFUND_NOT_ALLOWED"
    payment.refresh_from_db()
    assert payment.status == "succeeded"


def test_a_partial_refund_is_for_staff_only(bookings, learner, learner_client):
    payment = _paid_booking(bookings, learner, learner_client)
    bookings.refundable.add(payment.object_id)

    response = learner_client.post(f"{PAYMENTS}/{payment.pk}/refund", {"amount": "10.00"}, format="json")

    assert response.status_code == 403
    assert not Refund.objects.exists()


def test_staff_partial_refunds_shrink_fee_and_payout_in_proportion(
    bookings, learner, learner_client, staff_client
):
    payment = _paid_booking(bookings, learner, learner_client)

    first = staff_client.post(f"{PAYMENTS}/{payment.pk}/refund", {"amount": "25.00"}, format="json")
    second = staff_client.post(f"{PAYMENTS}/{payment.pk}/refund", {"amount": "50.00"}, format="json")
    too_much = staff_client.post(f"{PAYMENTS}/{payment.pk}/refund", {"amount": "0.01"}, format="json")

    assert first.json()["refund"]["platform_fee"]["amount"] == "3.75"
    assert first.json()["refund"]["mentor_payout"]["amount"] == "21.25"
    # the last refund takes exactly what is left of each part: no cent lost to rounding
    assert second.json()["refund"]["platform_fee"]["amount"] == "7.50"
    assert second.json()["refund"]["mentor_payout"]["amount"] == "42.50"
    assert too_much.status_code == 409
    payment.refresh_from_db()
    assert payment.status == "refunded"
    assert (payment.fee_refunded, payment.payout_refunded) == (Decimal("11.25"), Decimal("63.75"))


def test_staff_cannot_refund_more_than_is_left(bookings, learner, learner_client, staff_client):
    payment = _paid_booking(bookings, learner, learner_client)

    response = staff_client.post(f"{PAYMENTS}/{payment.pk}/refund", {"amount": "75.01"}, format="json")

    assert response.status_code == 400
    assert "amount" in response.json()["details"]


def test_an_unpaid_payment_cannot_be_refunded(bookings, learner, learner_client, staff_client):
    payment_id = _create(learner_client, bookings.add(learner=learner)).json()["id"]

    response = staff_client.post(f"{PAYMENTS}/{payment_id}/refund", {}, format="json")

    assert response.status_code == 409
    assert response.json()["error"] == "REFUND_NOT_ALLOWED"


def test_a_staff_refund_is_written_to_the_audit_log(bookings, learner, learner_client, staff, staff_client):
    from accounts.models import AuditEntry

    payment = _paid_booking(bookings, learner, learner_client)
    staff_client.post(
        f"{PAYMENTS}/{payment.pk}/refund", {"amount": "5.00", "reason": "late start"}, format="json"
    )

    entry = AuditEntry.objects.get(action="payment.refund")
    assert entry.actor == staff
    assert entry.target_id == str(payment.pk)
    assert entry.details["reason"] == "late start"


# --- expiry and rate limit -----------------------------------------------------------------------


def test_an_unpaid_payment_expires_after_15_minutes_and_can_be_created_again(
    bookings, learner, learner_client
):
    from payments import tasks
    from payments.models import OfflineIntent

    booking_id = bookings.add(learner=learner)
    # A token lives 30 minutes: each step signs in again at its own time.
    with time_machine.travel("2030-01-01 10:00:00Z", tick=False):
        first = _create(client_for(learner), booking_id).json()
    with time_machine.travel("2030-01-01 10:14:00Z", tick=False):
        tasks.expire_unpaid_payments.delay()
        assert Payment.objects.get(pk=first["id"]).status == "requires_payment"
    with time_machine.travel("2030-01-01 10:15:01Z", tick=False):
        tasks.expire_unpaid_payments.delay()
        second = _create(client_for(learner), booking_id)

    expired = Payment.objects.get(pk=first["id"])
    assert (expired.status, expired.failure_code) == ("failed", "expired")
    assert OfflineIntent.objects.get(pk=first["payment_intent_id"]).status == "canceled"
    assert second.status_code == 201
    assert second.json()["id"] != first["id"]


def test_payment_creation_is_limited_to_ten_a_minute(bookings, learner, learner_client):
    statuses = [_create(learner_client, bookings.add(learner=learner)).status_code for _ in range(11)]

    assert statuses == [201] * 10 + [429]
