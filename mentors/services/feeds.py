"""External busy calendars: a mentor's calendar feeds and the busy time they import.

A refresh fetches the feed with no transaction open (mentors.feeds bounds its size and time),
then writes in one short transaction: the feed's intervals are replaced only when what the
feed says has changed, and a failure keeps the last good intervals. The mentor hears about a
broken feed once per run of failures, not every 15 minutes.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.errors import ValidationFailed
from mentors import errors, feeds, ical
from mentors.models import BusyInterval, BusySource, CalendarFeed, MentorProfile
from mentors.services._common import _fail, availability_changed_on_commit
from messaging.services import notify

logger = logging.getLogger(__name__)

DEFAULT_HORIZON_DAYS = 90  # a mentor without a schedule yet: the default booking horizon
URL_MAX_LENGTH = CalendarFeed._meta.get_field("url").max_length
NAME_MAX_LENGTH = CalendarFeed._meta.get_field("name").max_length
ERROR_MAX_LENGTH = 1000


def feed_label(feed: CalendarFeed) -> str:
    """How a feed is named to people: its name, else its masked URL (never the secret path)."""
    return str(feed)


# --- adding and removing --------------------------------------------------------------------------


def calendar_feed_add(
    *, mentor: MentorProfile, url: str, name: str = "", refresh: bool = False
) -> CalendarFeed:
    """Add a feed URL (400 on `url` for a scheme or address we do not fetch, 409 for a duplicate
    or past CALENDAR_FEEDS_MAX_PER_MENTOR). With `refresh`, it is read once right away, after
    the feed is committed: call it outside any transaction then. A failed first read still
    leaves the feed, with its error, for the mentor to see."""
    url = feeds.normalize_url(url)
    if not url:
        raise _fail("url", "Paste your calendar's address (it ends in .ics in most apps).")
    if len(url) > URL_MAX_LENGTH:
        raise _fail("url", f"The address is longer than {URL_MAX_LENGTH} characters.")
    try:
        # The host is resolved here, before any transaction opens.
        url = feeds.check_feed_url(url)
    except feeds.FeedError as error:
        raise ValidationFailed(str(error), details={"url": [str(error)]}) from None
    name = (name or "").strip()[:NAME_MAX_LENGTH]
    with transaction.atomic():
        # The mentor row lock queues two adds of one mentor, so the limit holds when they race.
        MentorProfile.objects.select_for_update().filter(pk=mentor.pk).first()
        existing = CalendarFeed.objects.filter(mentor=mentor)
        if existing.filter(url=url).exists():
            raise errors.CalendarFeedExists(details={"url": ["You have already added this calendar."]})
        limit = settings.CALENDAR_FEEDS_MAX_PER_MENTOR
        if existing.count() >= limit:
            raise errors.CalendarFeedLimit(
                f"You can add at most {limit} calendars. Remove one to add another.",
                details={"reason": "feed_limit", "limit": limit},
            )
        try:
            with transaction.atomic():
                feed = CalendarFeed.objects.create(mentor=mentor, url=url, name=name)
        except IntegrityError:
            raise errors.CalendarFeedExists(
                details={"url": ["You have already added this calendar."]}
            ) from None
    if refresh:
        return calendar_feed_refresh(feed_id=feed.pk) or feed
    return feed


def calendar_feed_remove(*, mentor: MentorProfile, feed_id: uuid.UUID) -> None:
    """Remove one of the mentor's feeds; its busy intervals go with it (another mentor's is 404)."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(pk=feed_id, mentor=mentor).first()
        if feed is None:
            raise errors.CalendarFeedNotFound()
        freed = feed.busy_intervals.filter(is_live=True).exists()
        feed.delete()  # the intervals cascade
        if freed:
            availability_changed_on_commit(mentor.pk)


# --- refreshing -----------------------------------------------------------------------------------


def _horizon(feed: CalendarFeed, now: datetime) -> tuple[datetime, ZoneInfo]:
    """The end of the booking horizon and the zone whose days all-day events block."""
    schedule = getattr(feed.mentor, "schedule", None)
    days = schedule.max_advance_days if schedule is not None else DEFAULT_HORIZON_DAYS
    name = schedule.timezone if schedule is not None else feed.mentor.user.timezone
    try:
        zone = ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return now + timedelta(days=days), zone


def calendar_feed_refresh(*, feed_id: uuid.UUID, now: datetime | None = None) -> CalendarFeed | None:
    """Fetch one feed and store its busy time; returns the feed as stored (None if it was removed
    meanwhile). A failed fetch or parse is recorded on the feed, not raised. 404 for no feed."""
    now = now or timezone.now()
    feed = CalendarFeed.objects.select_related("mentor__user", "mentor__schedule").filter(pk=feed_id).first()
    if feed is None:
        raise errors.CalendarFeedNotFound()
    horizon_end, zone = _horizon(feed, now)
    # Conditional only while the stored intervals still reach (within a day) the horizon: a
    # feed that never changes must still have its recurring events rolled forward.
    conditional = feed.expanded_until is not None and feed.expanded_until >= horizon_end - timedelta(days=1)
    try:
        result = feeds.fetch(
            feed.url,
            etag=feed.etag if conditional else "",
            last_modified=feed.last_modified if conditional else "",
        )
        periods = None
        if not result.not_modified:
            periods = ical.busy_periods(result.body, start=now, end=horizon_end, zone=zone)
    except feeds.FeedError as error:
        return _refresh_failed(feed_id=feed.pk, message=str(error), now=now)
    except Exception:
        # A feed that trips the parser in a way it did not foresee must not stop the beat job
        # for every other feed: record it like any unreadable feed, and log it for us.
        logger.exception("calendar feed %s could not be read", feed.pk)
        return _refresh_failed(feed_id=feed.pk, message="The calendar could not be read.", now=now)
    return _refresh_succeeded(
        feed_id=feed.pk, result=result, periods=periods, horizon_end=horizon_end, now=now
    )


