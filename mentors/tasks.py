"""Celery tasks of mentors: load by id, call one function (STYLE.md)."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def refresh_mentor_embedding(mentor_id: str) -> bool:
    """Re-embed a mentor's profile text after an edit (queued on commit by mentors.receivers)."""
    from mentors import matching

    return matching.mentor_embedding_refresh(mentor_id=mentor_id)


@shared_task(ignore_result=True)
def refresh_calendar_feeds() -> int:
    """Beat, every CALENDAR_FEEDS_REFRESH_MINUTES: claim the feeds due for a refresh and queue one
    refresh each. A feed claimed here is not claimed again by a beat run that overlaps this one."""
    from mentors import services

    claimed = services.calendar_feeds_claim_due()
    for feed_id in claimed:
        refresh_calendar_feed.delay(str(feed_id))
    return len(claimed)


@shared_task(ignore_result=True)
def refresh_calendar_feed(feed_id: str) -> bool:
    """Fetch one feed and store its busy time. False if the feed was removed since it was queued."""
    from mentors import errors, services

    try:
        return services.calendar_feed_refresh(feed_id=feed_id) is not None
    except errors.CalendarFeedNotFound:
        return False


@shared_task(ignore_result=True)
def refresh_mentor_free_time(mentor_id: str) -> int:
    """Recompute one mentor's next open slot after their time changed (queued on commit)."""
    from mentors import services

    return services.free_time_refresh(mentor_ids=[mentor_id])


@shared_task(ignore_result=True)
def refresh_due_free_time() -> int:
    """Beat, every MENTORS_FREE_TIME_REFRESH_MINUTES: recompute the stalest next open slots (the
    window rolls forward, and a stored slot passes its booking notice), a batch at a time."""
    from mentors import services

    return services.free_time_refresh(mentor_ids=services.free_time_due())


@shared_task(ignore_result=True)
def normalize_mentor_prices(currencies: list[str]) -> int:
    """Recompute the base-currency rates of mentors charging in these currencies (rates changed)."""
    from mentors import services

    return services.mentor_prices_normalize(currencies=currencies)
