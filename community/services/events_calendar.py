"""Events in calendars: an .ics file per event, and the events a person is going to in their
calendar feed (bookings owns the feed; community adds its entries through
bookings.calendar_entries). The online link is written only for people going."""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from bookings import calendar_entries as entries
from community.models.events import Event
from community.selectors import events as selectors

PRODID = "-//Mentora//Community events//EN"


def _vevent(event: Event, *, with_link: bool, stamp: datetime) -> icalendar.Event:
    page = settings.SITE_URL + reverse("community:event", args=[event.pk])
    lines = [event.description.strip()] if event.description.strip() else []
    if event.is_online and with_link and event.online_url:
        lines.append(f"Join online: {event.online_url}")
        location = event.online_url
    elif event.is_online:
        lines.append(f"Online. The link is on the event page for people going: {page}")
        location = "Online"
    else:
        location = event.location_text
    lines.append(f"Details: {page}")
    # A moved or cancelled event keeps its uid with a higher sequence: calendars update it.
    found = entries.entry(
        uid=f"event-{event.pk}",
        stamp=stamp,
        start=event.starts_at,
        end=event.ends_at,
        updated=event.updated_at,
        sequence=event.sequence,
        summary=event.title,
        url=page,
        description="\n\n".join(lines),
        status="CANCELLED" if event.is_cancelled else "CONFIRMED",
    )
    found.add("location", location)
    if not event.is_online:
        found.add("geo", (event.latitude, event.longitude))
    return found


def event_ics(*, event: Event, viewer) -> bytes:
    calendar = entries.calendar(event.title, prodid=PRODID)
    with_link = selectors.may_see_link(event, viewer)
    calendar.add_component(_vevent(event, with_link=with_link, stamp=timezone.now()))
    return calendar.to_ical()


def feed_entries(*, user, now: datetime, stamp: datetime) -> list[icalendar.Event]:
    """The events `user` is going to (registered with bookings' calendar feed)."""
    events = selectors.going_events_for(user=user, since=now - timedelta(days=entries.FEED_PAST_DAYS))
    return [_vevent(event, with_link=True, stamp=stamp) for event in events]
