"""The rules of API.md §3 that services, selectors, serializers and pages all read: which
statuses may still be cancelled or moved (read off the transitions table), until when a learner
may move a session and gets their money back, when the room opens, from when a no-show may be
marked, how long reviews stay open, which lesson types a mentor offers. Pure functions of a
booking (or mentor) and the clock; nothing here writes or queries."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from bookings.models import Booking, BookingStatus, LessonType, Party, RefundPolicy
from bookings.transitions import ALLOWED
from mentors.models import LessonType as MentorLessonType


def _may_become(target: str) -> frozenset[str]:
    return frozenset(status for status, targets in ALLOWED.items() if target in targets)


# Not started yet: these may still be cancelled, and (once paid) moved to another time. An
# unpaid hold is only a few minutes' claim on a time: it is paid or it lapses, never moved (the
# learner who wants another time lets it go and picks that one).
CANCELLABLE = _may_become(BookingStatus.CANCELLED)
RESCHEDULABLE = CANCELLABLE - {BookingStatus.PENDING_PAYMENT}
# The session is certain enough to put in a calendar (.ics): not an unpaid hold.
CALENDAR_WORTHY = frozenset(BookingStatus.values) - {BookingStatus.PENDING_PAYMENT}
# A session that may still be started, or has been: its room opens, its no-shows can be told.
JOINABLE = _may_become(BookingStatus.IN_PROGRESS) | {BookingStatus.IN_PROGRESS}
NO_SHOW_MARKABLE = _may_become(BookingStatus.NO_SHOW_LEARNER)
# A request waiting for the mentor's yes or no.
ANSWERABLE = frozenset({BookingStatus.PENDING})
# Once someone joined, either party may say the session is over (the job completes the rest).
COMPLETABLE = frozenset({BookingStatus.IN_PROGRESS})
# The session started, whatever came of it: post-session notes are open.
STARTED = frozenset(
    {
        BookingStatus.IN_PROGRESS,
        BookingStatus.COMPLETED,
        BookingStatus.NO_SHOW_LEARNER,
        BookingStatus.NO_SHOW_MENTOR,
    }
)
REVIEWABLE = frozenset({BookingStatus.COMPLETED})
DEFAULT_DEADLINE_HOURS = 24


# --- the room -------------------------------------------------------------------------------------


def join_window(booking: Booking) -> tuple[datetime, datetime]:
    """A decision of API.md §3: from 10 minutes before the start to the scheduled end."""
    return booking.start_at - timedelta(minutes=settings.BOOKINGS_JOIN_OPENS_MINUTES), booking.end_at


def can_join(booking: Booking, *, now: datetime) -> bool:
    opens, closes = join_window(booking)
    return booking.status in JOINABLE and opens <= now < closes


# --- cancel and reschedule ------------------------------------------------------------------------


def deadline_hours(booking: Booking) -> int:
    """The mentor schedule's cancellation deadline (needs `mentor.schedule`, select it along)."""
    schedule = getattr(booking.mentor, "schedule", None)
    return schedule.cancellation_deadline_hours if schedule is not None else DEFAULT_DEADLINE_HOURS


def refund_deadline(booking: Booking) -> datetime:
    return booking.start_at - timedelta(hours=deadline_hours(booking))


def may_cancel(booking: Booking) -> bool:
    return booking.status in CANCELLABLE


def cancellation_policy(booking: Booking, *, by: str, now: datetime, request_refund: bool = True) -> str:
    """A learner at least `cancellation_deadline_hours` before the start gets it all back, later
    nothing; a mentor's (or staff's) cancellation always refunds in full."""
    if by != Party.LEARNER:
        return RefundPolicy.FULL
    if not request_refund:
        return RefundPolicy.NONE
    return RefundPolicy.FULL if now <= refund_deadline(booking) else RefundPolicy.NONE


def reschedule_deadline_passed(booking: Booking, *, by: str, now: datetime) -> bool:
    """A learner moves a session until the refund deadline (later they may only cancel); the
    mentor until the start."""
    if by == Party.LEARNER:
        return now > refund_deadline(booking)
    return now >= booking.start_at


def may_reschedule(booking: Booking, *, by: str, now: datetime) -> bool:
    return booking.status in RESCHEDULABLE and not reschedule_deadline_passed(booking, by=by, now=now)


# --- the mentor's answer --------------------------------------------------------------------------


def may_confirm(booking: Booking, *, now: datetime) -> bool:
    """A request is confirmed before its time; a request left past its start only expires."""
    return booking.status in ANSWERABLE and now < booking.start_at


# --- the session ----------------------------------------------------------------------------------


def no_show_from(booking: Booking) -> datetime:
    """API.md §3: a no-show may be marked from 15 minutes after the start."""
    return booking.start_at + timedelta(minutes=settings.BOOKINGS_NO_SHOW_AFTER_MINUTES)


def no_show_open(booking: Booking, *, now: datetime) -> bool:
    """The status and the clock allow a no-show (whether the absent one joined is the caller's)."""
    return booking.status in NO_SHOW_MARKABLE and now >= no_show_from(booking)


def may_complete(booking: Booking) -> bool:
    return booking.status in COMPLETABLE


def may_edit(booking: Booking) -> bool:
    """The pre-session details (topic, notes) change while the booking is on."""
    return booking.is_live


def notes_open(booking: Booking) -> bool:
    return booking.status in STARTED


# --- reviews --------------------------------------------------------------------------------------


def review_closes(booking: Booking) -> datetime:
    """Reviews stay open for 30 days after the session (API.md §3)."""
    return (booking.completed_at or booking.end_at) + timedelta(days=settings.BOOKINGS_REVIEW_WINDOW_DAYS)


def review_open(booking: Booking, *, now: datetime) -> bool:
    return booking.status in REVIEWABLE and now <= review_closes(booking)


# --- lesson types ---------------------------------------------------------------------------------


def lesson_types_offered(mentor) -> list[str]:
    """The booking lesson types a mentor's own lesson types allow (none set: online only)."""
    offered = set(mentor.lesson_types or [])
    kinds = []
    if not offered or offered & {MentorLessonType.VIDEO, MentorLessonType.CHAT}:
        kinds.append(LessonType.ONLINE)
    if MentorLessonType.IN_PERSON in offered:
        kinds.append(LessonType.IN_PERSON)
    return kinds
