"""Slot computation: pure functions over a schedule, its entries and the mentor's busy time.

Nothing here touches the database, so a caller loads what it needs in a fixed number of queries
(one mentor or a whole page of mentors) and computes in process.

Time zones: rules are wall-clock times in the schedule's IANA zone. Each day's window is turned
into UTC instants and stepped in real time, so a 09:00 rule stays 09:00 local on both sides of a
DST change; on the spring-forward day the hour that does not exist is never offered, and on the
fall-back day the repeated hour is offered as the real time it is.

Booking rules: buffers pad each session (a busy interval already holds its session's buffers, a
candidate is padded with the schedule's own); daily caps count the live sessions (bookings and
holds) that start on a mentor-local day, and the minimum gap is measured between sessions
themselves, not their buffers. External calendar events block time but are not sessions: they
count towards neither cap nor gap.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

AVAILABLE = "available"
HELD = "held"
BOOKED = "booked"
BLOCKED = "blocked"

RULE, BLOCK, REPLACE = "rule", "block", "replace"
WEEKLY, MONTHLY, CUSTOM = "weekly", "monthly", "custom"

# Why a slot is not available (the owner's preview shows it; learners see the status only).
REASON_DATE_EXCEPTION = "date_exception"
REASON_BOOKING = "booking"
REASON_HOLD = "hold"
REASON_BUFFER = "buffer"
REASON_EXTERNAL = "external"
REASON_DAILY_SESSIONS = "daily_sessions"
REASON_DAILY_MINUTES = "daily_minutes"
REASON_MIN_GAP = "min_gap"

SESSION_SOURCES = frozenset({"booking", "hold"})
# How much busy time around an asked window a caller must load: a candidate's local day reaches
# up to 25 hours either side of it (a fall-back day), and a minimum gap up to 12 hours more.
BUSY_MARGIN = timedelta(days=2)


@dataclass(frozen=True)
class ScheduleData:
    """What slot computation needs of a schedule (a Schedule row satisfies it)."""

    type: str
    timezone: str
    is_active: bool
    min_notice_hours: int
    max_advance_days: int
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    max_sessions_per_day: int | None = None
    max_booked_minutes_per_day: int | None = None
    min_gap_minutes: int = 0


@dataclass(frozen=True)
class EntryData:
    kind: str
    start_time: time | None
    end_time: time | None
    slot_duration_minutes: int = 60
    day_of_week: int | None = None
    day_of_month: int | None = None
    date: date | None = None


@dataclass(frozen=True)
class Busy:
    """Busy time, buffers included. A booking or hold also says when its session itself runs;
    an external event has no session times."""

    start_at: datetime
    end_at: datetime
    source: str  # booking / hold / external
    session_start_at: datetime | None = None
    session_end_at: datetime | None = None

    @property
    def is_session(self) -> bool:
        return (
            self.source in SESSION_SOURCES
            and self.session_start_at is not None
            and self.session_end_at is not None
        )


@dataclass(frozen=True)
class Slot:
    mentor_id: uuid.UUID
    start_at: datetime
    end_at: datetime
    duration_minutes: int
    status: str
    reason: str = ""  # one of the REASON_* values when the slot is not available

    @property
    def id(self) -> str:
        return encode_slot_id(self.mentor_id, self.start_at, self.duration_minutes)


# --- opaque slot ids ----------------------------------------------------------------------------


def encode_slot_id(mentor_id: uuid.UUID, start_at: datetime, duration_minutes: int) -> str:
    raw = f"{uuid.UUID(str(mentor_id)).hex}.{int(start_at.timestamp())}.{duration_minutes}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_slot_id(slot_id: str) -> tuple[uuid.UUID, datetime, int]:
    """(mentor id, start in UTC, duration). ValueError for anything that is not a slot id."""
    try:
        padded = slot_id + "=" * (-len(slot_id) % 4)
        mentor_hex, start, duration = base64.urlsafe_b64decode(padded.encode()).decode().split(".")
        return uuid.UUID(hex=mentor_hex), datetime.fromtimestamp(int(start), tz=UTC), int(duration)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValueError("not a slot id") from None


# --- wall clock to UTC --------------------------------------------------------------------------


def _exists(naive: datetime, tz: ZoneInfo) -> bool:
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


def window_start_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The first real instant of a window opening at wall-clock `at` on `day`.

    A repeated time (fall back) opens at its first occurrence; a time that does not exist
    (spring forward) opens once the clocks have moved past it.
    """
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    return min(first, second) if _exists(naive, tz) else max(first, second)


