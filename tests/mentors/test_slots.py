"""Slot computation: rules, exceptions, notice, advance, buffers, bookings and DST."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from mentors.slots import (
    AVAILABLE,
    BLOCKED,
    BOOKED,
    HELD,
    Busy,
    EntryData,
    ScheduleData,
    compute_slots,
    decode_slot_id,
    encode_slot_id,
    next_available,
)

MENTOR = uuid.UUID("00000000-0000-4000-8000-000000000001")  # fixed: xdist workers must collect the same ids
MONDAY, SUNDAY = 0, 6


def schedule(tz="UTC", kind="weekly", notice=0, advance=365, before=0, after=0):
    return ScheduleData(
        type=kind,
        timezone=tz,
        is_active=True,
        min_notice_hours=notice,
        max_advance_days=advance,
        buffer_before_minutes=before,
        buffer_after_minutes=after,
    )


def rule(day_of_week=MONDAY, start="09:00", end="12:00", step=60, **extra):
    return EntryData(
        kind="rule",
        start_time=time.fromisoformat(start),
        end_time=time.fromisoformat(end),
        slot_duration_minutes=step,
        day_of_week=day_of_week,
        **extra,
    )


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def slots(sched, entries, start, end, now=None, busy=(), **kw):
    return compute_slots(
        mentor_id=MENTOR,
        schedule=sched,
        entries=entries,
        busy=list(busy),
        start=utc(start),
        end=utc(end),
        now=now or utc("2027-01-01T00:00"),
        **kw,
    )


def local_times(found, tz):
    return [s.start_at.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M") for s in found]


# --- DST ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "before_change", "after_change"),
    [
        # New York: clocks go forward 2027-03-14 and back 2027-11-07
        ("America/New_York", "2027-03-08", "2027-03-15"),
        ("America/New_York", "2027-11-01", "2027-11-08"),
        # Berlin: forward 2027-03-28, back 2027-10-31
        ("Europe/Berlin", "2027-03-22", "2027-03-29"),
        ("Europe/Berlin", "2027-10-25", "2027-11-01"),
    ],
)
def test_weekly_rule_stays_at_the_same_local_time_across_a_dst_change(tz, before_change, after_change):
    found = slots(
        schedule(tz), [rule(MONDAY, "09:00", "11:00")], f"{before_change}T00:00", f"{after_change}T23:00"
    )
    assert local_times(found, tz) == [
        f"{before_change} 09:00",
        f"{before_change} 10:00",
        f"{after_change} 09:00",
        f"{after_change} 10:00",
    ]
    # ...which are different UTC hours on the two sides of the change
    assert found[0].start_at.hour != found[2].start_at.hour


def test_spring_forward_never_offers_the_hour_that_does_not_exist():
    # 2027-03-14 in New York: 02:00 jumps to 03:00
    found = slots(
        schedule("America/New_York"), [rule(SUNDAY, "01:00", "04:00")], "2027-03-14T00:00", "2027-03-15T00:00"
    )
    assert local_times(found, "America/New_York") == ["2027-03-14 01:00", "2027-03-14 03:00"]
    assert all(s.end_at - s.start_at == timedelta(hours=1) for s in found)


def test_fall_back_offers_the_repeated_hour_as_the_real_time_it_is():
    # 2027-11-07 in New York: 02:00 falls back to 01:00; 00:00-03:00 local is four real hours
    found = slots(
        schedule("America/New_York"), [rule(SUNDAY, "00:00", "03:00")], "2027-11-07T00:00", "2027-11-08T00:00"
    )
    assert [s.start_at for s in found] == [
        utc("2027-11-07T04:00"),  # 00:00 EDT
        utc("2027-11-07T05:00"),  # 01:00 EDT
        utc("2027-11-07T06:00"),  # 01:00 EST, the repeated hour
        utc("2027-11-07T07:00"),  # 02:00 EST
    ]


# --- rules and exceptions -----------------------------------------------------------------------


def test_blocked_date_has_no_open_slots_and_shows_them_as_blocked():
    entries = [rule(MONDAY), EntryData(kind="block", start_time=None, end_time=None, date=date(2027, 1, 4))]
    assert slots(schedule(), entries, "2027-01-04T00:00", "2027-01-05T00:00") == []
    shown = slots(schedule(), entries, "2027-01-04T00:00", "2027-01-05T00:00", include_unavailable=True)
    assert {s.status for s in shown} == {BLOCKED}
    # the next Monday is untouched
    assert len(slots(schedule(), entries, "2027-01-11T00:00", "2027-01-12T00:00")) == 3


def test_replaced_date_uses_its_own_hours():
    entries = [
        rule(MONDAY, "09:00", "12:00"),
        EntryData(
            kind="replace",
            start_time=time(14),
            end_time=time(16),
            slot_duration_minutes=30,
            date=date(2027, 1, 4),
        ),
    ]
    found = slots(schedule(), entries, "2027-01-04T00:00", "2027-01-05T00:00")
    assert local_times(found, "UTC") == [
        "2027-01-04 14:00",
        "2027-01-04 14:30",
        "2027-01-04 15:00",
        "2027-01-04 15:30",
    ]


def test_monthly_and_custom_schedules():
    monthly = EntryData(kind="rule", start_time=time(10), end_time=time(11), day_of_month=15)
    found = slots(schedule(kind="monthly"), [monthly], "2027-01-01T00:00", "2027-03-01T00:00")
    assert local_times(found, "UTC") == ["2027-01-15 10:00", "2027-02-15 10:00"]
    custom = EntryData(
        kind="rule", start_time=time(8), end_time=time(9), date=date(2027, 2, 3), slot_duration_minutes=30
    )
    found = slots(schedule(kind="custom"), [custom], "2027-01-01T00:00", "2027-03-01T00:00")
    assert local_times(found, "UTC") == ["2027-02-03 08:00", "2027-02-03 08:30"]


def test_inactive_schedule_has_no_slots():
    inactive = ScheduleData(
        type="weekly", timezone="UTC", is_active=False, min_notice_hours=0, max_advance_days=90
    )
    assert slots(inactive, [rule()], "2027-01-04T00:00", "2027-01-05T00:00") == []


# --- notice and advance -------------------------------------------------------------------------


def test_minimum_notice_hides_slots_that_start_too_soon():
    now = utc("2027-01-04T08:00")  # Monday 08:00
    found = slots(
        schedule(notice=24),
        [rule(MONDAY), rule(1, "09:00", "10:00")],
        "2027-01-04T00:00",
        "2027-01-06T00:00",
        now=now,
    )
    # nothing on Monday; Tuesday 09:00 is 25 h away
    assert local_times(found, "UTC") == ["2027-01-05 09:00"]


def test_maximum_advance_hides_slots_too_far_ahead():
    now = utc("2027-01-01T00:00")
    found = slots(
        schedule(advance=11),
        [rule(MONDAY, "09:00", "10:00")],
        "2027-01-01T00:00",
        "2027-02-01T00:00",
        now=now,
    )
    # 11 days reach 2027-01-12 00:00: the 11th is offered, the 18th and 25th are not
    assert local_times(found, "UTC") == ["2027-01-04 09:00", "2027-01-11 09:00"]


# --- bookings, holds and buffers ----------------------------------------------------------------


def test_an_existing_booking_removes_exactly_the_overlapping_slots():
    booking = Busy(utc("2027-01-04T10:30"), utc("2027-01-04T11:30"), "booking")
    entries = [rule(MONDAY, "09:00", "13:00", step=30)]
    found = slots(
        schedule(), entries, "2027-01-04T00:00", "2027-01-05T00:00", busy=[booking], duration_minutes=30
    )
    assert local_times(found, "UTC") == [
        "2027-01-04 09:00",
        "2027-01-04 09:30",
        "2027-01-04 10:00",
        "2027-01-04 11:30",
        "2027-01-04 12:00",
        "2027-01-04 12:30",
    ]


def test_booked_and_held_slots_are_shown_with_their_status():
    busy = [
        Busy(utc("2027-01-04T09:00"), utc("2027-01-04T10:00"), "booking"),
        Busy(utc("2027-01-04T10:00"), utc("2027-01-04T11:00"), "hold"),
    ]
    found = slots(
        schedule(),
        [rule(MONDAY)],
        "2027-01-04T00:00",
        "2027-01-05T00:00",
        busy=busy,
        include_unavailable=True,
    )
    assert [s.status for s in found] == [BOOKED, HELD, AVAILABLE]


def test_buffers_keep_a_gap_around_existing_sessions():
    # a session 10:00-11:00 whose interval already carries its 15-minute after-buffer
    busy = [Busy(utc("2027-01-04T10:00"), utc("2027-01-04T11:15"), "booking")]
    entries = [rule(MONDAY, "08:00", "13:00", step=15)]
    found = slots(
        schedule(before=15, after=15),
        entries,
        "2027-01-04T00:00",
        "2027-01-05T00:00",
        busy=busy,
        duration_minutes=30,
    )
    starts = local_times(found, "UTC")
    assert "2027-01-04 09:15" in starts  # ends 09:45, after-buffer to 10:00
    assert "2027-01-04 09:30" not in starts  # its buffer would run into the session
    assert "2027-01-04 11:15" not in starts  # before-buffer would reach back to 11:00
    assert "2027-01-04 11:30" in starts


def test_a_90_minute_request_needs_90_free_minutes():
    busy = [Busy(utc("2027-01-04T11:00"), utc("2027-01-04T12:00"), "booking")]
    entries = [rule(MONDAY, "09:00", "14:00", step=30)]
    found = slots(schedule(), entries, "2027-01-04T00:00", "2027-01-05T00:00", busy=busy, duration_minutes=90)
    assert local_times(found, "UTC") == [
        "2027-01-04 09:00",
        "2027-01-04 09:30",
        "2027-01-04 12:00",
        "2027-01-04 12:30",
    ]
    assert all(s.duration_minutes == 90 and s.end_at - s.start_at == timedelta(minutes=90) for s in found)


def test_next_available_skips_full_weeks():
    busy = [Busy(utc("2027-01-04T00:00"), utc("2027-01-18T00:00"), "external")]
    found = next_available(
        mentor_id=MENTOR, schedule=schedule(), entries=[rule(MONDAY)], busy=busy, now=utc("2027-01-01T00:00")
    )
    assert found.start_at == utc("2027-01-18T09:00")


def test_no_schedule_means_no_next_slot():
    assert (
        next_available(mentor_id=MENTOR, schedule=None, entries=[], busy=[], now=utc("2027-01-01T00:00"))
        is None
    )


# --- slot ids -----------------------------------------------------------------------------------


def test_slot_id_encodes_mentor_start_and_duration():
    found = slots(schedule(), [rule(MONDAY)], "2027-01-04T00:00", "2027-01-05T00:00")[0]
    assert decode_slot_id(found.id) == (MENTOR, found.start_at, 60)
    assert found.id == encode_slot_id(MENTOR, found.start_at, 60)


@pytest.mark.parametrize(
    "garbage", ["", "abc", "!!!", encode_slot_id(MENTOR, utc("2027-01-04T09:00"), 60)[:-3]]
)
def test_garbage_slot_id_is_refused(garbage):
    with pytest.raises(ValueError):
        decode_slot_id(garbage)
