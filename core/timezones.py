"""The viewer's time zone, in one place: every page shows times in it.

Whose zone: the signed-in user's saved one, else the one the browser reported (static/js/site.js
sets the `tz` cookie from Intl.DateTimeFormat().resolvedOptions().timeZone), else UTC. The
middleware activates it, so `{{ moment|date }}` and `{% now %}` render in it without a
`{% timezone %}` block, and `request.viewer_timezone` names it for views that compute days.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import cache
from urllib.parse import unquote

from django import forms
from django.http import HttpRequest
from django.utils import timezone

COOKIE_NAME = "tz"
DEFAULT = "UTC"
# Where the zone came from: the account, the browser (cookie) or nowhere (UTC).
ACCOUNT, BROWSER, UNKNOWN = "account", "browser", "default"


@cache
def zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@cache
def picker_names() -> list[str]:
    """The names a time-zone picker suggests: UTC and the canonical Region/City names (the
    legacy aliases such as "US/Eastern" or "Etc/GMT+5" are accepted when typed, not offered)."""
    regions = (
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    )
    return [DEFAULT, *sorted(name for name in zone_names() if name.split("/")[0] in regions)]


def user_zone(user, default: str = "UTC") -> zoneinfo.ZoneInfo:
    """The account's own zone, as a ZoneInfo; `default` when theirs is unset or unknown."""
    try:
        return zoneinfo.ZoneInfo(getattr(user, "timezone", "") or default)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(default)


def normalize(value: str | None) -> str | None:
    """The IANA name, or None when `value` is not one."""
    name = (value or "").strip()
    return name if name in zone_names() else None


def zone_for(request: HttpRequest) -> tuple[str, str]:
    """(zone name, where it came from) for this request."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        saved = normalize(getattr(user, "timezone", ""))
        if saved:
            return saved, ACCOUNT
    browser = normalize(unquote(request.COOKIES.get(COOKIE_NAME, "")))
    if browser:
        return browser, BROWSER
    return DEFAULT, UNKNOWN


def viewer_zone(request: HttpRequest) -> str:
    """The zone the middleware chose (or chooses now, for a request that skipped it)."""
    zone = getattr(request, "viewer_timezone", None)
    return zone or zone_for(request)[0]


def place_name(zone: str) -> str:
    """ "Europe/Berlin" -> "Berlin", "America/Argentina/Buenos_Aires" -> "Buenos Aires"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def same_clock(moment: datetime, zone_a: str, zone_b: str) -> bool:
    """Whether the two zones show the same wall-clock time at `moment`."""
    return (
        moment.astimezone(zoneinfo.ZoneInfo(zone_a)).utcoffset()
        == moment.astimezone(zoneinfo.ZoneInfo(zone_b)).utcoffset()
    )


class ViewerTimeZoneMiddleware:
    """Activates the viewer's zone for the request (after AuthenticationMiddleware: it reads the
    user). The API is skipped: it speaks UTC (ISO 8601 with offsets) whoever asks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path.startswith(("/api/", "/static/")):
            return self.get_response(request)
        zone, source = zone_for(request)
        request.viewer_timezone = zone
        request.viewer_timezone_source = source
        timezone.activate(zoneinfo.ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class TimeZoneField(forms.CharField):
    """A searchable IANA time-zone picker: a text input tied to a <datalist> of picker_names()
    (render it with {% include "includes/timezone_datalist.html" %}), checked here against every
    IANA name, so "Europe/Berlin" typed or picked passes and "Berlin" is refused with a hint."""

    default_error_messages = {"unknown": "Use an IANA time zone name, e.g. Europe/Berlin."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "list": "timezone-options",
                    "autocapitalize": "none",
                    "autocomplete": "off",
                    "spellcheck": "false",
                }
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and normalize(value) is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return (value or "").strip()