def window_end_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The last real instant of a window closing at `at`: never later than the wall clock says."""
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    return max(first, second) if _exists(naive, tz) else min(first, second)


# --- windows of a day ---------------------------------------------------------------------------


def _rule_applies(schedule_type: str, entry: EntryData, day: date) -> bool:
    if schedule_type == WEEKLY:
        return entry.day_of_week == day.weekday()
    if schedule_type == MONTHLY:
        return entry.day_of_month == day.day
    return entry.date == day


def day_windows(
    schedule: ScheduleData, entries: Sequence[EntryData], day: date
) -> tuple[list[tuple[time, time, int]], bool]:
    """(windows, blocked) for a local date: exceptions first, then the schedule's rules.

    A blocked date returns the windows its rules would have opened, flagged as blocked, so a
    calendar can show them as such.
    """
    exceptions = [e for e in entries if e.kind != RULE and e.date == day]
    rules = [
        (e.start_time, e.end_time, e.slot_duration_minutes)
        for e in entries
        if e.kind == RULE and e.start_time and e.end_time and _rule_applies(schedule.type, e, day)
    ]
    if any(e.kind == BLOCK for e in exceptions):
        return rules, True
    replacements = [
        (e.start_time, e.end_time, e.slot_duration_minutes)
        for e in exceptions
        if e.kind == REPLACE and e.start_time
    ]
    if replacements:
        return replacements, False
    return rules, False


# --- slots --------------------------------------------------------------------------------------


def _taken(
    start: datetime, end: datetime, padding: tuple[timedelta, timedelta], busy: Sequence[Busy]
) -> tuple[str, str]:
    """(status, reason) from the busy time the candidate [start, end), padded with this
    schedule's buffers, overlaps. When it meets only the breaks around a session, not the session
    itself, the reason is `buffer`: the owner's preview tells them apart, learners see the status."""
    occupied_start, occupied_end = start - padding[0], end + padding[1]
    status, reason = AVAILABLE, ""
    for interval in busy:
        if interval.start_at < occupied_end and interval.end_at > occupied_start:
            why = REASON_BOOKING
            if interval.source == "external":
                why = REASON_EXTERNAL
            elif interval.is_session and not (
                interval.session_start_at < end and interval.session_end_at > start
            ):
                why = REASON_BUFFER
            elif interval.source == "hold":
                why = REASON_HOLD
            if interval.source == "hold":
                status, reason = HELD, why
            else:
                return BOOKED, why
    return status, reason


