"""The mentor's time: `slot_reserve` is the one way any other app takes it. bookings call it
inside their own transaction and release the time on cancel, decline or expiry."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError
from django.utils import timezone

from core.locks import busy_as_error
from core.transactions import step
from mentors import errors, slot_cache, slots
from mentors.models import (
    SLOT_DURATIONS,
    BusyInterval,
    BusySource,
    MentorProfile,
    MentorStatus,
    Schedule,
)
from mentors.services._common import _fail
from mentors.services.free_time import free_time_changed_on_commit, free_time_taken_on_commit

# --- the mentor's time --------------------------------------------------------------------------


def _padded(schedule: Schedule | None, start_at: datetime, end_at: datetime) -> tuple[datetime, datetime]:
    before = timedelta(minutes=schedule.buffer_before_minutes if schedule else 0)
    after = timedelta(minutes=schedule.buffer_after_minutes if schedule else 0)
    return start_at - before, end_at + after


def slot_reserve(
    *,
    mentor: MentorProfile,
    start_at: datetime,
    duration_minutes: int,
    source: str = BusySource.HOLD,
    reference: str = "",
    now: datetime | None = None,
    check_availability: bool = True,
) -> BusyInterval:
    """Take a mentor's time, or raise SlotNotAvailable (409). Call inside the caller's transaction.

    The mentor row is locked first, so concurrent reservations for one mentor queue up and the
    loser sees the winner's interval; on PostgreSQL the exclusion constraint is the last guard
    (its IntegrityError becomes the same 409), on SQLite IMMEDIATE transactions serialise writers.

    The slot must be one the slot lists offer: schedule, notice, buffers, daily caps and minimum
    gap alike (`details.reason` says which rule refused it). To move a session, release its old
    reference first in the same transaction, so the old time no longer counts against the new.
    `check_availability=False` skips those rules and keeps only the overlap checks.
    """
    if duration_minutes not in SLOT_DURATIONS:
        raise _fail("duration_minutes", f"Use one of {', '.join(map(str, SLOT_DURATIONS))}.")
    now = now or timezone.now()
    with step(), busy_as_error():
        # FOR NO KEY UPDATE: it queues reservations like FOR UPDATE would, but does not wait for
        # (or block) the key-share lock that inserting a row which points at the mentor takes,
        # such as the caller's own booking written just before (bookings.services.lifecycle):
        # with FOR UPDATE two such callers would each wait for the other's insert to commit.
        # The schedule comes in the same query (only the mentor's row is locked), read after
        # the lock like everything below.
        locked = (
            MentorProfile.objects.select_for_update(no_key=True, of=("self",))
            .select_related("schedule")
            .get(pk=mentor.pk)
        )
        schedule = getattr(locked, "schedule", None)
        end_at = start_at + timedelta(minutes=duration_minutes)
        if check_availability:
            if locked.status != MentorStatus.APPROVED or not locked.is_accepting_bookings or schedule is None:
                raise errors.SlotNotAvailable(details={"reason": "mentor_not_bookable"})
            # The same rules as the slot lists, daily caps and minimum gap included: the mentor
            # row is locked, so the sessions read here are all there are until this commits.
            nearby = list(
                BusyInterval.objects.filter(
                    mentor=locked,
                    is_live=True,
                    start_at__lt=end_at + slots.BUSY_MARGIN,
                    end_at__gt=start_at - slots.BUSY_MARGIN,
                ).only("start_at", "end_at", "source", "session_start_at", "session_end_at")
            )
            busy = [
                slots.Busy(b.start_at, b.end_at, b.source, b.session_start_at, b.session_end_at)
                for b in nearby
            ]
            candidates = slots.compute_slots(
                mentor_id=locked.pk,
                schedule=schedule,
                entries=list(schedule.entries.all()),
                busy=busy,
                start=start_at,
                end=start_at + timedelta(seconds=1),
                now=now,
                duration_minutes=duration_minutes,
                include_unavailable=True,
            )
            asked = next((slot for slot in candidates if slot.start_at == start_at), None)
            if asked is None:
                raise errors.SlotNotAvailable(details={"reason": "outside_schedule"})
            if asked.status != slots.AVAILABLE:
                raise errors.SlotNotAvailable(details={"reason": asked.reason or asked.status})
        padded_start, padded_end = _padded(schedule, start_at, end_at)
        # Any live interval counts here, external events included (the DB constraint only
        # covers bookings and holds, because external events may overlap each other). The
        # intervals read above for the rules cover the padded time whenever the buffers are
        # shorter than BUSY_MARGIN (always, in practice), so they answer without another query.
        covered = start_at - slots.BUSY_MARGIN <= padded_start and padded_end <= end_at + slots.BUSY_MARGIN
        if check_availability and covered:
            taken = any(b.start_at < padded_end and b.end_at > padded_start for b in nearby)
        else:
            taken = BusyInterval.objects.filter(
                mentor=locked,
                is_live=True,
                start_at__lt=padded_end,
                end_at__gt=padded_start,
            ).exists()
        if taken:
            raise errors.SlotNotAvailable()
        try:
            with step():
                interval = BusyInterval.objects.create(
                    mentor=locked,
                    start_at=padded_start,
                    end_at=padded_end,
                    session_start_at=start_at,
                    session_end_at=end_at,
                    source=source,
                    reference=reference,
                )
        except IntegrityError:
            raise errors.SlotNotAvailable() from None
        free_time_taken_on_commit(locked, padded_start)
        return interval


def slot_release(*, reference: str) -> int:
    """Free the time held under `reference` (cancel, decline, expiry). Returns how many intervals."""
    with step():
        live = BusyInterval.objects.filter(reference=reference, is_live=True)
        mentor_ids = set(live.values_list("mentor_id", flat=True))
        released = live.update(is_live=False)
        for mentor_id in mentor_ids:
            free_time_changed_on_commit(mentor_id)
        return released


def slot_hold_confirm(*, reference: str) -> int:
    """A held interval becomes a booked one (the booking was paid or confirmed)."""
    with step():
        held = BusyInterval.objects.filter(reference=reference, is_live=True, source=BusySource.HOLD)
        if slot_cache.enabled():  # a calendar kept with the slot "held" would go on saying so
            for mentor_id in set(held.values_list("mentor_id", flat=True)):
                slot_cache.forget_on_commit(mentor_id)
        return held.update(source=BusySource.BOOKING)
