"""Reading a fetched iCalendar feed into the busy periods it gives a mentor.

Recurring events are expanded over the booking horizon by recurring_ical_events (RRULE, RDATE,
EXDATE, and RECURRENCE-ID overrides, each occurrence in its own TZID, so a weekly 09:00 event
stays 09:00 where it was written across DST changes). Feeds that state their zone only as
X-WR-TIMEZONE (Google) are made standard first. What does not make the mentor busy is left out:
transparent (free) events and cancelled events or occurrences. An all-day event blocks whole days
in the mentor's zone (or the zone the event names). Only start and end leave this module: no
title or description of a mentor's private events is kept.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import recurring_ical_events
import x_wr_timezone

from mentors.feeds import FeedError
from mentors.slots import window_start_utc

# A feed is one person's calendar: far more than this in one booking horizon is not a calendar
# we can store as busy time, and stopping here bounds the work a hostile feed can cause.
MAX_EVENTS = 5000
MAX_OCCURRENCES = 20_000
# Rules that repeat every second or minute come from no calendar app and would expand into
# millions of occurrences; such series are left out.
TOO_FREQUENT = {"SECONDLY", "MINUTELY"}


class FeedUnreadable(FeedError):
    pass


@dataclass(frozen=True, order=True)
class BusyPeriod:
    start_at: datetime  # UTC
    end_at: datetime  # UTC


def _zone(name) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(str(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _parse(body: bytes) -> icalendar.Calendar:
    try:
        # Bytes, never str: icalendar would take a one-line str for a file path to read.
        calendar = icalendar.Calendar.from_ical(bytes(body))
    except (ValueError, KeyError, IndexError, TypeError, UnicodeError):
        raise FeedUnreadable("The calendar could not be read: this is not iCalendar data.") from None
    if getattr(calendar, "name", "") != "VCALENDAR":
        raise FeedUnreadable("The calendar could not be read: it holds no VCALENDAR.")
    return calendar


def _standard(calendar: icalendar.Calendar) -> icalendar.Calendar:
    declared = calendar.get("X-WR-TIMEZONE")
    if declared is None:
        return calendar
    zone = _zone(declared)
    if zone is None:  # an unknown X-WR-TIMEZONE: keep the times as the feed wrote them
        return calendar
    return x_wr_timezone.to_standard(calendar, timezone=zone)


def _prepare(calendar: icalendar.Calendar) -> dict[str, zoneinfo.ZoneInfo]:
    """Drop series we do not expand; return the zone some feeds put on all-day events (TZID on a
    DATE start is not standard, but it says whose days the event blocks)."""
    day_zones: dict[str, zoneinfo.ZoneInfo] = {}
    events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    if len(events) > MAX_EVENTS:
        raise FeedUnreadable(f"The calendar has more than {MAX_EVENTS} events; we cannot use it.")
    for event in events:
        rule = event.get("RRULE")
        frequencies = {str(f).upper() for f in (rule.get("FREQ", []) if rule else [])}
        if frequencies & TOO_FREQUENT:
            calendar.subcomponents.remove(event)
            continue
        start = event.get("DTSTART")
        params = getattr(start, "params", {})
        zone = _zone(params["TZID"]) if start is not None and params.get("TZID") else None
        if zone is not None and str(params.get("VALUE", "")).upper() == "DATE":
            # icalendar reads such a value as midnight in that zone; it means whole days there.
            day_zones[str(event.get("UID", ""))] = zone
            for name in ("DTSTART", "DTEND"):
                value = event.get(name)
                if value is not None and isinstance(value.dt, datetime):
                    event[name] = icalendar.vDDDTypes(value.dt.date())
    return day_zones


def _utc(value: date | datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # floating time: the mentor's wall clock
            return window_start_utc(value.date(), value.time(), zone)
        return value.astimezone(UTC)
    return window_start_utc(value, time.min, zone)


def _period(event, zone: zoneinfo.ZoneInfo, day_zones: dict) -> BusyPeriod | None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return None
    if str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper() == "FREE":
        return None
    start_prop = event.get("DTSTART")
    if start_prop is None:
        return None
    start = start_prop.dt
    end_prop = event.get("DTEND")
    end = end_prop.dt if end_prop is not None else None
    if isinstance(start, datetime):
        if end is None:
            return None  # no end and no duration: an instant, which blocks nothing
        if not isinstance(end, datetime):
            end = datetime.combine(end, time.min, tzinfo=start.tzinfo)
    else:
        zone = day_zones.get(str(event.get("UID", "")), zone)
        if end is None or isinstance(end, datetime) or end <= start:
            end = start + timedelta(days=1)
    start_at, end_at = _utc(start, zone), _utc(end, zone)
    if end_at <= start_at:
        return None
    return BusyPeriod(start_at, end_at)


def busy_periods(body: bytes, *, start: datetime, end: datetime, zone: zoneinfo.ZoneInfo) -> list[BusyPeriod]:
    """The busy periods of the feed that overlap [start, end), in UTC, in order, each once.

    `zone` is the mentor's: it places all-day events and floating times. Raises FeedUnreadable.
    """
    calendar = _standard(_parse(body))
    day_zones = _prepare(calendar)
    try:
        query = recurring_ical_events.of(calendar, skip_bad_series=True)
        found: set[BusyPeriod] = set()
        for walked, event in enumerate(query.after(start.astimezone(UTC)), start=1):
            # Occurrences come in order of their start, so one well past the horizon ends the
            # walk (a rule without an end repeats for ever). The day of slack covers all-day
            # events, which the library orders by their date rather than by our zone's midnight.
            first = event.get("DTSTART")
            if first is not None and _utc(first.dt, zone) >= end + timedelta(days=1):
                break
            if walked > MAX_OCCURRENCES:
                raise FeedUnreadable(
                    f"The calendar has more than {MAX_OCCURRENCES} events in the booking horizon."
                )
            period = _period(event, zone, day_zones)
            if period is not None and period.start_at < end and period.end_at > start:
                found.add(period)
    except FeedUnreadable:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, icalendar.InvalidCalendar):
        raise FeedUnreadable("The calendar could not be read: an event in it is malformed.") from None
    return sorted(found)