class _Sessions:
    """The live sessions around the asked window: per local day (count, minutes), and in order."""

    def __init__(self, busy: Sequence[Busy], tz: ZoneInfo):
        self.spans = sorted((b.session_start_at, b.session_end_at) for b in busy if b.is_session)
        self.days: dict[date, tuple[int, int]] = {}
        for start, end in self.spans:
            day = start.astimezone(tz).date()
            count, minutes = self.days.get(day, (0, 0))
            self.days[day] = (count + 1, minutes + int((end - start).total_seconds() // 60))

    def limits(self, schedule: ScheduleData, day: date, start: datetime, end: datetime) -> str:
        """The reason the daily caps or the minimum gap refuse [start, end), or ""."""
        count, minutes = self.days.get(day, (0, 0))
        cap = schedule.max_sessions_per_day
        if cap is not None and count >= cap:
            return REASON_DAILY_SESSIONS
        minutes_cap = schedule.max_booked_minutes_per_day
        if minutes_cap is not None and minutes + int((end - start).total_seconds() // 60) > minutes_cap:
            return REASON_DAILY_MINUTES
        gap = timedelta(minutes=schedule.min_gap_minutes or 0)
        if gap:
            for session_start, session_end in self.spans:
                # Sessions that overlap the candidate are already taken time; only the free
                # time between two distinct sessions is measured here.
                if session_end <= start and start - session_end < gap:
                    return REASON_MIN_GAP
                if session_start >= end and session_start - end < gap:
                    return REASON_MIN_GAP
        return ""


def compute_slots(
    *,
    mentor_id: uuid.UUID,
    schedule: ScheduleData,
    entries: Sequence[EntryData],
    busy: Iterable[Busy],
    start: datetime,
    end: datetime,
    now: datetime | None,
    duration_minutes: int | None = None,
    include_unavailable: bool = False,
) -> list[Slot]:
    """Slots starting in [start, end), within the schedule's notice and advance limits from
    `now`; with `now=None`, every slot of [start, end) whatever the limits (what a cache keeps:
    `within_limits` applies them later, to the same result).

    `duration_minutes` asks for slots of that length (a 90-minute request needs 90 free
    minutes); by default each rule's own slot length is used. Busy intervals already include
    their sessions' buffers; a candidate slot is padded with this schedule's buffers before the
    overlap test, so back-to-back sessions keep the gap the mentor asked for.

    Daily caps and the minimum gap read the sessions in `busy`, so pass busy time from at least
    BUSY_MARGIN before `start` to BUSY_MARGIN after `end`. A candidate they refuse is `blocked`,
    with the rule that refused it as its `reason`.
    """
    if not schedule.is_active:
        return []
    tz = ZoneInfo(schedule.timezone)
    earliest, latest = start, end
    if now is not None:
        first, last = bookable_between(schedule, now)
        earliest, latest = max(start, first), min(end, last)
    if earliest >= latest:
        return []
    busy = sorted(busy, key=lambda b: b.start_at)
    sessions = _Sessions(busy, tz)
    before = timedelta(minutes=schedule.buffer_before_minutes)
    after = timedelta(minutes=schedule.buffer_after_minutes)

    slots: list[Slot] = []
    seen: set[tuple[datetime, int]] = set()
    day = earliest.astimezone(tz).date() - timedelta(days=1)
    last_day = latest.astimezone(tz).date() + timedelta(days=1)
    while day <= last_day:
        windows, blocked = day_windows(schedule, entries, day)
        for opens, closes, step_minutes in windows:
            window_start = window_start_utc(day, opens, tz)
            window_end = window_end_utc(day, closes, tz)
            length = timedelta(minutes=duration_minutes or step_minutes)
            step = timedelta(minutes=step_minutes)
            at = window_start
            while at + length <= window_end:
                minutes = int(length.total_seconds() // 60)
                # Two windows of one day may overlap (a monthly and a weekly rule): offer once.
                if earliest <= at < latest and (at, minutes) not in seen:
                    seen.add((at, minutes))
                    if blocked:
                        status, reason = BLOCKED, REASON_DATE_EXCEPTION
                    else:
                        status, reason = _taken(at, at + length, (before, after), busy)
                    if status == AVAILABLE:
                        # The day of the session's start, in the mentor's zone (a window may
                        # run past midnight, or a rule's day may differ on a DST night).
                        reason = sessions.limits(schedule, at.astimezone(tz).date(), at, at + length)
                        status = BLOCKED if reason else AVAILABLE
                    if include_unavailable or status == AVAILABLE:
                        slots.append(Slot(mentor_id, at, at + length, minutes, status, reason))
                at += step
        day += timedelta(days=1)
    slots.sort(key=lambda s: s.start_at)
    return slots


def bookable_between(schedule: ScheduleData, now: datetime) -> tuple[datetime, datetime]:
    """[earliest, latest): when a slot may start, asked at `now`, by the schedule's notice and
    advance limits."""
    return now + timedelta(hours=schedule.min_notice_hours), now + timedelta(days=schedule.max_advance_days)


def within_limits(slots: list[Slot], *, schedule: ScheduleData, now: datetime) -> list[Slot]:
    """The slots that start within the schedule's notice and advance limits from `now`: the
    list compute_slots(now=now) returns, from the one it returned with now=None. Whether a slot
    is free does not depend on the moment it is asked."""
    earliest, latest = bookable_between(schedule, now)
    return [slot for slot in slots if earliest <= slot.start_at < latest]


def next_available(
    *,
    mentor_id: uuid.UUID,
    schedule: ScheduleData | None,
    entries: Sequence[EntryData],
    busy: Iterable[Busy],
    now: datetime,
) -> Slot | None:
    """The first open slot from now, within the schedule's advance limit; None if there is none."""
    if schedule is None:
        return None
    busy = list(busy)
    horizon_end = bookable_between(schedule, now)[1]
    # Look a week at a time: most mentors have a slot within days, so this stops early.
    window_start = now
    while window_start < horizon_end:
        window_end = min(window_start + timedelta(days=7), horizon_end)
        found = compute_slots(
            mentor_id=mentor_id,
            schedule=schedule,
            entries=entries,
            busy=busy,
            start=window_start,
            end=window_end,
            now=now,
        )
        if found:
            return found[0]
        window_start = window_end
    return None
