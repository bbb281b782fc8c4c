"""Every money change leaves an audit row (pretix): payments, payouts and packages."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from payments import services
from payments.models import Payment, Payout, PayoutStatus
from tests.mentors.factories import MentorFactory
from tests.payments.conftest import DECLINED_CARD, pay
from tests.payments.test_earnings import _onboarded, _paid_booking
from tests.payments.test_packages import _bought

pytestmark = pytest.mark.django_db


def entries(action: str, target) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action, target_id=str(target.pk)))


def the_entry(action: str, target) -> AuditEntry:
    found = entries(action, target)
    assert len(found) == 1, found
    return found[0]


def test_a_paid_payment_is_audited_once_with_its_amount(bookings, learner):
    payment = _paid_booking(bookings, learner, MentorFactory(), price=Decimal("75.00"))
    services.payment_confirm(payment=payment)  # a repeat changes nothing and writes nothing

    entry = the_entry("payment.succeeded", payment)
    assert entry.actor is None
    assert entry.details["amount"] == "75.00"
    assert entry.details["currency"] == payment.currency
    assert entry.details["receipt_number"] == payment.receipt_number
    assert entry.target_type == "payments.payment"


def test_a_declined_card_audits_the_failure_with_its_code(bookings, learner):
    booking_id = bookings.add(learner=learner, mentor=MentorFactory(), price=Decimal("40.00"))
    payment = services.payment_create(payer=learner, purpose=bookings.kind, object_id=booking_id)

    pay(payment, DECLINED_CARD)

    entry = the_entry("payment.failed", payment)
    assert entry.details["failure_code"] == "card_declined"
    assert not entries("payment.succeeded", payment)


def test_an_expired_payment_is_audited_by_the_beat_job(bookings, learner):
    booking_id = bookings.add(learner=learner, mentor=MentorFactory())
    payment = services.payment_create(payer=learner, purpose=bookings.kind, object_id=booking_id)

    assert services.payments_expire_unpaid(now=timezone.now() + timedelta(minutes=16)) == 1

    assert the_entry("payment.failed", payment).details["failure_code"] == "expired"


def test_an_abandoned_payment_is_audited(bookings, learner):
    booking_id = bookings.add(learner=learner, mentor=MentorFactory())
    payment = services.payment_create(payer=learner, purpose=bookings.kind, object_id=booking_id)

    services.payment_abandon(purpose=bookings.kind, object_id=booking_id)

    assert the_entry("payment.failed", payment).details["failure_code"] == "abandoned"


def test_a_payout_is_audited_when_sent_and_when_paid(bookings, learner):
    mentor = MentorFactory()
    _onboarded(mentor)
    payment = _paid_booking(bookings, learner, mentor)
    services.earnings_release(purpose=bookings.kind, object_id=payment.object_id)

    services.payouts_run(today=date(2030, 1, 7))

    payout = Payout.objects.get(mentor=mentor)
    sent = the_entry("payout.sent", payout)
    assert (sent.details["amount"], sent.details["mentor_id"]) == ("63.75", str(mentor.pk))
    assert sent.details["transfer_id"] == payout.transfer_id
    assert the_entry("payout.paid", payout).details["arrival_date"] is not None


def test_a_failed_payout_is_audited_with_the_reason():
    mentor = MentorFactory()
    payout = Payout.objects.create(
        mentor=mentor,
        amount=Decimal("20.00"),
        currency="USD",
        period_start=date(2030, 1, 1),
        period_end=date(2030, 1, 7),
        destination="acct_audit",
        status=PayoutStatus.IN_TRANSIT,
    )

    updated = services.payouts_sync_from_gateway(
        payout={
            "status": "failed",
            "failure_message": "Account closed",
            "metadata": {"payout_id": str(payout.pk)},
        },
        account_id="acct_audit",
    )

    assert updated == 1
    entry = the_entry("payout.failed", payout)
    assert (entry.details["status"], entry.details["failure_message"]) == ("failed", "Account closed")


def test_a_package_is_audited_when_activated_and_when_it_expires(learner):
    purchase = _bought(learner)
    activated = the_entry("package.activated", purchase)
    assert activated.details["payment_id"] == str(
        Payment.objects.get(purpose="package_purchase", object_id=str(purchase.pk)).pk
    )

    assert services.package_purchases_expire(now=purchase.expires_at + timedelta(seconds=1)) == 1

    expired = the_entry("package.expired", purchase)
    assert expired.details["sessions_remaining"] == purchase.sessions_total
