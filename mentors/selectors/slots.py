"""Reads of a mentor's time: schedules, open slots, their prices and the month calendar."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from core.errors import ValidationFailed
from mentors import errors, slot_cache
from mentors import slots as slot_engine
from mentors.models import (
    BusyInterval,
    BusySource,
    MentorProfile,
    Schedule,
    ScheduleEntry,
    Service,
)
from mentors.selectors.profiles import SLOT_LIST_FIELDS, mentor_bookable_get, service_bookable_get


def _busy_by_mentor(mentor_ids: Iterable[uuid.UUID], start: datetime, end: datetime) -> dict:
    """Live busy intervals of several mentors in one query, from BUSY_MARGIN before `start` to
    BUSY_MARGIN after `end`: daily caps and the minimum gap look at the sessions around a slot."""
    found: dict[uuid.UUID, list[slot_engine.Busy]] = defaultdict(list)
    rows = BusyInterval.objects.filter(
        mentor_id__in=list(mentor_ids),
        is_live=True,
        start_at__lt=end + slot_engine.BUSY_MARGIN,
        end_at__gt=start - slot_engine.BUSY_MARGIN,
    ).values_list("mentor_id", "start_at", "end_at", "source", "session_start_at", "session_end_at")
    for mentor_id, start_at, end_at, source, session_start_at, session_end_at in rows:
        found[mentor_id].append(slot_engine.Busy(start_at, end_at, source, session_start_at, session_end_at))
    return found


def schedules_with_entries() -> Prefetch:
    return Prefetch("entries", queryset=ScheduleEntry.objects.order_by("kind", "start_time"))


def schedule_for_mentor(*, mentor: MentorProfile) -> Schedule | None:
    return Schedule.objects.filter(mentor=mentor).prefetch_related(schedules_with_entries()).first()


def slots_for_mentor(
    *,
    mentor: MentorProfile,
    start: datetime,
    end: datetime,
    duration_minutes: int | None = None,
    include_unavailable: bool = False,
    now: datetime | None = None,
    kept: bool = False,
) -> list[slot_engine.Slot]:
    """Slots of a mentor already loaded with its schedule: two queries (entries, busy time).

    The one slot reader of pages, API, bookings and the calendar. Any status: the public callers
    load a bookable mentor (mentor_bookable_get), the owner's preview loads their own.
    `kept=True` (public lists only, never a booking's own check) reads the list the cache keeps
    until the mentor's time changes (mentors.slot_cache), with no query when it is there.
    """
    schedule = getattr(mentor, "schedule", None)
    if schedule is None:
        return []
    now = now or timezone.now()

    def compute(at: datetime | None) -> list[slot_engine.Slot]:
        return slot_engine.compute_slots(
            mentor_id=mentor.pk,
            schedule=schedule,
            entries=list(schedule.entries.all()),
            busy=_busy_by_mentor([mentor.pk], start, end)[mentor.pk],
            start=start,
            end=end,
            now=at,
            duration_minutes=duration_minutes,
            include_unavailable=include_unavailable,
        )

    if not (kept and slot_cache.enabled()):
        return compute(now)
    found = slot_cache.kept_slots(
        mentor_id=mentor.pk,
        start=start,
        end=end,
        duration_minutes=duration_minutes,
        include_unavailable=include_unavailable,
        compute=lambda: compute(None),
    )
    return slot_engine.within_limits(found, schedule=schedule, now=now)


def next_slots_for(
    mentors: list[MentorProfile], *, now: datetime | None = None
) -> dict[uuid.UUID, slot_engine.Slot | None]:
    """The next open slot of every mentor on a page, whatever the page holds: two queries
    (entries, busy time) for mentors loaded with their `schedule`, three for the others (the
    search page leaves the schedule out of its rows: it needs it only for a stale stored slot)."""
    relation = MentorProfile._meta.get_field("schedule")
    known = None
    if all(relation.is_cached(m) for m in mentors):
        known = [schedule for m in mentors if (schedule := relation.get_cached_value(m)) is not None]
    found = next_open_slots(mentor_ids=[m.pk for m in mentors], now=now, schedules=known)
    return {m.pk: found[m.pk][0] if m.pk in found else None for m in mentors}


def next_open_slots(
    *,
    mentor_ids: list[uuid.UUID],
    now: datetime | None = None,
    schedules: list[Schedule] | None = None,
) -> dict[uuid.UUID, tuple[slot_engine.Slot | None, int]]:
    """(the next open slot or None, the schedule's notice in hours) of each mentor with a
    schedule: three queries for the whole batch (schedules, entries, busy time), two when the
    caller has the schedules already, slots computed in process."""
    now = now or timezone.now()
    if schedules is None:
        schedules = list(Schedule.objects.filter(mentor_id__in=mentor_ids))
    entries: dict[uuid.UUID, list[ScheduleEntry]] = defaultdict(list)
    if schedules:
        for entry in ScheduleEntry.objects.filter(schedule_id__in=[s.pk for s in schedules]):
            entries[entry.schedule_id].append(entry)
    horizon = max((s.max_advance_days for s in schedules), default=0)
    busy = (
        _busy_by_mentor([s.mentor_id for s in schedules], now, now + timedelta(days=horizon))
        if schedules
        else {}
    )
    return {
        s.mentor_id: (
            slot_engine.next_available(
                mentor_id=s.mentor_id,
                schedule=s,
                entries=entries.get(s.pk, []),
                busy=busy.get(s.mentor_id, []),
                now=now,
            ),
            s.min_notice_hours,
        )
        for s in schedules
    }


def mentor_ids_with_open_slot(
    *, mentors: QuerySet[MentorProfile], start: datetime, end: datetime, now: datetime | None = None
) -> set[uuid.UUID]:
    """Which of `mentors` have an open slot starting in [start, end): three queries in all."""
    return mentor_ids_free_in(mentors=mentors, windows=[(start, end)], now=now)


def mentor_ids_free_in(
    *,
    mentors: QuerySet[MentorProfile],
    windows: list[tuple[datetime, datetime]],
    now: datetime | None = None,
) -> set[uuid.UUID]:
    """Which of `mentors` have an open slot starting in any of `windows` (in time order, e.g.
    the mornings of the next two weeks): three queries in all, whatever the windows.

    Only schedules that could open a slot by the last window are read (active, notice short
    enough), then their entries and busy time in one query each; the slots are computed in
    process, window by window, and a mentor's search stops at the first open slot.
    """
    now = now or timezone.now()
    if not windows:
        return set()
    first, last = windows[0][0], windows[-1][1]
    latest_notice_hours = int((last - now).total_seconds() // 3600)
    schedules = list(
        Schedule.objects.filter(
            mentor__in=mentors.values("pk"), is_active=True, min_notice_hours__lte=latest_notice_hours
        )
    )
    if not schedules:
        return set()
    entries: dict[uuid.UUID, list[ScheduleEntry]] = defaultdict(list)
    for entry in ScheduleEntry.objects.filter(schedule_id__in=[s.pk for s in schedules]):
        entries[entry.schedule_id].append(entry)
    busy = _busy_by_mentor([s.mentor_id for s in schedules], first, last)
    return {
        s.mentor_id
        for s in schedules
        if any(
            slot_engine.compute_slots(
                mentor_id=s.mentor_id,
                schedule=s,
                entries=entries.get(s.pk, []),
                busy=busy.get(s.mentor_id, []),
                start=start,
                end=end,
                now=now,
            )
            for start, end in windows
        )
    }


def busy_references(*, mentor_id: uuid.UUID, start: datetime, end: datetime) -> list[BusyInterval]:
    """Live bookings and holds with their references, for the owner's own calendar. Imported
    calendar events are left out: their reference names a feed, not a booking."""
    return list(
        BusyInterval.objects.filter(
            mentor_id=mentor_id,
            is_live=True,
            start_at__lt=end,
            end_at__gt=start,
            source__in=[BusySource.BOOKING, BusySource.HOLD],
        ).exclude(reference="")
    )


def slot_price(*, mentor: MentorProfile, duration_minutes: int, service: Service | None = None) -> tuple:
    """(amount, currency) of one slot, or (None, currency) when the mentor has set no rate.

    A service has its own price; otherwise the hourly rate counts pro rata (45 min of 60.00 = 45.00).
    """
    if service is not None:
        return service.price, service.currency
    if mentor.hourly_rate is None:
        return None, mentor.currency
    amount = (mentor.hourly_rate * duration_minutes / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return amount, mentor.currency


def slot_list(
    *,
    mentor_id: uuid.UUID,
    start: datetime,
    end: datetime,
    service_id: uuid.UUID | None = None,
    duration_minutes: int | None = None,
    now: datetime | None = None,
) -> tuple[MentorProfile, Service | None, list[slot_engine.Slot]]:
    """Open slots of a bookable mentor (GET /slots) in three queries whatever the bookings:
    the mentor (or the service with its mentor), the schedule's entries, the busy time; one
    while the cache keeps the mentor's slots (mentors.slot_cache).

    A service sets the length; a different `duration_minutes` with it is refused.
    """
    service = None
    if service_id is not None:
        service = service_bookable_get(service_id=service_id)
        if service.mentor_id != mentor_id:
            raise errors.ServiceNotFound("This mentor offers no such service.")
        if duration_minutes is not None and duration_minutes != service.duration_minutes:
            raise ValidationFailed.for_field(
                "duration_minutes", f"This service lasts {service.duration_minutes} minutes."
            )
        mentor = service.mentor
        duration_minutes = service.duration_minutes
    else:
        mentor = mentor_bookable_get(mentor_id=mentor_id, only=SLOT_LIST_FIELDS)
    found = slots_for_mentor(
        mentor=mentor, start=start, end=end, duration_minutes=duration_minutes, now=now, kept=True
    )
    return mentor, service, found


def schedule_preview(
    *, mentor: MentorProfile, start_date: date, end_date: date, now: datetime | None = None
) -> tuple[ZoneInfo, list[slot_engine.Slot]]:
    """What the mentor's schedule would offer from start_date to end_date (both included, read in
    the schedule's zone), taken time included with its status: generate-slots shows it whatever
    the profile's status, and stores nothing. Returns the zone the dates were read in."""
    schedule = Schedule.objects.filter(mentor=mentor).prefetch_related(schedules_with_entries()).first()
    if schedule is None:
        return ZoneInfo(mentor.user.timezone), []
    zone = ZoneInfo(schedule.timezone)
    mentor.schedule = schedule
    found = slots_for_mentor(
        mentor=mentor,
        start=datetime.combine(start_date, time.min, tzinfo=zone),
        end=datetime.combine(end_date + timedelta(days=1), time.min, tzinfo=zone),
        include_unavailable=True,
        now=now,
    )
    return zone, found


@dataclass(frozen=True)
class MentorCalendar:
    """A month of a mentor's slots as one viewer sees it."""

    mentor: MentorProfile
    zone: ZoneInfo  # the viewer's: it sets which local date each slot falls on
    month: date
    days: dict[str, list[slot_engine.Slot]]  # local "YYYY-MM-DD" → every slot that day, any status
    bookings: dict[str, str]  # slot id → the booking holding it; filled for the owning mentor only


def mentor_calendar(
    *,
    mentor: MentorProfile,
    month: date,
    viewer_timezone: str,
    viewer=None,
    now: datetime | None = None,
    duration_minutes: int | None = None,
) -> MentorCalendar:
    """Every slot of a month, with its status, by the viewer's local date: the profile page's
    calendar and GET /mentors/{id}/calendar (API.md §2). Two queries on a mentor loaded with its
    schedule, and one more for the owning mentor, who also learns which booking holds each
    taken slot."""
    zone = ZoneInfo(viewer_timezone)
    first = datetime(month.year, month.month, 1, tzinfo=zone)
    following = datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=zone)
    # `duration_minutes`: the length of the session the viewer chose (a service's); None is
    # the schedule's own slot lengths.
    found = slots_for_mentor(
        mentor=mentor,
        start=first,
        end=following,
        include_unavailable=True,
        now=now,
        duration_minutes=duration_minutes,
        kept=True,
    )
    days: dict[str, list[slot_engine.Slot]] = defaultdict(list)
    for slot in found:
        days[slot.start_at.astimezone(zone).date().isoformat()].append(slot)
    bookings: dict[str, str] = {}
    if viewer is not None and viewer.is_authenticated and viewer.pk == mentor.user_id:
        taken = busy_references(
            mentor_id=mentor.pk, start=first - timedelta(days=1), end=first + timedelta(days=32)
        )
        for slot in found:
            if slot.status not in (slot_engine.BOOKED, slot_engine.HELD):
                continue
            reference = next(
                (b.reference for b in taken if b.start_at < slot.end_at and b.end_at > slot.start_at), None
            )
            if reference is not None:
                bookings[slot.id] = reference
    return MentorCalendar(mentor=mentor, zone=zone, month=month, days=dict(days), bookings=bookings)
