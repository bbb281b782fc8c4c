"""Earnings and payouts on the offline gateway (API.md §4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from payments import services
from payments.models import ConnectAccount, OfflineTransfer, Payment, Payout
from tests.conftest import client_for
from tests.mentors.factories import MentorFactory
from tests.payments.conftest import StandInBookings, pay

pytestmark = pytest.mark.django_db


def _paid_booking(bookings, learner, mentor, price=Decimal("75.00")) -> Payment:
    booking_id = bookings.add(learner=learner, mentor=mentor, price=price, currency=mentor.currency)
    payment = services.payment_create(payer=learner, purpose=StandInBookings.kind, object_id=booking_id)
    pay(payment)
    payment.refresh_from_db()
    return payment


def _onboarded(mentor) -> ConnectAccount:
    client = client_for(mentor.user)
    client.post("/api/v1/payouts/account/onboarding-link")
    account = ConnectAccount.objects.get(mentor=mentor)
    from payments.gateways.offline import OfflineGateway

    OfflineGateway().complete_onboarding(account_id=account.account_id, default_currency=mentor.currency)
    account.refresh_from_db()
    return account


def test_earnings_are_pending_until_the_session_completes(bookings, learner):
    mentor = MentorFactory()
    with time_machine.travel("2030-01-10 12:00:00Z", tick=False):
        payment = _paid_booking(bookings, learner, mentor)
        before = client_for(mentor.user).get("/api/v1/earnings/me", {"period": "month"}).json()
        services.earnings_release(purpose=StandInBookings.kind, object_id=payment.object_id)
        after = client_for(mentor.user).get("/api/v1/earnings/me", {"period": "month"}).json()

    assert before["pending_payout"] == {"amount": "63.75", "currency": "USD"}
    assert before["available_balance"]["amount"] == "0.00"
    assert after["pending_payout"]["amount"] == "0.00"
    assert after["available_balance"]["amount"] == "63.75"
    assert after["total_earnings"]["amount"] == "63.75"
    assert after["this_month"]["amount"] == "63.75"
    assert (after["total_bookings"], after["completed_sessions"]) == (1, 1)
    assert after["average_session_value"]["amount"] == "63.75"
    assert after["by_service"][0]["service"] == "One-to-one session"
    assert after["by_month"] == [{"month": "2030-01", "total": {"amount": "63.75", "currency": "USD"}}]
    assert after["daily"][0]["date"] == "2030-01-10"


def test_earnings_are_reported_per_currency(bookings, learner):
    mentor = MentorFactory(currency="EUR")
    _paid_booking(bookings, learner, mentor, price=Decimal("100.00"))
    bookings.add(learner=learner, mentor=mentor)  # a USD service of the same mentor
    usd = services.payment_create(
        payer=learner, purpose=StandInBookings.kind, object_id=list(bookings.items)[-1]
    )
    pay(usd)

    body = client_for(mentor.user).get("/api/v1/earnings/me").json()

    assert body["currency"] == "EUR"
    assert body["pending_payout"] == {"amount": "85.00", "currency": "EUR"}
    assert {row["currency"]: row["pending_payout"]["amount"] for row in body["by_currency"]} == {
        "EUR": "85.00",
        "USD": "63.75",
    }


def test_only_mentors_have_earnings_and_payouts(learner_client):
    assert learner_client.get("/api/v1/earnings/me").status_code == 403
    assert learner_client.get("/api/v1/payouts").status_code == 403
    assert learner_client.get("/api/v1/payouts/account").status_code == 403


def test_a_bad_period_is_refused():
    mentor = MentorFactory()

    response = client_for(mentor.user).get("/api/v1/earnings/me", {"period": "decade"})

    assert response.status_code == 400


def test_the_weekly_run_pays_the_available_balance_once(bookings, learner):
    mentor = MentorFactory()
    account = _onboarded(mentor)
    payment = _paid_booking(bookings, learner, mentor)
    services.earnings_release(purpose=StandInBookings.kind, object_id=payment.object_id)

    services.payouts_run(today=date(2030, 1, 7))
    services.payouts_run(today=date(2030, 1, 7))

    transfer = OfflineTransfer.objects.get()
    assert (transfer.amount, transfer.destination) == (6375, account.account_id)
    payouts = client_for(mentor.user).get("/api/v1/payouts").json()
    assert payouts["total"] == 1
    item = payouts["items"][0]
    assert item["amount"] == {"amount": "63.75", "currency": "USD"}
    assert item["status"] == "paid"  # the offline gateway pays the transfer out at once
    assert (item["period_start"], item["period_end"]) == ("2029-12-31", "2030-01-06")
    assert item["bookings_count"] == 1
    assert item["arrival_date"] is not None


def test_mentors_without_payouts_enabled_are_not_paid(bookings, learner):
    mentor = MentorFactory()
    payment = _paid_booking(bookings, learner, mentor)
    services.earnings_release(purpose=StandInBookings.kind, object_id=payment.object_id)

    assert services.payouts_run(today=date(2030, 1, 7)) == []
    assert not Payout.objects.exists()


def test_a_refund_after_payout_is_carried_against_the_next_payout(bookings, learner, staff_client):
    mentor = MentorFactory()
    _onboarded(mentor)
    first = _paid_booking(bookings, learner, mentor)
    services.earnings_release(purpose=StandInBookings.kind, object_id=first.object_id)
    services.payouts_run(today=date(2030, 1, 7))
    staff_client.post(f"/api/v1/payments/{first.pk}/refund", {"amount": "75.00"}, format="json")
    second = _paid_booking(bookings, learner, mentor, price=Decimal("100.00"))
    services.earnings_release(purpose=StandInBookings.kind, object_id=second.object_id)

    services.payouts_run(today=date(2030, 1, 14))

    amounts = list(Payout.objects.order_by("period_start").values_list("amount", flat=True))
    assert amounts == [Decimal("63.75"), Decimal("85.00") - Decimal("63.75")]


@pytest.mark.parametrize("rows", [5, 50])
def test_the_payout_list_runs_a_constant_number_of_queries(rows, django_assert_num_queries):
    mentor = MentorFactory()
    for week in range(rows):
        Payout.objects.create(
            mentor=mentor,
            amount=Decimal("10.00"),
            currency="USD",
            period_start=date(2029, 1, 1).replace(day=1 + week % 28, month=1 + week // 28),
            period_end=date(2029, 12, 31),
            destination="acct_x",
        )
    client = client_for(mentor.user)
    # 1 the caller, 2 the caller's mentor profile, 3 count, 4 the page
    with django_assert_num_queries(4):
        response = client.get("/api/v1/payouts", {"limit": 100})
    assert len(response.json()["items"]) == rows


def test_the_account_status_before_onboarding_names_what_is_missing():
    mentor = MentorFactory(currency="GBP")

    body = client_for(mentor.user).get("/api/v1/payouts/account").json()

    assert body == {
        "account_id": None,
        "payouts_enabled": False,
        "details_submitted": False,
        "requirements_due": ["onboarding"],
        "default_currency": "GBP",
    }


def test_offline_onboarding_enables_payouts_through_the_webhook():
    mentor = MentorFactory()

    account = _onboarded(mentor)

    assert account.payouts_enabled is True
    assert client_for(mentor.user).get("/api/v1/payouts/account").json()["payouts_enabled"] is True


def test_my_mentor_profile_says_whether_payouts_can_reach_me():
    from payments.models import ConnectAccount
    from tests.conftest import client_for
    from tests.mentors.factories import MentorFactory

    mentor = MentorFactory()
    client = client_for(mentor.user)
    assert client.get("/api/v1/mentors/me").json()["payouts_enabled"] is False

    ConnectAccount.objects.create(
        mentor=mentor, account_id="acct_test_1", gateway="offline", payouts_enabled=True
    )
    assert client.get("/api/v1/mentors/me").json()["payouts_enabled"] is True


@pytest.mark.parametrize("paid", [1, 8])
def test_the_earnings_run_a_constant_number_of_queries(bookings, learner, paid, django_assert_num_queries):
    mentor = MentorFactory()
    for _ in range(paid):
        _paid_booking(bookings, learner, mentor)
    client = client_for(mentor.user)
    # 1 the caller, 2 the caller's mentor profile with its user, then six aggregates: lifetime,
    # this month, pending and available, by service, by month, by day
    with django_assert_num_queries(8):
        body = client.get("/api/v1/earnings/me").json()
    assert body["total_bookings"] == paid
