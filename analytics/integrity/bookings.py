"""Bookings and the mentor's time they hold (mentors' busy intervals).

A booking holds its mentor's time through a busy interval whose `reference` is the booking's
id (source `hold` while a card payment is due, `booking` once paid); a waitlist offer holds it
under `offer:<id>` while open. Cancel, decline, expiry and an offer's end release the interval
(`is_live=False`); a completed or no-show booking keeps it, since that time was used.

- A live booking without its live interval leaves the time bookable by someone else. The repair
  takes the time again through mentors' `slot_reserve` (overlap checks only: the booking was
  already accepted under the rules of its day); when another booking took it meanwhile, which
  of the two keeps it is a staff decision, so that one stays reported.
- A live interval whose booking was released (or never existed) blocks time nobody holds: the
  repair releases it, under the mentor's row lock that every reservation takes.
- Bookings whose learner or mentor row is gone: the schema forbids them (PROTECT foreign keys),
  so these find only rows written past the constraints; reported, never deleted.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Concat

from accounts.models import User
from analytics.integrity.base import Check, Fix
from analytics.integrity.sql import uuid_text
from bookings.models import LIVE_STATUSES, Booking, BookingStatus, OfferStatus, WaitlistOffer
from core.errors import ValidationFailed
from mentors import services as mentor_services
from mentors.errors import SlotNotAvailable
from mentors.models import BusyInterval, BusySource, MentorProfile
from mentors.services.free_time import free_time_changed_on_commit

# The statuses that gave their time back (bookings.services._common.release_time).
RELEASED_STATUSES = (BookingStatus.CANCELLED, BookingStatus.DECLINED, BookingStatus.EXPIRED)
HELD_SOURCES = (BusySource.BOOKING, BusySource.HOLD)


def _live_without_interval():
    held = BusyInterval.objects.filter(
        reference=uuid_text(OuterRef("pk")), is_live=True, source__in=HELD_SOURCES
    )
    return Booking.objects.filter(~Exists(held), status__in=LIVE_STATUSES)


def _repair_missing_interval(pk) -> Fix | None:
    # The booking's row first, then the mentor's (in slot_reserve), the order a reschedule takes
    # them in: a cancel running now either finished (the re-check sees it) or waits for this,
    # and then releases the interval taken here.
    booking = Booking.objects.select_for_update(of=("self",)).select_related("mentor").filter(pk=pk).first()
    if booking is None or not _live_without_interval().filter(pk=pk).exists():
        return None
    try:
        interval = mentor_services.slot_reserve(
            mentor=booking.mentor,
            start_at=booking.start_at,
            duration_minutes=booking.duration_minutes,
            # As bookings.services.changes reserves a moved booking's time.
            source=BusySource.HOLD if booking.status == BookingStatus.PENDING_PAYMENT else BusySource.BOOKING,
            reference=str(booking.pk),
            check_availability=False,
        )
    except (SlotNotAvailable, ValidationFailed):
        return None
    return Fix(
        code="booking_without_busy_interval",
        target=booking,
        details={"busy_interval_id": interval.pk, "start_at": interval.start_at, "end_at": interval.end_at},
    )


def _orphan_intervals():
    holder = Booking.objects.filter(~Q(status__in=RELEASED_STATUSES)).annotate(ref=uuid_text("pk"))
    open_offer = WaitlistOffer.objects.filter(status=OfferStatus.OPEN).annotate(
        ref=Concat(Value("offer:"), uuid_text("pk"))
    )
    return BusyInterval.objects.filter(
        ~Exists(holder.filter(ref=OuterRef("reference"))),
        ~Exists(open_offer.filter(ref=OuterRef("reference"))),
        is_live=True,
        source__in=HELD_SOURCES,
    )


def _repair_orphan_interval(pk) -> Fix | None:
    interval = BusyInterval.objects.filter(pk=pk).only("mentor_id").first()
    if interval is None:
        return None
    # The mentor's row first, as slot_reserve and every booking change take it: nothing can
    # reserve or release this mentor's time until the re-check below and the release commit.
    MentorProfile.objects.select_for_update(no_key=True).filter(pk=interval.mentor_id).first()
    interval = _orphan_intervals().filter(pk=pk).first()
    if interval is None:
        return None
    BusyInterval.objects.filter(pk=pk).update(is_live=False)
    free_time_changed_on_commit(interval.mentor_id)
    return Fix(
        code="busy_interval_orphaned",
        target=interval,
        details={
            "mentor_id": interval.mentor_id,
            "reference": interval.reference,
            "source": interval.source,
            "start_at": interval.start_at,
            "end_at": interval.end_at,
            "released": True,
        },
    )


CHECKS = [
    Check(
        code="booking_learner_missing",
        description="Bookings whose learner account row is gone.",
        rows=lambda: Booking.objects.filter(~Exists(User.objects.filter(pk=OuterRef("learner_id")))),
    ),
    Check(
        code="booking_mentor_missing",
        description="Bookings whose mentor profile row is gone.",
        rows=lambda: Booking.objects.filter(~Exists(MentorProfile.objects.filter(pk=OuterRef("mentor_id")))),
    ),
    Check(
        code="booking_without_busy_interval",
        description="Live bookings without the live busy interval that holds their time.",
        rows=_live_without_interval,
        repair_one=_repair_missing_interval,
    ),
    Check(
        code="busy_interval_orphaned",
        description="Live busy intervals (booking or hold) whose booking or offer no longer holds the time.",
        rows=_orphan_intervals,
        repair_one=_repair_orphan_interval,
    ),
]
