"""Pieces every bookings service uses: locking a booking (and the learner), telling who the
caller is, the audit entry of a change, the status change through the one transitions table,
the checks of a requested session (length, zone, clashes) and releasing a booking's time."""

from __future__ import annotations

import math
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.services.audit import audit_entry_create
from bookings import errors, notifications, transitions
from bookings.models import LIVE_STATUSES, Booking, Party
from bookings.services import freed, reminders
from core.errors import ValidationFailed
from core.locks import busy_as_error
from core.timezones import zone_names
from mentors import services as mentor_services
from mentors.models import SLOT_DURATIONS
from mentors.selectors import slot_price

# The booking `booking_create` inserted in the transaction running now, while it runs: no other
# transaction can see that row, let alone lock or change it, so the copy in hand is the row.
_created_here: ContextVar[Booking | None] = ContextVar("bookings_created_here", default=None)


@contextmanager
def created_here(booking: Booking):
    """While booking_create takes the payment of the booking it just inserted: locking it
    (booking_mark_paid) or reading it as the payable (payments) uses this copy, with its mentor,
    learner and service loaded, instead of reading the row again with them joined."""
    token = _created_here.set(booking)
    try:
        yield
    finally:
        _created_here.reset(token)


def booking_created_here(booking_id) -> Booking | None:
    booking = _created_here.get()
    return booking if booking is not None and str(booking.pk) == str(booking_id) else None


def lock_booking(booking_id, *, for_user=None, staff_ok: bool = False) -> Booking:
    """The booking row, locked for this transaction. With `for_user`, someone who is neither
    its learner nor its mentor gets 404, never a hint that it exists; staff pass only where the
    action is theirs too (`staff_ok`: a no-show of the mentor, the admin's cancellation)."""
    booking = booking_created_here(booking_id)
    if booking is None:
        # Every booking action's transaction starts here, most without busy_as_error of its own.
        with busy_as_error():
            booking = (
                Booking.objects.select_for_update(of=("self",))
                # The schedule too: paying and confirming read its auto-confirm flag.
                .select_related("mentor__user", "mentor__schedule", "learner", "service")
                .filter(pk=booking_id)
                .first()
            )
    if booking is None:
        raise errors.BookingNotFound()
    if for_user is not None and booking.party_of(for_user) is None and not (staff_ok and for_user.is_staff):
        raise errors.BookingNotFound()
    return booking


def party(booking: Booking, user) -> str:
    """learner, mentor or staff (a staff member who is not a party acts as staff)."""
    if user is None:
        return Party.SYSTEM
    found = booking.party_of(user)
    if found is not None:
        return found
    if user.is_staff:
        return Party.STAFF
    raise errors.BookingNotFound()


def move(booking: Booking, target: str, *, now: datetime | None = None) -> list[str]:
    """Change the status (the table decides) and return the fields to save."""
    transitions.check(booking.status, target)
    booking.status = target
    booking.status_changed_at = now or timezone.now()
    return ["status", "status_changed_at", "updated_at"]


def audit(booking: Booking, *, actor, action: str, request=None, **details) -> None:
    audit_entry_create(
        actor=actor,
        action=f"booking.{action}",
        target=booking,
        details={"status": booking.status, "start_at": booking.start_at, **details},
        request=request,
    )
    notifications.status_pushed(booking)


def audit_offer(offer, *, actor, verb: str, **details) -> None:
    """waitlist.offer_made / _accepted / _declined / _expired, in the transaction of the change."""
    audit_entry_create(
        actor=actor,
        action=f"waitlist.offer_{verb}",
        target=offer,
        details={
            "mentor_id": offer.mentor_id,
            "learner_id": offer.learner_id,
            "start_at": offer.start_at,
            "status": offer.status,
            **details,
        },
    )


def price_for(*, mentor, service, duration_minutes: int) -> tuple[Decimal | None, str, int]:
    """(price, currency, credits) of a session (API.md §3: the service's price, else the hourly
    rate pro rata; credits: the service's, else the mentor's hourly credit price pro rata, at
    least 1)."""
    amount, currency = slot_price(mentor=mentor, duration_minutes=duration_minutes, service=service)
    credits = (service.credit_price if service is not None else None) or _credits_pro_rata(
        mentor.credit_price, duration_minutes
    )
    return amount, currency, credits


def _credits_pro_rata(per_hour: int | None, duration_minutes: int) -> int:
    if not per_hour:
        return 1
    return max(1, math.ceil(per_hour * duration_minutes / 60))


# --- checks and time shared by the lifecycle services -----------------------------------------


def fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed.for_field(field, message)


def parse_uuid(value: Any, field: str) -> uuid.UUID | None:
    if value in (None, ""):
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise fail(field, "Not a valid id.") from None


def check_duration(duration: int | None) -> int:
    if duration not in SLOT_DURATIONS:
        raise fail("duration_minutes", f"Use one of {', '.join(map(str, SLOT_DURATIONS))}.")
    return int(duration)


def check_zone(name: str | None, fallback: str) -> str:
    name = name or fallback or "UTC"
    if name not in zone_names():
        raise fail("timezone", "Use an IANA time zone name, e.g. Europe/London.")
    return name


def person_busy(*, user, start: datetime, end: datetime, exclude: uuid.UUID | None = None) -> bool:
    """Does `user` have another live session then, as a learner or as a mentor? One person
    cannot be in two sessions at once, whichever side of them they are on."""
    clash = Booking.objects.filter(
        Q(learner=user) | Q(mentor__user=user), status__in=LIVE_STATUSES, start_at__lt=end, end_at__gt=start
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    return clash.exists()


def people_busy(*, users, start: datetime, end: datetime) -> set:
    """Which of `users` (ids) have a live session then, as learner or as mentor: one query for
    several people (person_busy asks for one)."""
    users = set(users)
    pairs = Booking.objects.filter(
        Q(learner_id__in=users) | Q(mentor__user_id__in=users),
        status__in=LIVE_STATUSES,
        start_at__lt=end,
        end_at__gt=start,
    ).values_list("learner_id", "mentor__user_id")
    return {user_id for pair in pairs for user_id in pair if user_id in users}


def lock_learner(learner) -> None:
    # Two bookings of one learner with two mentors at once: both lock this row first, so the
    # second sees the first and its overlap check holds.
    User.objects.select_for_update().filter(pk=learner.pk).first()


def release_time(booking: Booking) -> None:
    mentor_services.slot_release(reference=str(booking.pk))
    reminders.reminders_cancel(booking=booking)
    freed.time_freed(booking)
