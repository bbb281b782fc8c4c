"""Factories and helpers of the bookings tests."""

from __future__ import annotations

import contextlib
import datetime
from datetime import UTC, timedelta
from decimal import Decimal
from unittest import mock

import factory
from django.utils import timezone

from bookings.models import Booking, BookingStatus, LessonType, PaymentMethod
from mentors.models import BusyInterval, BusySource
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory, mentor_with_weekly_hours

# A Monday well ahead, so every weekday rule of the mentors' factories has slots around it.
MONDAY = datetime.datetime(2027, 3, 1, tzinfo=UTC)


def bookable_mentor(**fields):
    """An approved mentor free 09:00-17:00 UTC every day, 60.00 USD an hour, no notice needed."""
    fields.setdefault("hourly_rate", Decimal("60.00"))
    return mentor_with_weekly_hours(**fields)


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking written straight to the table (with its busy interval), for tests that need one
    in a given state; the services' own tests go through booking_create."""

    class Meta:
        model = Booking
        skip_postgeneration_save = True

    mentor = factory.SubFactory(MentorFactory)
    learner = factory.SubFactory(UserFactory)
    start_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    )
    end_at = factory.LazyAttribute(lambda o: o.start_at + timedelta(minutes=o.duration_minutes))
    duration_minutes = 60
    price = Decimal("60.00")
    currency = "USD"
    credit_price = 1
    payment_method = PaymentMethod.CARD
    lesson_type = LessonType.ONLINE
    status = BookingStatus.CONFIRMED
    status_changed_at = factory.LazyFunction(timezone.now)
    topic = "Career advice"

    @factory.post_generation
    def busy(obj, create, extracted, **kwargs):
        if create and obj.status in ("pending_payment", "pending", "confirmed", "in_progress"):
            BusyInterval.objects.create(
                mentor=obj.mentor,
                start_at=obj.start_at,
                end_at=obj.end_at,
                session_start_at=obj.start_at,
                session_end_at=obj.end_at,
                source=BusySource.HOLD if obj.status == "pending_payment" else BusySource.BOOKING,
                reference=str(obj.pk),
            )


# --- helpers of the API suites (test_api_*.py, test_refund_matrix.py, test_admin.py) ------------

BOOKINGS_URL = "/api/v1/bookings"


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time `days` after the frozen Monday, at `hour`:`minute` UTC."""
    return MONDAY + timedelta(days=days, hours=hour, minutes=minute)


def iso(moment: datetime.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def slot_id_for(mentor, start: datetime.datetime, duration: int = 60) -> str:
    from mentors.slots import encode_slot_id

    return encode_slot_id(mentor.pk, start, duration)


def api_book(client, mentor, start: datetime.datetime, *, duration: int = 60, headers=None, **body):
    """POST /bookings by start_at + duration, as a learner's client sends it."""
    payload = {"mentor_id": str(mentor.pk), "start_at": iso(start), "duration_minutes": duration, **body}
    return client.post(BOOKINGS_URL, payload, format="json", headers=headers or {})


def give_credits(user, credits: int) -> None:
    """The learner buys credits with the test card (the ledger gets its `purchased` row)."""
    from payments import services as payment_services
    from tests.payments.conftest import pay

    purchase = payment_services.credit_purchase_create(user=user, credits=credits)
    pay(payment_services.payment_create(payer=user, purpose="credit_purchase", object_id=str(purchase.pk)))


def buy_package(learner, mentor, *, sessions: int = 5, duration: int = 60, price=Decimal("200.00")):
    """A paid, active package of `mentor` for `learner`."""
    from payments import services as payment_services
    from tests.payments.conftest import pay
    from tests.payments.factories import PackageFactory

    package = PackageFactory(
        mentor=mentor,
        session_count=sessions,
        duration_minutes=duration,
        price=price,
        currency=mentor.currency,
    )
    purchase = payment_services.package_purchase_create(learner=learner, package_id=package.pk)
    pay(
        payment_services.payment_create(payer=learner, purpose="package_purchase", object_id=str(purchase.pk))
    )
    purchase.refresh_from_db()
    return purchase


