"""Reading a calendar feed into busy periods: recurrence, exceptions, zones, free and cancelled."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from mentors import ical
from tests.mentors.ics import WEEKLY_ACROSS_DST, calendar, crlf, one_event

LONDON = ZoneInfo("Europe/London")
START = datetime(2027, 3, 6, tzinfo=UTC)
END = datetime(2027, 4, 28, tzinfo=UTC)


def local(periods, zone=LONDON) -> list[str]:
    return [
        f"{p.start_at.astimezone(zone):%Y-%m-%d %H:%M}-{p.end_at.astimezone(zone):%H:%M}" for p in periods
    ]


def read(body: bytes, zone=LONDON, start=START, end=END):
    return ical.busy_periods(body, start=start, end=end, zone=zone)


def test_a_weekly_event_follows_its_own_zone_across_both_dst_changes_with_its_exceptions():
    assert local(read(crlf(WEEKLY_ACROSS_DST))) == [
        "2027-03-08 10:00-11:00",  # New York on EST, London on GMT
        "2027-03-15 09:00-10:00",  # New York moved on 14 March, London not yet
        # 22 March: an exception date; 29 March: the cancelled occurrence
        "2027-04-05 11:00-12:00",  # this occurrence was moved an hour later
        "2027-04-12 10:00-11:00",  # both on summer time; the free event at 09:00 blocks nothing
        "2027-04-19 00:00-00:00",  # the all-day bank holiday: the whole London day
        "2027-04-19 10:00-11:00",
        "2027-04-26 10:00-11:00",
    ]


def test_an_all_day_event_blocks_the_mentors_whole_local_day_in_utc():
    body = calendar("DTSTART;VALUE=DATE:20270419\nDTEND;VALUE=DATE:20270421")
    (period,) = read(body)
    # BST: London's 19 April begins at 23:00 UTC the day before; two days long.
    assert (period.start_at, period.end_at) == (
        datetime(2027, 4, 18, 23, tzinfo=UTC),
        datetime(2027, 4, 20, 23, tzinfo=UTC),
    )


def test_an_all_day_event_without_an_end_lasts_one_day_in_the_zone_it_names():
    body = calendar("DTSTART;VALUE=DATE;TZID=Asia/Tokyo:20270419")
    (period,) = read(body)
    assert (period.start_at, period.end_at) == (
        datetime(2027, 4, 18, 15, tzinfo=UTC),
        datetime(2027, 4, 19, 15, tzinfo=UTC),
    )


def test_google_feeds_with_x_wr_timezone_repeat_on_that_zones_wall_clock():
    # Google writes times in UTC and names the calendar's zone in X-WR-TIMEZONE: the weekly
    # 09:00 London meeting must stay 09:00 London after the clocks go forward on 28 March.
    body = calendar(
        "DTSTART:20270322T090000Z\nDTEND:20270322T100000Z\nRRULE:FREQ=WEEKLY;COUNT=3",
        header="X-WR-TIMEZONE:Europe/London\n",
    )
    assert local(read(body)) == ["2027-03-22 09:00-10:00", "2027-03-29 09:00-10:00", "2027-04-05 09:00-10:00"]


def test_floating_times_are_the_mentors_wall_clock():
    body = one_event("20270310T140000", "20270310T150000")
    assert local(read(body, zone=ZoneInfo("America/New_York")), ZoneInfo("America/New_York")) == [
        "2027-03-10 14:00-15:00"
    ]


@pytest.mark.parametrize(
    "extra",
    ["TRANSP:TRANSPARENT", "STATUS:CANCELLED", "X-MICROSOFT-CDO-BUSYSTATUS:FREE"],
)
def test_free_and_cancelled_events_block_nothing(extra):
    assert read(one_event("20270310T140000Z", "20270310T150000Z", extra)) == []


def test_only_events_overlapping_the_horizon_are_kept():
    body = calendar(
        "DTSTART:20270301T090000Z\nDTEND:20270301T100000Z",  # before the horizon
        "DTSTART:20270305T220000Z\nDTEND:20270306T020000Z",  # runs into it
        "DTSTART:20270601T090000Z\nDTEND:20270601T100000Z",  # after it
    )
    assert [(p.start_at, p.end_at) for p in read(body)] == [
        (datetime(2027, 3, 5, 22, tzinfo=UTC), datetime(2027, 3, 6, 2, tzinfo=UTC))
    ]


def test_a_rule_without_an_end_is_expanded_to_the_horizon_only():
    body = calendar("DTSTART:20270101T090000Z\nDTEND:20270101T093000Z\nRRULE:FREQ=DAILY")
    periods = read(body)
    assert len(periods) == 53  # 6 March to 27 April
    assert periods[0].start_at == datetime(2027, 3, 6, 9, tzinfo=UTC)
    assert periods[-1].start_at == datetime(2027, 4, 27, 9, tzinfo=UTC)


def test_an_event_without_an_end_or_duration_blocks_nothing_but_a_duration_does():
    body = calendar("DTSTART:20270310T140000Z", "DTSTART:20270311T140000Z\nDURATION:PT45M")
    assert local(read(body), ZoneInfo("UTC")) == ["2027-03-11 14:00-14:45"]


def test_a_rule_repeating_every_minute_is_left_out():
    body = calendar(
        "DTSTART:20270310T140000Z\nDTEND:20270310T140100Z\nRRULE:FREQ=MINUTELY",
        "DTSTART:20270311T140000Z\nDTEND:20270311T150000Z",
    )
    assert local(read(body), ZoneInfo("UTC")) == ["2027-03-11 14:00-15:00"]


@pytest.mark.parametrize(
    "body",
    [b"", b"<html><body>Sign in</body></html>", b"BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n", b"\x00\xff\xfe"],
)
def test_something_that_is_not_a_calendar_is_unreadable(body):
    with pytest.raises(ical.FeedUnreadable):
        read(body)
