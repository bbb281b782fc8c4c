"""An in-person event's time zone from its coordinates, offline (timezonefinder ships the
boundaries of every IANA zone). The finder loads its data once per process, on first use."""

from __future__ import annotations

from functools import cache

from core.timezones import normalize


@cache
def _finder():
    from timezonefinder import TimezoneFinder

    return TimezoneFinder()


def timezone_at(*, lat: float, lng: float) -> str:
    """The IANA zone at (lat, lng); at sea, the nautical zone (Etc/GMT+n), else UTC."""
    name = _finder().timezone_at(lat=lat, lng=lng)
    return normalize(name) or "UTC"
