"""The rules of API.md §3 that services, selectors, serializers and pages all read: when the
room opens, until when a learner gets their money back, which lesson types a mentor offers.
Pure functions of a booking (or mentor) and the clock; nothing here writes or queries."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from bookings.models import Booking, BookingStatus, LessonType, Party, RefundPolicy
from mentors.models import LessonType as MentorLessonType

JOINABLE = (BookingStatus.CONFIRMED, BookingStatus.IN_PROGRESS)
# Not started yet: these may still be cancelled or moved.
CANCELLABLE = (BookingStatus.PENDING_PAYMENT, BookingStatus.PENDING, BookingStatus.CONFIRMED)
DEFAULT_DEADLINE_HOURS = 24


def join_window(booking: Booking) -> tuple[datetime, datetime]:
    """A decision of API.md §3: from 10 minutes before the start to the scheduled end."""
    return booking.start_at - timedelta(minutes=settings.BOOKINGS_JOIN_OPENS_MINUTES), booking.end_at


def can_join(booking: Booking, *, now: datetime) -> bool:
    opens, closes = join_window(booking)
    return booking.status in JOINABLE and opens <= now < closes


def deadline_hours(booking: Booking) -> int:
    """The mentor schedule's cancellation deadline (needs `mentor.schedule`, select it along)."""
    schedule = getattr(booking.mentor, "schedule", None)
    return schedule.cancellation_deadline_hours if schedule is not None else DEFAULT_DEADLINE_HOURS


def refund_deadline(booking: Booking) -> datetime:
    return booking.start_at - timedelta(hours=deadline_hours(booking))


def cancellation_policy(booking: Booking, *, by: str, now: datetime, request_refund: bool = True) -> str:
    """A learner at least `cancellation_deadline_hours` before the start gets it all back, later
    nothing; a mentor's (or staff's) cancellation always refunds in full."""
    if by != Party.LEARNER:
        return RefundPolicy.FULL
    if not request_refund:
        return RefundPolicy.NONE
    return RefundPolicy.FULL if now <= refund_deadline(booking) else RefundPolicy.NONE


def lesson_types_offered(mentor) -> list[str]:
    """The booking lesson types a mentor's own lesson types allow (none set: online only)."""
    offered = set(mentor.lesson_types or [])
    kinds = []
    if not offered or offered & {MentorLessonType.VIDEO, MentorLessonType.CHAT}:
        kinds.append(LessonType.ONLINE)
    if MentorLessonType.IN_PERSON in offered:
        kinds.append(LessonType.IN_PERSON)
    return kinds
