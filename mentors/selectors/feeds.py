"""Reads of a mentor's external calendar feeds and the busy time imported from them."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db.models import QuerySet

from mentors import errors
from mentors.models import (
    BusyInterval,
    BusySource,
    CalendarFeed,
    MentorProfile,
)


def calendar_feeds_for_owner(*, mentor: MentorProfile) -> QuerySet[CalendarFeed]:
    """The mentor's own feeds, oldest first: one query a page, whatever the feeds hold."""
    return CalendarFeed.objects.filter(mentor=mentor).order_by("created_at", "pk")


def calendar_feed_get_for_owner(*, mentor: MentorProfile, feed_id: uuid.UUID) -> CalendarFeed:
    """Only the caller's own feed; another mentor's id is simply not found."""
    feed = CalendarFeed.objects.filter(pk=feed_id, mentor=mentor).first()
    if feed is None:
        raise errors.CalendarFeedNotFound()
    return feed


def external_busy_for_owner(*, mentor: MentorProfile, start: datetime, end: datetime) -> list[BusyInterval]:
    """The imported calendar events that overlap [start, end), with their feed: one query."""
    return list(
        BusyInterval.objects.filter(
            mentor=mentor, source=BusySource.EXTERNAL, is_live=True, start_at__lt=end, end_at__gt=start
        )
        .select_related("feed")
        .order_by("start_at", "end_at", "pk")
    )
