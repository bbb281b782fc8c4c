"""Factories and helpers of the bookings tests."""

from __future__ import annotations

import datetime
from datetime import UTC, timedelta
from decimal import Decimal

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
