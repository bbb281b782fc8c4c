"""Choosing a time: the earliest open slot of a mentor on the wanted days, in the wanted part of
the day or at the wanted clock time, all in the user's time zone (API.md §8: morning 06-12,
afternoon 12-17, evening 17-22). Reads only; the mentors app computes the slots, so its rules
(notice, advance limit, buffers, busy time, DST) hold for the agent too."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from assistant.recognise.when import WINDOWS
from mentors.models import MentorProfile
from mentors.selectors.slots import slots_for_mentor
from mentors.slots import Slot

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# How far ahead the agent looks when no day is named.
HORIZON_DAYS = 28


def in_window(slot: Slot, *, zone: ZoneInfo, window: str | None, at: time | None) -> bool:
    start = slot.start_at.astimezone(zone)
    if at is not None:
        return start.time() == at
    if window is None:
        return True
    first, last = WINDOWS[window]
    end = slot.end_at.astimezone(zone)
    # The whole session inside the window: an afternoon session ends by 17:00.
    ends_in = end.date() == start.date() and (end.hour, end.minute) <= (last, 0)
    return start.hour >= first and ends_in


def in_window_time(moment: datetime, *, zone: ZoneInfo, window: str) -> bool:
    first, last = WINDOWS[window]
    return first <= moment.astimezone(zone).hour < last


def earliest_slot(
    *,
    mentor: MentorProfile,
    zone: ZoneInfo,
    now: datetime,
    days: Iterable[date] = (),
    weekdays: Iterable[int] = (),
    window: str | None = None,
    at: time | None = None,
    duration_minutes: int | None = None,
    horizon_days: int = HORIZON_DAYS,
) -> Slot | None:
    days, weekdays = sorted(set(days)), set(weekdays)
    if days:
        start = datetime.combine(days[0], time.min, tzinfo=zone)
        end = datetime.combine(days[-1] + timedelta(days=1), time.min, tzinfo=zone)
    else:
        start, end = now, now + timedelta(days=horizon_days)
    slots = slots_for_mentor(
        mentor=mentor, start=max(start, now), end=end, duration_minutes=duration_minutes, now=now
    )
    wanted_days = set(days)
    for slot in sorted(slots, key=lambda s: s.start_at):
        if slot.status != "available":
            continue
        local_day = slot.start_at.astimezone(zone).date()
        if wanted_days and local_day not in wanted_days:
            continue
        if weekdays and local_day.weekday() not in weekdays:
            continue
        if in_window(slot, zone=zone, window=window, at=at):
            return slot
    return None


def window_words(window: str) -> str:
    first, last = WINDOWS[window]
    return f"{first:02d}:00 to {last:02d}:00"
