"""The beat jobs of bookings: expire unpaid and unconfirmed bookings, finish past sessions.

Each job lists candidate ids, then takes one booking per transaction with
`select_for_update(skip_locked=True)` and re-checks it under the lock: a booking another worker
(or a person's request) holds right now is left for the next run, and a second worker never
does the same booking twice. Card refunds run after each booking's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from bookings import policy
from bookings.models import Booking, BookingStatus
from bookings.services import lifecycle, money, session
from core.locks import claim_due
from payments.models import Payment, PaymentStatus
from payments.registry import PayableKind

BATCH = 200


def _each(queryset, *, now: datetime, step: Callable[[Booking, datetime], bool]) -> int:
    return claim_due(
        queryset,
        lambda booking: step(booking, now),
        order_by=("start_at",),
        limit=BATCH,
        after=lambda booking: money.settle(booking, actor=None),
        lock_of=("self",),
        related=("mentor__user", "mentor__schedule", "learner", "service"),
    )


def bookings_expire_unpaid(*, now: datetime | None = None) -> int:
    """pending_payment past its 15-minute hold → expired; the time is released."""
    now = now or timezone.now()
    due = Booking.objects.filter(status=BookingStatus.PENDING_PAYMENT, payment_due_at__lte=now)

    def step(booking: Booking, now: datetime) -> bool:
        # A card payment the bank is still processing keeps its hold until it settles.
        if Payment.objects.filter(
            purpose=PayableKind.BOOKING, object_id=str(booking.pk), status=PaymentStatus.PROCESSING
        ).exists():
            return False
        lifecycle.booking_expire(booking=booking, reason="unpaid", now=now)
        return True

    return _each(due, now=now, step=step)


def bookings_expire_unconfirmed(*, now: datetime | None = None) -> int:
    """pending past its confirm-by time (24 h, or the start) → expired with a full refund."""
    now = now or timezone.now()
    due = Booking.objects.filter(status=BookingStatus.PENDING).filter(
        Q(confirm_by__lte=now) | Q(start_at__lte=now)
    )

    def step(booking: Booking, now: datetime) -> bool:
        lifecycle.booking_expire(booking=booking, reason="unconfirmed", now=now)
        return True

    return _each(due, now=now, step=step)


def bookings_finish(*, now: datetime | None = None) -> int:
    """30 minutes after the end: completed, or the absent party's no-show (API.md §3)."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.BOOKINGS_AUTO_COMPLETE_AFTER_MINUTES)
    # The sessions that could still be (or be being) held: the statuses a room may be joined in.
    due = Booking.objects.filter(status__in=policy.JOINABLE, end_at__lte=cutoff)

    def step(booking: Booking, now: datetime) -> bool:
        session.booking_finish(booking=booking, now=now)
        return True

    return _each(due, now=now, step=step)
