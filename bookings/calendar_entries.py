"""Entries that higher apps add to a person's calendar feed (DESIGN.md: bookings owns the feed
but may not import the apps above it). Each registers a provider in its AppConfig.ready; the feed
asks every provider for the feed owner's entries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

import icalendar
from django.conf import settings

# A feed shows the last 30 days and everything ahead, whoever adds the entries.
FEED_PAST_DAYS = 30

# provider(user=, now=, stamp=) -> the user's VEVENTs (from the last FEED_PAST_DAYS and ahead)
Provider = Callable[..., Iterable[icalendar.Event]]

_providers: list[Provider] = []


def register_feed_entries(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def feed_entries(*, user, now: datetime, stamp: datetime) -> list[icalendar.Event]:
    return [entry for provider in _providers for entry in provider(user=user, now=now, stamp=stamp)]


def calendar(name: str, *, prodid: str) -> icalendar.Calendar:
    """An empty VCALENDAR that calendars treat as published (one per .ics file or feed)."""
    found = icalendar.Calendar()
    found.add("prodid", prodid)
    found.add("version", "2.0")
    found.add("calscale", "GREGORIAN")
    found.add("method", "PUBLISH")
    found.add("x-wr-calname", name)
    return found


def entry(
    *,
    uid: str,
    stamp: datetime,
    start: datetime,
    end: datetime,
    updated: datetime,
    sequence: int,
    summary: str,
    url: str,
    description: str,
    status: str,
) -> icalendar.Event:
    """One VEVENT in UTC. A moved or cancelled item keeps its uid and raises `sequence`, so a
    subscribed calendar updates the entry instead of adding another."""
    event = icalendar.Event()
    event.add("uid", f"{uid}@{settings.SITE_NAME.lower()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", end.astimezone(UTC))
    event.add("last-modified", updated.astimezone(UTC))
    event.add("sequence", sequence)
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("status", status)
    return event
