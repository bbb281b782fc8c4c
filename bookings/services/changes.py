"""Changes a party makes to a booking that has not started (API.md §3): cancel (the refund
policy decides what comes back), reschedule (same id, price and payment, a new time that passes
a new booking's checks), and the pre-session details. Lock order as in lifecycle."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from bookings import errors, notifications, policy
from bookings.models import (
    Booking,
    BookingStatus,
    Party,
    RefundPolicy,
)
from bookings.services import freed, money, reminders, rooms
from bookings.services._common import (
    audit,
    fail,
    lock_booking,
    lock_learner,
    move,
    party,
    person_busy,
    release_time,
)
from bookings.services.lifecycle import requested_window
from core.locks import busy_as_error
from mentors import services as mentor_services
from mentors.errors import SlotNotAvailable
from mentors.models import BusySource

# --- cancel -------------------------------------------------------------------------------------


def booking_cancel(
    *,
    booking_id,
    user,
    reason: str = "",
    request_refund: bool = True,
    request=None,
    staff_ok: bool = False,
    now: datetime | None = None,
):
    """Cancel a booking that has not started (its learner or mentor; staff from the admin,
    `staff_ok`). Returns (booking, refund summary or None)."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        booking = lock_booking(booking_id, for_user=user, staff_ok=staff_ok)
        by = party(booking, user)
        if not policy.may_cancel(booking):
            raise errors.IllegalTransition(
                "A session that started or ended cannot be cancelled."
                if booking.status in policy.STARTED
                else "This booking is already closed.",
                details={"status": booking.status},
            )
        was_paid = booking.paid_at is not None
        _mark_cancelled(
            booking,
            by_user=user,
            by=by,
            reason=reason,
            policy=policy.cancellation_policy(booking, by=by, now=now, request_refund=request_refund),
            now=now,
        )
        if booking.refund_policy == RefundPolicy.FULL:
            money.give_back_in_house(booking)
        elif was_paid:
            # A late cancellation: the learner pays, so the mentor's share is due now.
            money.release_earnings(booking, now=now)
        audit(
            booking,
            actor=user,
            action="cancel",
            request=request,
            by=by,
            reason=booking.cancellation_reason,
            refund_policy=booking.refund_policy,
        )
        notifications.cancelled(booking, by_user=user)
    return booking, money.settle(booking, actor=user)


def _mark_cancelled(booking: Booking, *, by_user, by: str, reason: str, policy: str, now: datetime) -> None:
    """The status change of a cancellation (row locked by the caller), and its time released."""
    fields = move(booking, BookingStatus.CANCELLED, now=now)
    booking.cancelled_at = now
    booking.cancelled_by = by_user
    booking.cancelled_by_party = by
    booking.cancellation_reason = (reason or "")[:500]
    booking.refund_policy = policy
    booking.save(
        update_fields=[
            *fields,
            "cancelled_at",
            "cancelled_by",
            "cancelled_by_party",
            "cancellation_reason",
            "refund_policy",
        ]
    )
    release_time(booking)


