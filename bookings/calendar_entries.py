"""Entries that higher apps add to a person's calendar feed (DESIGN.md: bookings owns the feed
but may not import the apps above it). Each registers a provider in its AppConfig.ready; the feed
asks every provider for the feed owner's entries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

import icalendar

# provider(user=, now=, stamp=) -> the user's VEVENTs (from the last FEED_PAST_DAYS and ahead)
Provider = Callable[..., Iterable[icalendar.Event]]

_providers: list[Provider] = []


def register_feed_entries(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def feed_entries(*, user, now: datetime, stamp: datetime) -> list[icalendar.Event]:
    return [entry for provider in _providers for entry in provider(user=user, now=now, stamp=stamp)]
