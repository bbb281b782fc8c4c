"""The refund policy of API.md §3 × each way to pay, and the money adding up in every cell.

Full refunds: a learner cancelling at least cancellation_deadline_hours (24 h) ahead, a mentor
cancelling or declining, a paid request that expires unconfirmed, an absent mentor. No refund:
a learner cancelling later, an absent learner (the mentor is paid).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum

from bookings.models import Booking
from bookings.services import bookings_expire_unconfirmed
from mentors.models import BusyInterval
from payments.models import CreditEntry, CreditWallet, EarningEntry, PackagePurchase, Refund
from tests.bookings.conftest import NOW, api_as
from tests.bookings.factories import (
    BOOKINGS_URL,
    at,
    booked,
    buy_package,
    card_payment_of,
    give_credits,
    started,
    webhook_held_back,
)
from tests.factories import UserFactory
from tests.mentors.factories import ServiceFactory
from tests.payments.conftest import pay

pytestmark = pytest.mark.django_db

START = at(2, 10)  # Wednesday 10:00: 50 hours after the frozen clock
CREDITS_OWNED = 5
SESSION_CREDITS = 2

FULL = "full"
NONE = "none"
CASES = {
    "learner_cancels_early": FULL,
    "learner_cancels_late": NONE,
    "mentor_cancels": FULL,
    "mentor_declines": FULL,
    "request_expires_unconfirmed": FULL,
    "mentor_no_show": FULL,
    "learner_no_show": NONE,
}
METHODS = ["card", "credits", "package"]


def _balance(user) -> int:
    return CreditWallet.objects.filter(user=user).values_list("balance", flat=True).first() or 0


def _book(method: str, *, mentor, learner, service) -> Booking:
    if method == "credits":
        give_credits(learner, CREDITS_OWNED)
        return booked(learner, mentor, START, method="credits", service_id=str(service.pk))
    if method == "package":
        purchase = buy_package(learner, mentor, sessions=3)
        return booked(learner, mentor, START, method="package", package_purchase_id=str(purchase.pk))
    return booked(learner, mentor, START, service_id=str(service.pk))


def _url(booking, action: str) -> str:
    return f"{BOOKINGS_URL}/{booking.pk}/{action}"


def _happen(case: str, booking: Booking, clock) -> None:
    learner, mentor = api_as(booking.learner), api_as(booking.mentor.user)
    if case == "learner_cancels_early":
        clock.move_to(START - timedelta(hours=24))  # exactly at the deadline still counts as early
        response = learner.post(_url(booking, "cancel"))
    elif case == "learner_cancels_late":
        clock.move_to(START - timedelta(hours=23, minutes=59))
        response = learner.post(_url(booking, "cancel"))
    elif case == "mentor_cancels":
        clock.move_to(START - timedelta(hours=1))
        response = mentor.post(_url(booking, "cancel"), {"reason": "Ill"}, format="json")
    elif case == "mentor_declines":
        response = mentor.post(_url(booking, "decline"), {"reason": "Away"}, format="json")
    elif case == "request_expires_unconfirmed":
        assert bookings_expire_unconfirmed(now=NOW + timedelta(hours=24)) == 1
        return
    elif case == "mentor_no_show":
        started(booking, who=("learner",))
        clock.move_to(START + timedelta(minutes=20))
        response = api_as(UserFactory(is_staff=True)).post(
            _url(booking, "mark-no-show"), {"party": "mentor"}, format="json"
        )
    else:
        started(booking, who=("mentor",))
        clock.move_to(START + timedelta(minutes=15))
        response = mentor.post(_url(booking, "mark-no-show"), {"party": "learner"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["refund"]["policy"] == CASES[case]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("case", list(CASES))
def test_the_refund_policy_and_the_money(case, method, clock, mentor_profile, learner_user):
    if case in ("mentor_declines", "request_expires_unconfirmed"):
        mentor_profile.schedule.auto_confirm = False
        mentor_profile.schedule.save()
    service = ServiceFactory(mentor=mentor_profile, price=Decimal("75.00"), credit_price=SESSION_CREDITS)
    booking = _book(method, mentor=mentor_profile, learner=learner_user, service=service)
    assert booking.status == ("pending" if not mentor_profile.schedule.auto_confirm else "confirmed")

    _happen(case, booking, clock)

    booking.refresh_from_db()
    assert booking.refund_policy == CASES[case]
    refunded = CASES[case] == FULL
    {"card": _card_adds_up, "credits": _credits_add_up, "package": _package_adds_up}[method](
        booking, refunded
    )


def _card_adds_up(booking: Booking, refunded: bool) -> None:
    payment = card_payment_of(booking)
    assert (payment.amount, payment.platform_fee, payment.mentor_payout) == (
        Decimal("75.00"),
        Decimal("11.25"),
        Decimal("63.75"),
    )
    earned = EarningEntry.objects.filter(payment=payment)
    net = earned.aggregate(total=Sum("amount"))["total"]
    if refunded:
        assert payment.status == "refunded"
        assert payment.amount_refunded == payment.amount
        (refund,) = Refund.objects.filter(payment=payment)
        assert refund.status == "succeeded"
        # Fee and payout go back in the proportion they were taken.
        assert (refund.amount, refund.fee_amount, refund.payout_amount) == (
            Decimal("75.00"),
            Decimal("11.25"),
            Decimal("63.75"),
        )
        assert (payment.fee_refunded, payment.payout_refunded) == (Decimal("11.25"), Decimal("63.75"))
        assert net == Decimal("0.00")
    else:
        assert payment.status == "succeeded"
        assert payment.amount_refunded == Decimal("0.00")
        assert not Refund.objects.filter(payment=payment).exists()
        # The learner pays, so the mentor's share is due now.
        assert net == Decimal("63.75")
        assert set(earned.values_list("status", flat=True)) == {"available"}


def _credits_add_up(booking: Booking, refunded: bool) -> None:
    learner, mentor = booking.learner, booking.mentor.user
    refund_rows = CreditEntry.objects.filter(object_id=str(booking.pk), type="refunded")
    if refunded:
        assert _balance(learner) == CREDITS_OWNED
        assert _balance(mentor) == 0
        back = refund_rows.get(wallet__user=learner)
        assert back.amount == SESSION_CREDITS
        assert refund_rows.get(wallet__user=mentor).amount == -SESSION_CREDITS
    else:
        assert _balance(learner) == CREDITS_OWNED - SESSION_CREDITS
        assert _balance(mentor) == SESSION_CREDITS
        assert not refund_rows.exists()
    # The ledger and the cached balances agree.
    for user in (learner, mentor):
        ledger = CreditEntry.objects.filter(wallet__user=user).aggregate(total=Sum("amount"))["total"] or 0
        assert ledger == _balance(user)


def _package_adds_up(booking: Booking, refunded: bool) -> None:
    purchase = PackagePurchase.objects.get(pk=booking.package_purchase_id)
    assert purchase.sessions_remaining == (3 if refunded else 2)
    assert purchase.uses.filter(reference=str(booking.pk), restored_at__isnull=not refunded).exists()


# --- the learner chooses, and refunds asked for through payments ---------------------------------


def test_a_learner_may_cancel_early_without_asking_for_the_refund(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, START)

    response = api_as(learner_user).post(_url(booking, "cancel"), {"request_refund": False}, format="json")

    assert response.json()["refund"]["policy"] == NONE
    assert card_payment_of(booking).status == "succeeded"


def test_what_a_cancellation_would_refund_is_stated_before_it(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, START)
    detail = f"{BOOKINGS_URL}/{booking.pk}"

    early = api_as(learner_user).get(detail).json()["next_steps"]
    clock.move_to(START - timedelta(hours=2))
    late = api_as(learner_user).get(detail).json()["next_steps"]
    by_mentor = api_as(mentor_profile.user).get(detail).json()["next_steps"]

    assert early["refund_if_cancelled_now"] == FULL
    assert early["cancellation_deadline"] == "2027-03-02T10:00:00Z"
    assert late["refund_if_cancelled_now"] == NONE
    assert by_mentor["refund_if_cancelled_now"] == FULL


def test_a_refund_asked_for_through_payments_before_the_deadline_cancels_the_booking(
    clock, mentor_profile, learner_user
):
    booking = booked(learner_user, mentor_profile, START)
    payment = card_payment_of(booking)

    response = api_as(learner_user).post(
        f"/api/v1/payments/{payment.pk}/refund", {"reason": "Plans changed"}, format="json"
    )

    assert response.status_code in (200, 201)
    assert response.json()["refund"]["amount"] == {"amount": "60.00", "currency": "USD"}
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert (booking.cancelled_by_party, booking.refund_policy) == ("learner", FULL)
    payment.refresh_from_db()
    assert payment.status == "refunded"
    assert not BusyInterval.objects.filter(reference=str(booking.pk), is_live=True).exists()


def test_a_refund_asked_for_after_the_deadline_is_409_refund_not_allowed(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, START)
    payment = card_payment_of(booking)
    clock.move_to(START - timedelta(hours=23))

    response = api_as(learner_user).post(f"/api/v1/payments/{payment.pk}/refund", {}, format="json")

    assert response.status_code == 409
    assert response.json()["error"] == "REFUND_NOT_ALLOWED"
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"
    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded) == ("succeeded", Decimal("0.00"))


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("card", {"amount": {"amount": "75.00", "currency": "USD"}, "credits": None}),
        ("credits", {"amount": None, "credits": SESSION_CREDITS, "status": "refunded"}),
        ("package", {"amount": None, "credits": None, "status": "session_restored"}),
    ],
)
def test_the_cancel_response_says_what_came_back(method, expected, clock, mentor_profile, learner_user):
    service = ServiceFactory(mentor=mentor_profile, price=Decimal("75.00"), credit_price=SESSION_CREDITS)
    booking = _book(method, mentor=mentor_profile, learner=learner_user, service=service)

    refund = api_as(learner_user).post(_url(booking, "cancel")).json()["refund"]

    assert refund["policy"] == FULL
    assert {key: refund[key] for key in expected} == expected


def test_paying_a_booking_that_was_cancelled_meanwhile_gives_the_money_back(
    clock, mentor_profile, learner_user, django_capture_on_commit_callbacks
):
    booking = booked(learner_user, mentor_profile, START, pay_now=False)
    payment = card_payment_of(booking)

    # The checkout page was still open in another tab: the card is charged while the booking is
    # being cancelled, and the gateway's webhook arrives after. The refund leaves once the
    # webhook's transaction has committed.
    with django_capture_on_commit_callbacks(execute=True), webhook_held_back():
        pay(payment)
        api_as(learner_user).post(_url(booking, "cancel"))

    booking.refresh_from_db()
    payment.refresh_from_db()
    assert booking.status == "cancelled"
    assert payment.amount_refunded == payment.amount
    assert not BusyInterval.objects.filter(reference=str(booking.pk), is_live=True).exists()
