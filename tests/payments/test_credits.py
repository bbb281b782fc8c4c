"""Credits (API.md §4): an append-only ledger whose sum is the balance, never below zero."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from core.errors import Busy
from messaging.models import Notification
from payments import services
from payments.errors import InsufficientCredits
from payments.models import CreditEntry, CreditWallet, Payment
from tests.concurrency import run_together
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory
from tests.payments.conftest import StandInBookings, pay

WALLET = "/api/v1/credits/me"
LEDGER = "/api/v1/credits/me/transactions"
PURCHASES = "/api/v1/credits/me/purchases"
TRANSFERS = "/api/v1/credits/me/transfers"


def _give(user, credits: int) -> None:
    """Credits bought the real way: a purchase charged at once with Stripe's test card."""
    purchase = services.credit_purchase_create(user=user, credits=credits)
    services.payment_create(
        payer=user, purpose="credit_purchase", object_id=str(purchase.pk), payment_method="pm_card_visa"
    )


@pytest.mark.django_db
def test_a_new_account_starts_with_one_free_credit(anon_client):
    response = anon_client.post(
        "/api/v1/auth/register",
        {"email": "ada@example.com", "password": "analytical-engine-1843", "full_name": "Ada Lovelace"},
        format="json",
    )
    access = response.json()["access"]

    wallet = anon_client.get(WALLET, HTTP_AUTHORIZATION=f"Bearer {access}").json()
    ledger = anon_client.get(LEDGER, HTTP_AUTHORIZATION=f"Bearer {access}").json()

    assert wallet["balance"] == 1
    assert [(e["type"], e["amount"], e["balance_after"]) for e in ledger["items"]] == [("initial", 1, 1)]


