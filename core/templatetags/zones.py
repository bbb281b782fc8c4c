"""`{% load zones %}`: a time in the viewer's zone, with another person's local time alongside.

{% both_times booking.start_at mentor_tz %}
    -> <time datetime="...">09:00</time> your time · 15:00 in Berlin
{% both_times booking.start_at mentor_tz "l j F Y, H:i" %}
    -> the viewer's side in that format; the other side always "H:i" (or "D H:i" on another day)

When both zones show the same clock at that moment only the viewer's time is written.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from core import timezones

register = template.Library()


@register.simple_tag(takes_context=True)
def both_times(context, moment: datetime | None, other_zone: str | None, fmt: str = "H:i"):
    if moment is None:
        return ""
    request = context.get("request")
    viewer = timezones.viewer_zone(request) if request is not None else timezones.DEFAULT
    mine = moment.astimezone(zoneinfo.ZoneInfo(viewer))
    own = format_html(
        '<time datetime="{}">{}</time>',
        moment.astimezone(UTC).isoformat(),
        date_format(mine, fmt),
    )
    other_zone = timezones.normalize(other_zone)
    if other_zone is None or timezones.same_clock(moment, viewer, other_zone):
        return own
    theirs = moment.astimezone(zoneinfo.ZoneInfo(other_zone))
    other_fmt = "H:i" if theirs.date() == mine.date() else "D H:i"
    return format_html(
        '{} your time <span class="other-zone">· {} in {}</span>',
        own,
        date_format(theirs, other_fmt),
        timezones.place_name(other_zone),
    )


@register.simple_tag(takes_context=True)
def viewer_zone(context) -> str:
    request = context.get("request")
    return timezones.viewer_zone(request) if request is not None else timezones.DEFAULT