def _refresh_succeeded(
    *,
    feed_id: uuid.UUID,
    result: feeds.FetchResult,
    periods: list[ical.BusyPeriod] | None,
    horizon_end: datetime,
    now: datetime,
) -> CalendarFeed | None:
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(pk=feed_id).first()
        if feed is None:
            return None  # removed while we were fetching
        fields = [
            "last_fetched_at",
            "last_success_at",
            "last_error",
            "consecutive_failures",
            "error_notified_at",
        ]
        if periods is not None:  # a whole feed; None is a 304, which changes no interval
            stored = set(
                BusyInterval.objects.filter(feed=feed, is_live=True).values_list("start_at", "end_at")
            )
            wanted = {(p.start_at, p.end_at) for p in periods}
            if stored != wanted:
                BusyInterval.objects.filter(feed=feed).delete()
                BusyInterval.objects.bulk_create(
                    [
                        BusyInterval(
                            mentor_id=feed.mentor_id,
                            start_at=p.start_at,
                            end_at=p.end_at,
                            source=BusySource.EXTERNAL,
                            reference=f"feed:{feed.pk}",
                            feed=feed,
                        )
                        for p in periods
                    ]
                )
                availability_changed_on_commit(feed.mentor_id)
            feed.events_count = len(periods)
            feed.expanded_until = horizon_end
            feed.etag, feed.last_modified = result.etag[:255], result.last_modified[:100]
            fields += ["events_count", "expanded_until", "etag", "last_modified"]
        elif result.etag or result.last_modified:
            feed.etag = (result.etag or feed.etag)[:255]
            feed.last_modified = (result.last_modified or feed.last_modified)[:100]
            fields += ["etag", "last_modified"]
        feed.last_fetched_at = feed.last_success_at = now
        feed.last_error, feed.consecutive_failures, feed.error_notified_at = "", 0, None
        feed.save(update_fields=fields)
    return feed


def _refresh_failed(*, feed_id: uuid.UUID, message: str, now: datetime) -> CalendarFeed | None:
    with transaction.atomic():
        feed = (
            CalendarFeed.objects.select_for_update().select_related("mentor__user").filter(pk=feed_id).first()
        )
        if feed is None:
            return None
        feed.last_fetched_at = feed.last_error_at = now
        feed.last_error = message[:ERROR_MAX_LENGTH]
        feed.consecutive_failures += 1  # under the row lock: no lost update
        fields = ["last_fetched_at", "last_error_at", "last_error", "consecutive_failures"]
        if feed.error_notified_at is None:
            # One message per run of failures: the key names the run (it starts after the last
            # success), so a retried task cannot send it twice either.
            run = (feed.last_success_at or feed.created_at).isoformat()
            notify(
                user=feed.mentor.user,
                type="calendar_feed_failed",
                title=f"We could not read your calendar “{feed_label(feed)}”",
                body=f"{message} Until it works again, the busy times we last read from it stay "
                "blocked, and newer events in it do not block your slots. We keep trying every "
                f"{settings.CALENDAR_FEEDS_REFRESH_MINUTES} minutes.",
                action_url=reverse("mentors:calendars"),
                data={"feed_id": feed.pk, "error": feed.last_error},
                dedupe_key=f"calendar-feed-failed:{feed.pk}:{run}",
            )
            feed.error_notified_at = now
            fields.append("error_notified_at")
        feed.save(update_fields=fields)
    return feed


def calendar_feeds_claim_due(*, now: datetime | None = None, limit: int = 500) -> list[uuid.UUID]:
    """Active feeds due for a refresh, each claimed by stamping last_fetched_at with a conditional
    UPDATE: a second beat run or a doubled worker finds the stamp changed and leaves the feed,
    so one feed is fetched by one worker at a time. Oldest first, at most `limit` a run."""
    now = now or timezone.now()
    period = timedelta(minutes=settings.CALENDAR_FEEDS_REFRESH_MINUTES)
    # A beat that fires a little early still takes the feeds it stamped one period ago.
    due_before = now - period + min(timedelta(minutes=2), period / 4)
    due = (
        CalendarFeed.objects.filter(is_active=True)
        .filter(Q(last_fetched_at__isnull=True) | Q(last_fetched_at__lte=due_before))
        .order_by(F("last_fetched_at").asc(nulls_first=True), "pk")
        .values_list("pk", "last_fetched_at")[:limit]
    )
    claimed = []
    for pk, seen in list(due):
        unchanged = Q(last_fetched_at__isnull=True) if seen is None else Q(last_fetched_at=seen)
        if CalendarFeed.objects.filter(unchanged, pk=pk, is_active=True).update(last_fetched_at=now) == 1:
            claimed.append(pk)
    return claimed
