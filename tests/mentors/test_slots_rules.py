"""The slot engine's booking rules: daily caps on sessions and minutes, minimum gap, buffers."""

import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentors.slots import (
    AVAILABLE,
    BLOCKED,
    BOOKED,
    REASON_BUFFER,
    REASON_DAILY_MINUTES,
    REASON_DAILY_SESSIONS,
    REASON_EXTERNAL,
    REASON_MIN_GAP,
    Busy,
    EntryData,
    ScheduleData,
    compute_slots,
)

MENTOR = uuid.UUID("00000000-0000-4000-8000-000000000002")
NOW = datetime(2027, 1, 1, tzinfo=UTC)  # a Friday
MONDAY, TUESDAY = 0, 1


def schedule(tz="UTC", **rules) -> ScheduleData:
    return ScheduleData(
        type="weekly", timezone=tz, is_active=True, min_notice_hours=0, max_advance_days=365, **rules
    )


def weekdays(*days, start="09:00", end="17:00", step=60) -> list[EntryData]:
    return [
        EntryData(
            kind="rule",
            start_time=time.fromisoformat(start),
            end_time=time.fromisoformat(end),
            slot_duration_minutes=step,
            day_of_week=day,
        )
        for day in days
    ]


def session(start: datetime, minutes=60, *, source="booking", before=0, after=0) -> Busy:
    end = start + timedelta(minutes=minutes)
    return Busy(start - timedelta(minutes=before), end + timedelta(minutes=after), source, start, end)


