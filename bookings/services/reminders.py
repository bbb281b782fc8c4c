"""Reminders that fire once: 24 h and 1 h before, for each participant (API.md §5).

Each planned reminder is a row, planned on confirmation, moved on reschedule and cancelled on
cancellation. One whose time had already passed when it was planned is skipped (a booking made
2 hours ahead gets only the 1-hour one). The job claims one due row at a time with
`select_for_update(skip_locked=True)` and re-checks it under the lock, so two workers, or a
worker that crashed and retried, never send a reminder twice; one found more than
BOOKINGS_REMINDER_GRACE_MINUTES past its time is never sent late.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bookings import notifications
from bookings.models import (
    REMINDER_OFFSETS_MINUTES,
    Booking,
    BookingStatus,
    Reminder,
    ReminderAttempt,
    ReminderStatus,
)
from core.locks import claim, claim_due
from messaging import realtime

logger = logging.getLogger("mentora.bookings")

# Delivery attempts after which a failing reminder is given up (each one is logged).
MAX_ATTEMPTS = 3
OPEN = (ReminderStatus.PLANNED, ReminderStatus.FAILED)


def _grace() -> timedelta:
    return timedelta(minutes=settings.BOOKINGS_REMINDER_GRACE_MINUTES)


_PLANNED_FIELDS = [
    "due_at",
    "status",
    "attempts",
    "last_error",
    "claimed_at",
    "sent_at",
    "notification",
    "updated_at",
]


def reminders_plan(*, booking: Booking, now: datetime, save_booking: bool = True) -> list[Reminder]:
    """Plan (or move) both participants' reminders for the booking's current start.

    Runs in the confirming (or rescheduling) transaction, with the booking row locked, so no one
    else plans these rows meanwhile: one read of the booking's reminders, then one INSERT of
    the missing ones and one UPDATE of those that move (no per-row SAVEPOINT). With
    `save_booking=False` the caller clears `room_reminder_sent_at` in its own save of the row.
    A booking created in this very transaction (booking_create) has none yet: nothing is read."""
    from bookings.services._common import booking_created_here  # _common imports this module

    existing = (
        {}
        if booking_created_here(booking.pk) is not None
        else {(r.recipient_id, r.kind): r for r in Reminder.objects.filter(booking=booking)}
    )
    planned, new, moved = [], [], []
    stamp = timezone.now()
    for recipient_id in (booking.learner_id, booking.mentor.user_id):
        for kind, minutes in REMINDER_OFFSETS_MINUTES.items():
            due = booking.start_at - timedelta(minutes=minutes)
            reminder = existing.get((recipient_id, kind))
            if reminder is None:
                reminder = Reminder(booking=booking, recipient_id=recipient_id, kind=kind)
                new.append(reminder)
            else:
                moved.append(reminder)
            reminder.due_at = due
            reminder.status = ReminderStatus.PLANNED if due > now else ReminderStatus.SKIPPED
            reminder.attempts = 0
            reminder.last_error = "" if due > now else "Its time had passed when the session was booked."
            reminder.claimed_at = None
            reminder.sent_at = None
            reminder.notification = None
            reminder.updated_at = stamp
            planned.append(reminder)
    if new:
        Reminder.objects.bulk_create(new)
    if moved:
        Reminder.objects.bulk_update(moved, _PLANNED_FIELDS)
    if save_booking:
        Booking.objects.filter(pk=booking.pk).update(room_reminder_sent_at=None)
    return planned


def reminders_cancel(*, booking: Booking) -> int:
    return Reminder.objects.filter(booking=booking, status__in=OPEN).update(
        status=ReminderStatus.CANCELLED, updated_at=timezone.now()
    )


def _due(now: datetime):
    return Reminder.objects.filter(
        Q(status=ReminderStatus.PLANNED) | Q(status=ReminderStatus.FAILED, attempts__lt=MAX_ATTEMPTS),
        due_at__lte=now,
    )


def reminders_send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """The beat job: send every due reminder, one row per transaction. Returns how many went out."""
    now = now or timezone.now()
    step = partial(_send, now=now, force=False)
    sent = claim_due(_due(now), step, order_by=("due_at",), limit=limit, **_claiming(now))
    room_reminders_send(now=now)
    return sent


def reminder_send_one(*, reminder_id, now: datetime | None = None, force: bool = False) -> bool:
    """Claim one reminder and send it. True if this call sent it. `force` (the admin's retry)
    sends a failed or skipped one again while its session is still ahead."""
    now = now or timezone.now()
    step = partial(_send, now=now, force=force)
    return claim(Reminder.objects.all(), reminder_id, step, **_claiming(now))


def _claiming(now: datetime) -> dict:
    def failed(reminder_id, error: Exception) -> None:
        # A failure is logged on the row and retried, never lost.
        logger.exception("Reminder %s failed", reminder_id)
        _record_failure(reminder_id, error=error, now=now)

    return {
        "failed": failed,
        "lock_of": ("self",),
        "related": ("booking__mentor__user", "booking__learner", "recipient"),
    }


def _send(reminder: Reminder, *, now: datetime, force: bool) -> bool:
    # Re-checked under the lock: another worker may have sent it since we listed it.
    if not _sendable(reminder, now=now, force=force):
        return False
    booking = reminder.booking
    if booking.status != BookingStatus.CONFIRMED or booking.start_at <= now:
        reminder.status = ReminderStatus.CANCELLED
        reminder.last_error = f"Not sent: the booking is {booking.status}."
        reminder.save(update_fields=["status", "last_error", "updated_at"])
        return False
    if not force and now - reminder.due_at > _grace():
        reminder.status = ReminderStatus.SKIPPED
        reminder.last_error = f"Not sent late: it was due at {reminder.due_at:%Y-%m-%d %H:%M} UTC."
        reminder.save(update_fields=["status", "last_error", "updated_at"])
        return False
    notification = notifications.reminder(
        booking,
        user=reminder.recipient,
        kind=reminder.kind,
        # One notification per planned time: a moved session is reminded again.
        key=f"reminder:{reminder.pk}:{int(reminder.due_at.timestamp())}",
    )
    reminder.status = ReminderStatus.SENT
    reminder.sent_at = now
    reminder.claimed_at = now
    reminder.attempts += 1
    reminder.last_error = ""
    reminder.notification = notification
    reminder.save(
        update_fields=[
            "status",
            "sent_at",
            "claimed_at",
            "attempts",
            "last_error",
            "notification",
            "updated_at",
        ]
    )
    ReminderAttempt.objects.create(
        reminder=reminder,
        channel="in_app",
        status="sent" if notification is not None else "skipped",
        # notify() writes nothing for a closed account, or when this very reminder (same
        # booking, same time) was already delivered before a reschedule moved it back.
        detail=""
        if notification is not None
        else "Not delivered again: already reminded of this time, or the account is closed.",
        created_at=now,
    )
    return True


def _sendable(reminder: Reminder, *, now: datetime, force: bool) -> bool:
    if force:
        return reminder.status in (ReminderStatus.FAILED, ReminderStatus.SKIPPED, ReminderStatus.PLANNED)
    if reminder.due_at > now:
        return False
    if reminder.status == ReminderStatus.PLANNED:
        return True
    return reminder.status == ReminderStatus.FAILED and reminder.attempts < MAX_ATTEMPTS


def _record_failure(reminder_id, *, error: Exception, now: datetime) -> None:
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().filter(pk=reminder_id).first()
        if reminder is None or reminder.status == ReminderStatus.SENT:
            return
        reminder.status = ReminderStatus.FAILED
        reminder.attempts += 1
        reminder.last_error = f"{type(error).__name__}: {error}"[:2000]
        reminder.save(update_fields=["status", "attempts", "last_error", "updated_at"])
        ReminderAttempt.objects.create(
            reminder=reminder, channel="in_app", status="failed", detail=reminder.last_error, created_at=now
        )


def room_reminders_send(*, now: datetime) -> int:
    """session.reminder on each live room 10 minutes before (API.md §5). A conditional UPDATE
    stamps the booking first, so only one job run pushes it."""
    opens = now + timedelta(minutes=settings.BOOKINGS_JOIN_OPENS_MINUTES)
    due = Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        room_reminder_sent_at__isnull=True,
        start_at__lte=opens,
        start_at__gt=now,
    ).values_list("pk", "start_at")
    pushed = 0
    for booking_id, start_at in list(due[:500]):
        with transaction.atomic():
            claimed = Booking.objects.filter(pk=booking_id, room_reminder_sent_at__isnull=True).update(
                room_reminder_sent_at=now
            )
            if claimed:
                minutes = max(0, int((start_at - now).total_seconds() // 60))
                realtime.session_event(
                    booking_id=booking_id,
                    type="session.reminder",
                    starts_at=start_at,
                    minutes_until_start=minutes,
                )
                pushed += 1
    return pushed