@pytest.mark.django_db
def test_buying_credits_with_the_test_card_adds_them_once(learner, learner_client):
    response = learner_client.post(PURCHASES, {"credits": 10}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["purchase"]["price"] == {"amount": "10.00", "currency": "USD"}
    assert body["purchase"]["status"] == "pending_payment"
    assert body["new_balance"] is None
    payment = Payment.objects.get(pk=body["payment"]["id"])
    assert payment.platform_fee == Decimal("10.00")  # no mentor: nothing to pay out

    pay(payment)
    client_for(learner).post(f"/api/v1/payments/{payment.pk}/confirm")

    wallet = learner_client.get(WALLET).json()
    assert (wallet["balance"], wallet["lifetime_purchased"]) == (10, 10)
    assert Notification.objects.filter(user=learner, type="credits_received").count() == 1


@pytest.mark.django_db
def test_a_purchase_charged_at_once_returns_the_new_balance(learner_client):
    response = learner_client.post(PURCHASES, {"credits": 3, "payment_method": "pm_card_visa"}, format="json")

    assert response.status_code == 201
    assert response.json()["purchase"]["status"] == "paid"
    assert response.json()["new_balance"] == 3


@pytest.mark.django_db
def test_credits_are_whole_numbers_within_limits(learner_client):
    assert learner_client.post(PURCHASES, {"credits": 0}, format="json").status_code == 400
    assert learner_client.post(PURCHASES, {"credits": 1.5}, format="json").status_code == 400


@pytest.mark.django_db
def test_paying_a_booking_with_credits_moves_them_to_the_mentor(bookings, learner, learner_client):
    _give(learner, 5)
    mentor = MentorFactory(credit_price=2)
    booking_id = bookings.add(learner=learner, mentor=mentor)

    response = learner_client.post(TRANSFERS, {"booking_id": booking_id}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["new_balance"] == 3
    assert body["transaction"]["type"] == "spent"
    assert body["transaction"]["amount"] == -2
    assert body["transaction"]["booking_id"] == booking_id
    mentor_wallet = CreditWallet.objects.get(user=mentor.user)
    assert (mentor_wallet.balance, mentor_wallet.lifetime_earned) == (2, 2)
    assert Notification.objects.filter(user=mentor.user, type="credits_received").count() == 1


@pytest.mark.django_db
def test_too_few_credits_is_payment_required(bookings, learner, learner_client):
    booking_id = bookings.add(learner=learner, mentor=MentorFactory(credit_price=3))
    _give(learner, 2)

    response = learner_client.post(TRANSFERS, {"booking_id": booking_id}, format="json")

    assert response.status_code == 402
    assert response.json()["error"] == "PAYMENT_REQUIRED"
    assert CreditWallet.objects.get(user=learner).balance == 2


@pytest.mark.django_db
def test_a_booking_is_paid_with_credits_once(bookings, learner, learner_client):
    _give(learner, 5)
    booking_id = bookings.add(learner=learner)

    first = learner_client.post(TRANSFERS, {"booking_id": booking_id}, format="json")
    second = learner_client.post(TRANSFERS, {"booking_id": booking_id}, format="json")

    assert (first.status_code, second.status_code) == (201, 409)
    assert CreditWallet.objects.get(user=learner).balance == 4


@pytest.mark.django_db
def test_a_different_amount_than_the_credit_price_is_refused(bookings, learner, learner_client):
    _give(learner, 5)
    booking_id = bookings.add(learner=learner)

    response = learner_client.post(TRANSFERS, {"booking_id": booking_id, "amount": 3}, format="json")

    assert response.status_code == 400
    assert CreditWallet.objects.get(user=learner).balance == 5


@pytest.mark.django_db
def test_someone_elses_booking_cannot_be_paid_with_credits(bookings, learner_client):
    booking_id = bookings.add(learner=UserFactory())

    assert learner_client.post(TRANSFERS, {"booking_id": booking_id}, format="json").status_code == 404


@pytest.mark.django_db
def test_a_refunded_credit_booking_gives_the_credits_back_once(bookings, learner):
    _give(learner, 3)
    mentor = MentorFactory(credit_price=2)
    booking_id = bookings.add(learner=learner, mentor=mentor)
    services.credits_transfer(payer=learner, purpose=StandInBookings.kind, object_id=booking_id)

    back = services.credits_refund(
        purpose=StandInBookings.kind, object_id=booking_id, reason="mentor cancelled"
    )
    again = services.credits_refund(purpose=StandInBookings.kind, object_id=booking_id)

    assert back.type == "refunded" and back.amount == 2
    assert again is None
    assert CreditWallet.objects.get(user=learner).balance == 3
    assert CreditWallet.objects.get(user=mentor.user).balance == 0


@pytest.mark.django_db
def test_the_wallet_can_never_go_below_zero_in_the_database(learner):
    services.wallet_get(user=learner)

    with pytest.raises(IntegrityError), transaction.atomic():
        CreditWallet.objects.filter(user=learner).update(balance=-1)


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [5, 50])
def test_the_ledger_runs_a_constant_number_of_queries(
    rows, learner, learner_client, django_assert_num_queries
):
    wallet = services.wallet_get(user=learner)
    for index in range(rows):
        CreditEntry.objects.create(
            wallet=wallet,
            type="purchased",
            amount=1,
            balance_after=index + 1,
            description="x",
            reference=f"r{index}",
        )
    # 1 the caller, 2 count, 3 the page
    with django_assert_num_queries(3):
        response = learner_client.get(LEDGER, {"limit": 100})
    assert len(response.json()["items"]) == rows


@pytest.mark.django_db(transaction=True)
def test_a_hundred_concurrent_spends_of_one_credit_on_ten_succeed_exactly_ten_times(bookings, settings):
    # This is about exactness, not about how long a spend waits for the wallet: on a saturated
    # test machine twenty queued spends can wait past the production LOCK_TIMEOUT (then 503).
    settings.LOCK_TIMEOUT = "60s"
    learner = UserFactory()
    _give(learner, 10)
    mentor = MentorFactory(credit_price=1)
    booking_ids = [bookings.add(learner=learner, mentor=mentor) for _ in range(100)]

    def spend(booking_id):
        # The service, not the API: one person's 100 calls a minute would meet the payments
        # rate limit (10/min) long before the balance, and the balance is what this is about.
        # A spend that waited too long for the wallet leaves as Busy (503, Retry-After) and has
        # changed nothing; the client tries again, as a real one does.
        for _attempt in range(20):
            try:
                services.credits_transfer(payer=learner, purpose=StandInBookings.kind, object_id=booking_id)
                return "spent"
            except InsufficientCredits:
                return "short"
            except Busy:
                continue
        return "busy"

    # 20 threads keep within PostgreSQL's connection limit while every spend still races.
    statuses = run_together(spend, booking_ids, threads=20)

    assert statuses.count("spent") == 10, statuses
    assert statuses.count("short") == 90, statuses
    wallet = CreditWallet.objects.get(user=learner)
    assert wallet.balance == 0
    assert CreditEntry.objects.filter(wallet=wallet, type="spent").count() == 10
    assert min(CreditEntry.objects.filter(wallet=wallet).values_list("balance_after", flat=True)) == 0
    assert CreditWallet.objects.get(user=mentor.user).balance == 10


def test_staff_see_a_users_credit_balance_and_mentor_profile(staff_client):
    from tests.mentors.factories import MentorFactory

    mentor = MentorFactory(title="Tax coach")
    body = staff_client.get(f"/api/v1/staff/users/{mentor.user.pk}").json()
    assert body["mentor_profile"]["title"] == "Tax coach"
    assert body["mentor_profile"]["status"] == "approved"
    assert isinstance(body["credit_balance"], int)
