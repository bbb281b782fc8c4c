"""Events in calendars: an .ics file per event, and the events a person is going to in their
calendar feed (bookings owns the feed; community adds its entries through
bookings.calendar_entries). The online link is written only for people going."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from community.models.events import Event
from community.selectors import events as selectors

PRODID = "-//Mentora//Community events//EN"
FEED_PAST_DAYS = 30


def _vevent(event: Event, *, with_link: bool, stamp: datetime) -> icalendar.Event:
    page = settings.SITE_URL + reverse("community:event", args=[event.pk])
    entry = icalendar.Event()
    entry.add("uid", f"event-{event.pk}@{settings.SITE_NAME.lower()}")
    entry.add("dtstamp", stamp)
    entry.add("dtstart", event.starts_at.astimezone(UTC))
    entry.add("dtend", event.ends_at.astimezone(UTC))
    entry.add("last-modified", event.updated_at.astimezone(UTC))
    # A moved or cancelled event is the same entry with a higher sequence: calendars update it.
    entry.add("sequence", event.sequence)
    entry.add("summary", event.title)
    lines = [event.description.strip()] if event.description.strip() else []
    if event.is_online:
        if with_link and event.online_url:
            lines.append(f"Join online: {event.online_url}")
            entry.add("location", event.online_url)
        else:
            lines.append(f"Online. The link is on the event page for people going: {page}")
            entry.add("location", "Online")
    else:
        entry.add("location", event.location_text)
        entry.add("geo", (event.latitude, event.longitude))
    lines.append(f"Details: {page}")
    entry.add("description", "\n\n".join(lines))
    entry.add("url", page)
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return entry


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def event_ics(*, event: Event, viewer) -> bytes:
    calendar = _calendar(event.title)
    with_link = selectors.may_see_link(event, viewer)
    calendar.add_component(_vevent(event, with_link=with_link, stamp=timezone.now()))
    return calendar.to_ical()


def feed_entries(*, user, now: datetime, stamp: datetime) -> list[icalendar.Event]:
    """The events `user` is going to (registered with bookings' calendar feed)."""
    events = selectors.going_events_for(user=user, since=now - timedelta(days=FEED_PAST_DAYS))
    return [_vevent(event, with_link=True, stamp=stamp) for event in events]