def booking_cancel_refunded(*, booking_id, now: datetime | None = None) -> None:
    """The learner's payment was refunded through payments (POST /payments/{id}/refund, or at
    the provider) while the booking was still on: the booking ends with it (policy full)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = lock_booking(booking_id)
        if not policy.may_cancel(booking):
            return
        _mark_cancelled(
            booking,
            by_user=booking.learner,
            by=Party.LEARNER,
            reason="The payment was refunded.",
            policy=RefundPolicy.FULL,
            now=now,
        )
        audit(booking, actor=None, action="cancel", by="refund")
        notifications.cancelled(booking, by_user=booking.learner)


# --- reschedule -----------------------------------------------------------------------------------


def booking_reschedule(
    *,
    booking_id,
    user,
    slot_id: str | None = None,
    new_start_at: datetime | None = None,
    reason: str = "",
    request=None,
    now: datetime | None = None,
) -> Booking:
    """Move a booking: same id, price and payment, a new room; the new time passes the checks of
    a new booking and the other party is told (API.md §3)."""
    now = now or timezone.now()
    with transaction.atomic(durable=True), busy_as_error():
        booking = lock_booking(booking_id, for_user=user)
        by = party(booking, user)
        if booking.status not in policy.RESCHEDULABLE:
            raise errors.IllegalTransition(
                "Only a booking that has not started can be moved.", details={"status": booking.status}
            )
        if policy.reschedule_deadline_passed(booking, by=by, now=now):
            if by != Party.LEARNER:
                raise errors.IllegalTransition("The session has already begun.")
            raise errors.IllegalTransition(
                "It is too late to move this session; you can still cancel it.",
                details={"reason": "past_reschedule_deadline", "deadline": policy.refund_deadline(booking)},
            )
        _, start, _ = requested_window(
            mentor_id=booking.mentor_id,
            slot_id=slot_id,
            start_at=new_start_at,
            duration_minutes=booking.duration_minutes,
        )
        if start == booking.start_at:
            raise fail("new_start_at", "That is the session's current time.")
        end = start + timedelta(minutes=booking.duration_minutes)
        lock_learner(booking.learner)
        if person_busy(user=booking.learner, start=start, end=end, exclude=booking.pk):
            raise SlotNotAvailable(
                "The learner already has a session at this time.", details={"reason": "learner_busy"}
            )
        if person_busy(user=booking.mentor.user, start=start, end=end, exclude=booking.pk):
            raise SlotNotAvailable(details={"reason": "mentor_busy"})
        # The old time is freed first, inside this transaction: the new one may overlap it (an
        # hour later), and if the new one is refused everything rolls back.
        mentor_services.slot_release(reference=str(booking.pk))
        mentor_services.slot_reserve(
            mentor=booking.mentor,
            start_at=start,
            duration_minutes=booking.duration_minutes,
            source=BusySource.HOLD if booking.status == BookingStatus.PENDING_PAYMENT else BusySource.BOOKING,
            reference=str(booking.pk),
            now=now,
        )
        old_start = booking.start_at
        booking.start_at, booking.end_at = start, end
        booking.reschedule_count += 1
        booking.rescheduled_at = now
        fields = ["start_at", "end_at", "reschedule_count", "rescheduled_at", "updated_at"]
        if booking.status == BookingStatus.PENDING and booking.confirm_by:
            booking.confirm_by = min(booking.confirm_by, start)
            fields.append("confirm_by")
        booking.save(update_fields=fields)
        if booking.status == BookingStatus.CONFIRMED:
            rooms.room_open(booking)
            reminders.reminders_plan(booking=booking, now=now)
        audit(
            booking,
            actor=user,
            action="reschedule",
            request=request,
            by=by,
            previous_start_at=old_start,
            reason=(reason or "")[:500],
        )
        notifications.rescheduled(booking, by_user=user, old_start=old_start)
        freed.time_freed(booking)
    return booking


# --- pre-session details ----------------------------------------------------------------------------


def booking_update(*, booking_id, user, request=None, **changes: Any) -> Booking:
    """PATCH: `topic` (either party), `learner_notes` (the learner), `mentor_notes` (the mentor)."""
    with transaction.atomic():
        booking = lock_booking(booking_id, for_user=user)
        by = party(booking, user)
        if not policy.may_edit(booking):
            raise errors.IllegalTransition(
                "The details of a session that ended stay as they were.", details={"status": booking.status}
            )
        own = {
            "topic": {Party.LEARNER, Party.MENTOR},
            "learner_notes": {Party.LEARNER},
            "mentor_notes": {Party.MENTOR},
        }
        fields = []
        for name, value in changes.items():
            if by not in own[name]:
                raise errors.NotAParty(f"Only the booking's {name.split('_')[0]} can edit {name}.")
            setattr(booking, name, (value or "")[: 200 if name == "topic" else 5000])
            fields.append(name)
        if fields:
            booking.save(update_fields=[*fields, "updated_at"])
            audit(booking, actor=user, action="update", request=request, fields=fields)
    return booking
