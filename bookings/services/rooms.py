"""The booking's video room (bookings.video): opened on confirmation, renewed on reschedule."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from bookings.models import Booking
from bookings.policy import JOINABLE
from bookings.video import get_provider


def _store(booking: Booking, room, *, save: bool = True) -> list[str]:
    booking.meeting_provider = room.provider
    booking.meeting_external_id = room.external_id
    booking.meeting_room_url = room.url
    booking.meeting_created_at = timezone.now()
    fields = [
        "meeting_provider",
        "meeting_external_id",
        "meeting_room_url",
        "meeting_created_at",
        "updated_at",
    ]
    if save:
        booking.save(update_fields=fields)
    return fields


def room_open(booking: Booking, *, save: bool = True) -> list[str]:
    """Inside the confirming (or rescheduling) transaction: a provider that needs no outside call
    makes the room here; any other one gets it from a task once this transaction committed (or
    on the first join, whichever comes first). Returns the booking's fields it set; with
    `save=False` the caller saves them with its own change of the row."""
    provider = get_provider()
    if provider.local:
        return _store(booking, provider.create_room(booking=booking), save=save)
    booking.meeting_room_url = ""
    fields = ["meeting_room_url", "updated_at"]
    if save:
        booking.save(update_fields=fields)
    from bookings import tasks

    tasks.ensure_room.delay_on_commit(str(booking.pk))
    return fields


def room_ensure(*, booking_id) -> Booking:
    """The booking's room, made now if it has none yet (a provider that was down at confirmation)."""
    booking = Booking.objects.select_related("mentor__user", "learner").get(pk=booking_id)
    if booking.meeting_room_url or booking.status not in JOINABLE:
        return booking
    room = get_provider().create_room(booking=booking)
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking_id)
        if not locked.meeting_room_url:
            _store(locked, room)
        booking = locked
    return booking