def at(day: int, hour: int, minute=0, tz="UTC") -> datetime:
    """4 January 2027 is a Monday: day 0 is that Monday, local time in `tz`."""
    return datetime(2027, 1, 4 + day, hour, minute, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def free_hours(found, tz="UTC") -> list[str]:
    return [s.start_at.astimezone(ZoneInfo(tz)).strftime("%a %H:%M") for s in found if s.status == AVAILABLE]


def compute(sched, entries, busy, *, days=2, **kw):
    return compute_slots(
        mentor_id=MENTOR,
        schedule=sched,
        entries=entries,
        busy=busy,
        start=at(0, 0),
        end=at(days, 0),
        now=NOW,
        **kw,
    )


def test_a_cap_of_three_sessions_hides_the_rest_of_that_day_and_not_the_next():
    busy = [session(at(0, 9)), session(at(0, 11)), session(at(0, 14), source="hold")]
    found = compute(schedule(max_sessions_per_day=3), weekdays(MONDAY, TUESDAY), busy)
    assert [h for h in free_hours(found) if h.startswith("Mon")] == []
    assert len([h for h in free_hours(found) if h.startswith("Tue")]) == 8


def test_two_sessions_under_a_cap_of_three_leave_the_day_open():
    busy = [session(at(0, 9)), session(at(0, 11))]
    found = compute(schedule(max_sessions_per_day=3), weekdays(MONDAY), busy, days=1)
    assert free_hours(found) == [f"Mon {h:02d}:00" for h in (10, 12, 13, 14, 15, 16)]


def test_capped_slots_are_shown_as_blocked_with_the_reason():
    busy = [session(at(0, 9)), session(at(0, 10))]
    found = compute(
        schedule(max_sessions_per_day=2), weekdays(MONDAY), busy, days=1, include_unavailable=True
    )
    assert [(s.status, s.reason) for s in found[:3]] == [
        (BOOKED, "booking"),
        (BOOKED, "booking"),
        (BLOCKED, REASON_DAILY_SESSIONS),
    ]
    assert {s.status for s in found[2:]} == {BLOCKED}


def test_external_events_count_towards_no_cap():
    busy = [Busy(at(0, 9), at(0, 12), "external")]
    found = compute(
        schedule(max_sessions_per_day=1), weekdays(MONDAY), busy, days=1, include_unavailable=True
    )
    assert [(s.status, s.reason) for s in found[:3]] == [(BOOKED, REASON_EXTERNAL)] * 3
    assert free_hours(found) == [f"Mon {h:02d}:00" for h in range(12, 17)]


def test_the_cap_counts_the_mentors_local_day_of_each_sessions_start():
    # Tokyo is UTC+9: the session at Monday 08:00 Tokyo starts on Sunday in UTC, and Monday's
    # other hours (from 09:00 Tokyo) on Monday in UTC. Counted by UTC date, Monday would stay open.
    tz = "Asia/Tokyo"
    found = compute_slots(
        mentor_id=MENTOR,
        schedule=schedule(tz=tz, max_sessions_per_day=1),
        entries=weekdays(MONDAY, TUESDAY, start="08:00", end="12:00"),
        busy=[session(at(0, 8, tz=tz))],
        start=at(0, 0, tz=tz),
        end=at(2, 0, tz=tz),
        now=NOW,
    )
    assert free_hours(found, tz) == ["Tue 08:00", "Tue 09:00", "Tue 10:00", "Tue 11:00"]


def test_a_booked_minutes_cap_refuses_a_slot_that_would_pass_it():
    # 120 of 150 minutes booked: a 30-minute slot still fits, a 60-minute one does not.
    busy = [session(at(0, 9), 60), session(at(0, 11), 60)]
    sched = schedule(max_booked_minutes_per_day=150)
    thirty = compute(sched, weekdays(MONDAY, step=30), busy, days=1, duration_minutes=30)
    sixty = compute(sched, weekdays(MONDAY), busy, days=1, include_unavailable=True)
    assert "Mon 13:00" in free_hours(thirty)
    assert free_hours(sixty) == []
    assert {s.reason for s in sixty if s.status == BLOCKED} == {REASON_DAILY_MINUTES}


def test_a_minimum_gap_keeps_free_time_between_sessions():
    busy = [session(at(0, 12), 60)]  # 12:00-13:00
    found = compute(
        schedule(min_gap_minutes=30),
        weekdays(MONDAY, step=30),
        busy,
        days=1,
        duration_minutes=60,
        include_unavailable=True,
    )
    free = free_hours(found)
    assert "Mon 10:30" in free  # ends 11:30, 30 minutes before the session
    assert "Mon 11:00" not in free  # ends 12:00, right against it
    assert "Mon 13:00" not in free and "Mon 13:30" in free
    assert next(s for s in found if s.start_at == at(0, 11)).reason == REASON_MIN_GAP


def test_the_minimum_gap_is_measured_between_sessions_not_their_buffers():
    # The session's 15-minute after-buffer runs to 13:15; a 30-minute gap counts from 13:00.
    busy = [session(at(0, 12), 60, after=15)]
    found = compute(
        schedule(min_gap_minutes=30), weekdays(MONDAY, step=15), busy, days=1, duration_minutes=30
    )
    free = free_hours(found)
    assert "Mon 13:15" not in free and "Mon 13:30" in free


def test_buffers_still_pad_both_sides_of_a_candidate():
    busy = [session(at(0, 12), 60, before=15, after=15)]
    found = compute(
        schedule(buffer_before_minutes=15, buffer_after_minutes=15),
        weekdays(MONDAY, step=15),
        busy,
        days=1,
        duration_minutes=30,
    )
    free = free_hours(found)
    assert "Mon 11:00" in free and "Mon 11:15" not in free
    assert "Mon 13:15" not in free and "Mon 13:30" in free


def test_no_rules_means_no_limits():
    busy = [session(at(0, h)) for h in (9, 10, 11)]
    found = compute(schedule(), weekdays(MONDAY), busy, days=1)
    assert free_hours(found) == [f"Mon {h:02d}:00" for h in range(12, 17)]


def test_a_slot_kept_free_only_by_a_break_says_so():
    busy = [session(at(0, 12), 60, after=30)]  # 12:00-13:00, its break until 13:30
    found = compute(schedule(), weekdays(MONDAY, step=30), busy, days=1, include_unavailable=True)
    reasons = {s.start_at: (s.status, s.reason) for s in found}
    assert reasons[at(0, 12)] == (BOOKED, "booking")
    assert reasons[at(0, 13)] == (BOOKED, REASON_BUFFER)
    assert reasons[at(0, 13, 30)] == (AVAILABLE, "")
