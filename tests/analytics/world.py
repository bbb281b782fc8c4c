"""Hand-built data sets of the analytics tests, each with the exact figures it must give.

The staff world runs in America/New York (the staff member's own zone), frozen at
2027-03-15 12:00 UTC, and puts rows on both sides of month boundaries that differ between UTC
and New York: a payment at 23:30 on 31 January New York time is January's, though UTC already
says February.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import UTC
from decimal import Decimal

from bookings.models import Booking, BookingStatus, Review
from bookings.models.reviews import ReviewDirection
from core.models import ExchangeRate
from mentors.models import Category, MentorStatus, Subject
from payments.models import Payment, Refund
from tests.bookings.factories import BookingFactory
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory

NOW = datetime.datetime(2027, 3, 15, 12, 0, tzinfo=UTC)
NEW_YORK = "America/New_York"


def utc(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=UTC)


def payment(payer, *, amount, fee, currency, paid_at, status="succeeded", mentor=None) -> Payment:
    amount, fee = Decimal(amount), Decimal(fee)
    return Payment.objects.create(
        payer=payer,
        purpose="booking",
        object_id=str(Payment.objects.count() + 1),
        mentor=mentor,
        description=f"Session {amount} {currency}",
        amount=amount,
        currency=currency,
        platform_fee=fee,
        mentor_payout=amount - fee,
        status=status,
        gateway="offline",
        expires_at=paid_at or NOW,
        paid_at=paid_at,
    )


def refund(of: Payment, *, amount, fee, processed_at, status="succeeded") -> Refund:
    amount, fee = Decimal(amount), Decimal(fee)
    of.amount_refunded += amount
    of.save(update_fields=["amount_refunded"])
    return Refund.objects.create(
        payment=of,
        amount=amount,
        fee_amount=fee,
        payout_amount=amount - fee,
        currency=of.currency,
        status=status,
        estimated_refund_date=(processed_at or NOW).date(),
        processed_at=processed_at,
    )


def booking(mentor, learner, *, start, status, subject=None, minutes=60, **fields) -> Booking:
    return BookingFactory(
        mentor=mentor,
        learner=learner,
        start_at=start,
        end_at=start + datetime.timedelta(minutes=minutes),
        duration_minutes=minutes,
        status=status,
        subject=subject,
        category=subject.category if subject is not None else None,
        **fields,
    )


@dataclass
class StaffWorld:
    staff: object
    mentor: object
    learners: list
    subjects: list
    upcoming: list


def staff_world() -> StaffWorld:
    """Call with the clock frozen at NOW."""
    staff = UserFactory(is_staff=True, timezone=NEW_YORK, date_joined=utc(2026, 1, 1))
    mentor_user = UserFactory(is_mentor=True, date_joined=utc(2026, 11, 15))
    # Approved at 22:00 on 31 December in New York: December's, though UTC says January.
    mentor = MentorFactory(user=mentor_user, status=MentorStatus.APPROVED, approved_at=utc(2027, 1, 1, 3))
    # Joined at 21:00 on 31 January in New York: January's.
    first = UserFactory(date_joined=utc(2027, 2, 1, 2))
    second = UserFactory(date_joined=utc(2027, 3, 1, 12))
    applicant = UserFactory(date_joined=utc(2027, 3, 5))
    MentorFactory(user=applicant, status=MentorStatus.PENDING_APPROVAL)
    gone = UserFactory(date_joined=utc(2027, 3, 6))
    gone.deleted_at = utc(2027, 3, 7)
    gone.save(update_fields=["deleted_at"])

    # 1 USD buys 0.80 EUR; there is no rate for JPY.
    ExchangeRate.objects.create(currency="EUR", rate=Decimal("0.80"), as_of=datetime.date(2027, 3, 1))

    payment(first, amount="100.00", fee="15.00", currency="USD", paid_at=utc(2027, 2, 1, 4, 30))  # NY: Jan
    eur = payment(first, amount="50.00", fee="8.00", currency="EUR", paid_at=utc(2027, 2, 10))
    usd = payment(first, amount="200.00", fee="30.00", currency="USD", paid_at=utc(2027, 3, 1, 4))  # NY: Feb
    payment(first, amount="5000", fee="750", currency="JPY", paid_at=utc(2027, 3, 5))
    payment(first, amount="999.00", fee="0.00", currency="USD", paid_at=None, status="failed")
    back = payment(
        first, amount="40.00", fee="6.00", currency="USD", paid_at=utc(2027, 3, 10), status="refunded"
    )
    # February's EUR payment is partly refunded in March: March's figures carry it.
    refund(eur, amount="20.00", fee="3.20", processed_at=utc(2027, 3, 2))
    refund(back, amount="40.00", fee="6.00", processed_at=utc(2027, 3, 11))
    # Asked for but not through yet: no month.
    refund(usd, amount="10.00", fee="1.50", processed_at=None, status="refund_pending")

    category = Category.objects.create(name="Dashboards", slug="dashboards")
    maths = Subject.objects.create(name="Algebra", slug="algebra-dash", category=category)
    music = Subject.objects.create(name="Piano", slug="piano-dash", category=category)
    b1 = booking(mentor, first, start=utc(2027, 3, 2, 15), status=BookingStatus.COMPLETED, subject=maths)
    b2 = booking(
        mentor, first, start=utc(2027, 3, 3, 15), status=BookingStatus.COMPLETED, subject=maths, minutes=90
    )
    booking(mentor, second, start=utc(2027, 3, 4, 15), status=BookingStatus.CANCELLED, subject=music)
    booking(mentor, second, start=utc(2027, 3, 5, 15), status=BookingStatus.NO_SHOW_LEARNER, subject=music)
    booking(mentor, second, start=utc(2027, 3, 6, 15), status=BookingStatus.NO_SHOW_MENTOR)
    booking(mentor, second, start=utc(2027, 3, 7, 15), status=BookingStatus.EXPIRED, subject=music)
    later = booking(mentor, first, start=utc(2027, 3, 20, 15), status=BookingStatus.CONFIRMED, subject=maths)
    # 22:00 on 28 February in New York: outside a period that starts on 1 March there.
    booking(mentor, first, start=utc(2027, 3, 1, 3), status=BookingStatus.COMPLETED, subject=maths)
    sooner = booking(
        mentor, second, start=utc(2027, 3, 16, 15), status=BookingStatus.CONFIRMED, subject=music
    )
    for held, stars, direction, reviewer in (
        (b1, 5, ReviewDirection.LEARNER_TO_MENTOR, first),
        (b2, 4, ReviewDirection.LEARNER_TO_MENTOR, first),
        (b1, 1, ReviewDirection.MENTOR_TO_LEARNER, mentor_user),  # not the mentor's rating
    ):
        Review.objects.create(
            booking=held, reviewer=reviewer, mentor=mentor, direction=direction, rating=stars
        )
    # Community reports: one open, one already dealt with.
    from community.models.groups import Group, Post, Report

    group = Group.objects.create(name="Dashboards group", slug="dashboards-group", owner=mentor_user)
    post = Post.objects.create(group=group, author=second, title="Buy cheap watches", body="spam")
    Report.objects.create(group=group, post=post, reporter=first, reason="spam")
    Report.objects.create(group=group, post=post, reporter=second, reason="spam", status="dismissed")
    return StaffWorld(
        staff=staff,
        mentor=mentor,
        learners=[first, second],
        subjects=[maths, music],
        upcoming=[sooner, later],
    )