def booked(
    learner, mentor, start: datetime.datetime, *, method: str = "card", pay_now: bool = True, **kwargs
):
    """A booking made through booking_create (card: paid with the test card unless pay_now=False;
    credits and package: taken at once). Returns it fresh from the database."""
    from bookings import services
    from tests.payments.conftest import pay

    kwargs.setdefault("duration_minutes", 60)
    booking, payment = services.booking_create(
        learner=learner, mentor_id=mentor.pk, start_at=start, payment_method=method, **kwargs
    )
    if payment is not None and pay_now:
        pay(payment)
    booking.refresh_from_db()
    return booking


def card_payment_of(booking):
    """The booking's card payment (the live one, not an earlier failed attempt)."""
    from payments.models import Payment

    return Payment.objects.exclude(status="failed").get(purpose="booking", object_id=str(booking.pk))


def started(booking, *, who=("learner", "mentor"), minutes_in: int = 1):
    """Both (or the named) parties joined `minutes_in` minutes after the start."""
    from bookings import services

    when = booking.start_at + timedelta(minutes=minutes_in)
    users = {"learner": booking.learner, "mentor": booking.mentor.user}
    for name in who:
        services.booking_join(booking_id=booking.pk, user=users[name], now=when)
    booking.refresh_from_db()
    return booking


def completed(booking, *, summary: str = ""):
    """Both joined, then the mentor closed the session at its scheduled end."""
    from bookings import services

    started(booking)
    services.booking_complete(
        booking_id=booking.pk, user=booking.mentor.user, summary=summary, now=booking.end_at
    )
    booking.refresh_from_db()
    return booking


# --- helpers of the race, job, reminder, DST and waitlist suites ----------------------------------


def half_hour_mentor(**fields):
    """An approved mentor free 09:00-17:00 UTC every day whose rules step by 30 minutes, so a
    60-minute session may start on the hour or at half past (10:00-11:00 and 10:30-11:30 are
    both offered, and overlap)."""
    from tests.mentors.factories import RuleFactory, ScheduleFactory

    fields.setdefault("hourly_rate", Decimal("60.00"))
    mentor = MentorFactory(**fields)
    schedule = ScheduleFactory(mentor=mentor)
    for day in range(7):
        RuleFactory(schedule=schedule, day_of_week=day, slot_duration_minutes=30)
    return mentor


class WaitlistEntryFactory(factory.django.DjangoModelFactory):
    """A learner waiting for a mentor's time (written straight to the table, for list tests)."""

    class Meta:
        model = "bookings.WaitlistEntry"

    learner = factory.SubFactory(UserFactory)
    mentor = factory.SubFactory(MentorFactory)
    start_date = factory.Sequence(lambda n: (MONDAY + timedelta(days=n % 50)).date())
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=6))
    timezone = "UTC"
    duration_minutes = 60


class WaitlistOfferFactory(factory.django.DjangoModelFactory):
    """An offer made to an entry's learner (no hold is written: for list tests)."""

    class Meta:
        model = "bookings.WaitlistOffer"

    entry = factory.SubFactory(WaitlistEntryFactory)
    learner = factory.LazyAttribute(lambda o: o.entry.learner)
    mentor = factory.LazyAttribute(lambda o: o.entry.mentor)
    start_at = factory.Sequence(lambda n: MONDAY + timedelta(days=1 + n % 50, hours=10))
    end_at = factory.LazyAttribute(lambda o: o.start_at + timedelta(minutes=60))
    duration_minutes = 60
    status = "declined"
    expires_at = factory.LazyAttribute(lambda o: o.start_at - timedelta(days=1))


@contextlib.contextmanager
def webhook_held_back():
    """The card is charged at the gateway now, its webhook arrives later: inside the block the
    offline gateway's events are kept; they are delivered (applied) when the block ends. This is
    the race of a checkout tab still open while the booking is cancelled or expires."""
    from payments import tasks

    held: list[str] = []
    with mock.patch.object(tasks.deliver_offline_event, "delay", side_effect=held.append):
        yield
    for event_id in held:
        tasks.deliver_offline_event(event_id)
