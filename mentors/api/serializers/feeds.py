"""External calendar feeds of the mentor (GET/POST /mentors/me/calendar-feeds)."""

from __future__ import annotations

from rest_framework import serializers

from mentors import feeds
from mentors.api.serializers.common import StrictInput


class ExternalCalendarFeedIn(StrictInput):
    url = serializers.CharField(
        max_length=2000,
        help_text="The calendar's secret iCalendar address (https://, http:// or webcal://), as "
        "Google, Outlook, Apple or a CalDAV server export it.",
    )
    name = serializers.CharField(
        max_length=120, required=False, allow_blank=True, default="", help_text='e.g. "Work".'
    )


class ExternalCalendarFeedOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    url = serializers.SerializerMethodField(
        help_text="Scheme and host only: the rest is the calendar's secret."
    )
    is_active = serializers.BooleanField()
    last_fetched_at = serializers.DateTimeField(allow_null=True, help_text="The last attempt, good or bad.")
    last_success_at = serializers.DateTimeField(allow_null=True, help_text="The last good read.")
    last_error = serializers.CharField(help_text="Why the last attempt failed; empty once it works again.")
    consecutive_failures = serializers.IntegerField()
    events_count = serializers.IntegerField(help_text="Busy events in the booking horizon, as last read.")
    created_at = serializers.DateTimeField()

    def get_url(self, feed) -> str:
        return feeds.mask_url(feed.url)
