"""Calendar feeds end to end against a local HTTP server: what they block, 304s, failures, adding."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.errors import ValidationFailed
from mentors import selectors, services, tasks
from mentors.errors import CalendarFeedExists, CalendarFeedLimit, CalendarFeedNotFound, SlotNotAvailable
from mentors.models import BusyInterval, BusySource, CalendarFeed
from mentors.signals import availability_changed
from messaging.models import Notification
from tests.concurrency import run_together
from tests.mentors.factories import mentor_with_weekly_hours
from tests.mentors.ics import WEEKLY_ACROSS_DST, crlf, one_event

NOW = datetime(2027, 3, 6, 0, 0, tzinfo=UTC)  # a Saturday, before both DST changes
LONDON = ZoneInfo("Europe/London")
GOOD = one_event("20270308T140000Z", "20270308T150000Z")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def heard():
    received = []

    def listener(sender, mentor_id, **kwargs):
        received.append(mentor_id)

    availability_changed.connect(listener)
    yield received
    availability_changed.disconnect(listener)


def london_mentor():
    """Free 09:00-12:00 London time every Monday, bookable up to 60 days ahead."""
    return mentor_with_weekly_hours(tz="Europe/London", days=[0], start=9, end=12)


def monday_hours(mentor) -> dict[str, list[int]]:
    found = selectors.slots_for_mentor(
        mentor=selectors.mentor_bookable_get(mentor_id=mentor.pk), start=NOW, end=NOW + timedelta(days=55)
    )
    days: dict[str, list[int]] = {}
    for slot in found:
        local = slot.start_at.astimezone(LONDON)
        days.setdefault(f"{local:%m-%d}", []).append(local.hour)
    return days


def add(mentor, url, **kwargs):
    return services.calendar_feed_add(mentor=mentor, url=url, refresh=True, **kwargs)


# --- what a feed blocks ---------------------------------------------------------------------------


def test_a_weekly_event_with_exceptions_removes_exactly_its_slots_across_dst(
    feed_server, allow_private_feeds
):
    mentor = london_mentor()
    feed = add(mentor, feed_server.serve("/work.ics", crlf(WEEKLY_ACROSS_DST)), name="Work")

    assert feed.last_error == "" and feed.events_count == 8  # to 5 May, 60 days ahead
    assert monday_hours(mentor) == {
        "03-08": [9, 11],  # 10:00 London: New York and London both on winter time
        "03-15": [10, 11],  # 09:00 London: New York has moved its clocks, London not yet
        "03-22": [9, 10, 11],  # the exception date
        "03-29": [9, 10, 11],  # the cancelled occurrence
        "04-05": [9, 10],  # the occurrence moved to 11:00
        "04-12": [9, 11],  # 10:00 again; the transparent event at 09:00 blocks nothing
        # 19 April: the all-day bank holiday leaves no slot at all
        "04-26": [9, 11],
    }
    intervals = BusyInterval.objects.filter(feed=feed)
    assert {(b.source, b.reference, b.session_start_at) for b in intervals} == {
        (BusySource.EXTERNAL, f"feed:{feed.pk}", None)
    }


def test_a_busy_external_event_makes_slot_reserve_refuse_that_time(feed_server, allow_private_feeds):
    mentor = london_mentor()
    add(mentor, feed_server.serve("/work.ics", crlf(WEEKLY_ACROSS_DST)))
    with pytest.raises(SlotNotAvailable) as caught:
        services.slot_reserve(
            mentor=mentor, start_at=datetime(2027, 3, 8, 10, tzinfo=UTC), duration_minutes=60
        )
    assert caught.value.details == {"reason": "external"}


def test_a_304_changes_nothing(feed_server, allow_private_feeds, heard, django_capture_on_commit_callbacks):
    mentor = london_mentor()
    url = feed_server.serve("/work.ics", crlf(WEEKLY_ACROSS_DST), etag='"v1"')
    with django_capture_on_commit_callbacks(execute=True):
        feed = add(mentor, url)
    before = set(BusyInterval.objects.filter(feed=feed).values_list("pk", "start_at", "end_at"))
    assert heard == [mentor.pk]

    with django_capture_on_commit_callbacks(execute=True):
        again = services.calendar_feed_refresh(feed_id=feed.pk, now=NOW + timedelta(minutes=15))

    assert feed_server.requests[-1].headers["if-none-match"] == '"v1"'
    assert set(BusyInterval.objects.filter(feed=feed).values_list("pk", "start_at", "end_at")) == before
    assert (again.events_count, again.etag, again.last_error) == (8, '"v1"', "")
    assert again.last_success_at == NOW + timedelta(minutes=15)
    assert heard == [mentor.pk]  # nothing changed, nothing announced


def test_an_unchanged_full_reply_rewrites_nothing_and_announces_nothing(
    feed_server, allow_private_feeds, heard, django_capture_on_commit_callbacks
):
    mentor = london_mentor()
    url = feed_server.serve("/work.ics", GOOD)  # no ETag: every refresh reads it whole
    feed = add(mentor, url)
    before = set(BusyInterval.objects.filter(feed=feed).values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_feed_refresh(feed_id=feed.pk)
    assert set(BusyInterval.objects.filter(feed=feed).values_list("pk", flat=True)) == before
    assert heard == []


def test_once_the_horizon_moves_a_day_the_whole_feed_is_read_again(feed_server, allow_private_feeds):
    mentor = london_mentor()
    feed = add(mentor, feed_server.serve("/work.ics", crlf(WEEKLY_ACROSS_DST), etag='"v1"'))
    services.calendar_feed_refresh(feed_id=feed.pk, now=NOW + timedelta(hours=23))
    assert feed_server.requests[-1].headers.get("if-none-match") == '"v1"'
    services.calendar_feed_refresh(feed_id=feed.pk, now=NOW + timedelta(days=2))
    assert "if-none-match" not in feed_server.requests[-1].headers
    feed.refresh_from_db()
    assert feed.expanded_until == NOW + timedelta(days=2 + 60)


def test_a_changed_feed_replaces_its_intervals_and_announces_it(
    feed_server, allow_private_feeds, heard, django_capture_on_commit_callbacks
):
    mentor = london_mentor()
    feed = add(mentor, feed_server.serve("/work.ics", GOOD))
    feed_server.serve("/work.ics", one_event("20270315T090000Z", "20270315T100000Z"))
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_feed_refresh(feed_id=feed.pk)
    assert list(BusyInterval.objects.filter(feed=feed).values_list("start_at", flat=True)) == [
        datetime(2027, 3, 15, 9, tzinfo=UTC)
    ]
    assert heard == [mentor.pk]


# --- a broken feed --------------------------------------------------------------------------------


def test_a_broken_feed_keeps_its_last_intervals_logs_the_error_and_tells_the_mentor_once(
    feed_server, allow_private_feeds, django_capture_on_commit_callbacks
):
    mentor = london_mentor()
    feed = add(mentor, feed_server.serve("/work.ics", crlf(WEEKLY_ACROSS_DST)), name="Work")
    kept = set(BusyInterval.objects.filter(feed=feed).values_list("start_at", "end_at"))

    feed_server.serve("/work.ics", "Internal error", status=500)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.calendar_feed_refresh(feed_id=feed.pk, now=NOW + timedelta(minutes=15))
    assert "HTTP 500" in first.last_error and first.consecutive_failures == 1
    assert first.last_error_at == NOW + timedelta(minutes=15) and first.last_success_at == NOW

    feed_server.serve("/work.ics", "<html>this is not a calendar</html>")
    with django_capture_on_commit_callbacks(execute=True):
        second = services.calendar_feed_refresh(feed_id=feed.pk, now=NOW + timedelta(minutes=30))
    assert "could not be read" in second.last_error and second.consecutive_failures == 2

    assert set(BusyInterval.objects.filter(feed=feed).values_list("start_at", "end_at")) == kept
    (notice,) = Notification.objects.filter(user=mentor.user, type="calendar_feed_failed")
    assert "Work" in notice.title and "HTTP 500" in notice.body
    assert notice.action_url == "/mentors/me/calendars/"
    assert notice.data["feed_id"] == str(feed.pk)


def test_a_feed_that_works_again_clears_its_error_and_a_new_failure_is_told_again(
    feed_server, allow_private_feeds
):
    mentor = london_mentor()
    url = feed_server.serve("/work.ics", "down", status=503)
    feed = add(mentor, url)
    assert feed.consecutive_failures == 1 and feed.error_notified_at is not None

    feed_server.serve("/work.ics", GOOD)
    healed = services.calendar_feed_refresh(feed_id=feed.pk, now=NOW + timedelta(minutes=15))
    assert (healed.last_error, healed.consecutive_failures, healed.error_notified_at) == ("", 0, None)

    feed_server.serve("/work.ics", "down", status=503)
    services.calendar_feed_refresh(feed_id=feed.pk, now=NOW + timedelta(minutes=30))
    assert Notification.objects.filter(user=mentor.user, type="calendar_feed_failed").count() == 2


def test_an_oversized_feed_fails_cleanly_and_keeps_what_it_had(feed_server, allow_private_feeds, settings):
    mentor = london_mentor()
    feed = add(mentor, feed_server.serve("/work.ics", GOOD))
    settings.CALENDAR_FEEDS_MAX_BYTES = 1024
    feed_server.serve("/work.ics", GOOD + b" " * 5000, content_length=False)
    failed = services.calendar_feed_refresh(feed_id=feed.pk)
    assert "larger than 1 kB" in failed.last_error
    assert BusyInterval.objects.filter(feed=feed).count() == 1


def test_a_feed_that_now_redirects_to_a_private_address_fails_without_following(
    feed_server, allow_private_feeds, settings
):
    mentor = london_mentor()
    feed = add(mentor, feed_server.serve("/work.ics", GOOD))
    settings.CALENDAR_FEEDS_ALLOW_PRIVATE = False
    failed = services.calendar_feed_refresh(feed_id=feed.pk)
    assert "non-public address" in failed.last_error
    assert BusyInterval.objects.filter(feed=feed).count() == 1


# --- adding and removing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/calendar.ics",
        "http://10.0.0.8/calendar.ics",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/calendar.ics",
        "http://localhost/calendar.ics",
    ],
)
def test_a_feed_on_a_private_address_is_refused_with_production_settings(settings, url):
    settings.CALENDAR_FEEDS_ALLOW_PRIVATE = False
    mentor = london_mentor()
    with pytest.raises(ValidationFailed) as caught:
        services.calendar_feed_add(mentor=mentor, url=url, refresh=True)
    assert caught.value.code == "VALIDATION_ERROR" and "url" in caught.value.details
    assert not CalendarFeed.objects.exists()


def test_the_same_calendar_twice_is_a_conflict_and_the_limit_holds(allow_private_feeds, settings):
    settings.CALENDAR_FEEDS_MAX_PER_MENTOR = 2
    mentor = london_mentor()
    services.calendar_feed_add(mentor=mentor, url="http://127.0.0.1:9/a.ics")
    with pytest.raises(CalendarFeedExists):
        services.calendar_feed_add(mentor=mentor, url="http://127.0.0.1:9/a.ics")
    services.calendar_feed_add(mentor=mentor, url="webcal://127.0.0.1:9/b.ics")
    with pytest.raises(CalendarFeedLimit) as caught:
        services.calendar_feed_add(mentor=mentor, url="http://127.0.0.1:9/c.ics")
    assert caught.value.status_code == 409 and caught.value.details["limit"] == 2
    assert sorted(CalendarFeed.objects.values_list("url", flat=True)) == [
        "http://127.0.0.1:9/a.ics",
        "https://127.0.0.1:9/b.ics",
    ]


def test_a_failed_first_read_still_adds_the_feed_with_its_error(allow_private_feeds):
    mentor = london_mentor()
    feed = services.calendar_feed_add(mentor=mentor, url="http://127.0.0.1:1/closed.ics", refresh=True)
    assert CalendarFeed.objects.filter(pk=feed.pk).exists()
    assert "Could not connect" in feed.last_error and feed.last_success_at is None


def test_removing_a_feed_frees_its_time_and_announces_it(
    feed_server, allow_private_feeds, heard, django_capture_on_commit_callbacks
):
    mentor = london_mentor()
    feed = add(mentor, feed_server.serve("/work.ics", crlf(WEEKLY_ACROSS_DST)))
    assert monday_hours(mentor)["03-08"] == [9, 11]
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_feed_remove(mentor=mentor, feed_id=feed.pk)
    assert not BusyInterval.objects.filter(source=BusySource.EXTERNAL).exists()
    assert monday_hours(mentor)["03-08"] == [9, 10, 11]
    assert heard == [mentor.pk]


def test_another_mentors_feed_cannot_be_removed(allow_private_feeds):
    owner, other = london_mentor(), london_mentor()
    feed = services.calendar_feed_add(mentor=owner, url="http://127.0.0.1:9/a.ics")
    with pytest.raises(CalendarFeedNotFound):
        services.calendar_feed_remove(mentor=other, feed_id=feed.pk)
    assert CalendarFeed.objects.filter(pk=feed.pk).exists()


# --- the beat job ---------------------------------------------------------------------------------


def test_the_beat_job_refreshes_due_feeds_once_and_leaves_fresh_ones(feed_server, allow_private_feeds):
    mentor = london_mentor()
    due = services.calendar_feed_add(mentor=mentor, url=feed_server.serve("/due.ics", GOOD))
    fresh = services.calendar_feed_add(mentor=mentor, url=feed_server.serve("/fresh.ics", GOOD))
    paused = services.calendar_feed_add(mentor=mentor, url=feed_server.serve("/paused.ics", GOOD))
    CalendarFeed.objects.filter(pk=fresh.pk).update(last_fetched_at=NOW - timedelta(minutes=5))
    CalendarFeed.objects.filter(pk=paused.pk).update(is_active=False)

    assert tasks.refresh_calendar_feeds() == 1  # the task runs eagerly in tests
    assert [seen.path for seen in feed_server.requests] == ["/due.ics"]
    due.refresh_from_db()
    assert due.last_success_at == NOW and due.events_count == 1
    assert tasks.refresh_calendar_feeds() == 0  # just stamped: not due again for 15 minutes


def test_a_feed_fetched_one_period_ago_is_due_again(allow_private_feeds, frozen_clock):
    mentor = london_mentor()
    feed = services.calendar_feed_add(mentor=mentor, url="http://127.0.0.1:9/a.ics")
    assert services.calendar_feeds_claim_due() == [feed.pk]
    assert services.calendar_feeds_claim_due() == []
    frozen_clock.shift(timedelta(minutes=14, seconds=30))  # a beat firing a little early
    assert services.calendar_feeds_claim_due() == [feed.pk]


def test_a_refresh_task_for_a_removed_feed_does_nothing():
    assert tasks.refresh_calendar_feed("00000000-0000-4000-8000-000000000099") is False


@pytest.mark.django_db(transaction=True)
def test_overlapping_beat_runs_claim_each_due_feed_once(allow_private_feeds):
    mentor = london_mentor()
    ids = {services.calendar_feed_add(mentor=mentor, url=f"http://127.0.0.1:9/{n}.ics").pk for n in range(5)}

    runs = run_together(lambda _: services.calendar_feeds_claim_due(), range(4))

    assert all(isinstance(run, list) for run in runs), runs
    claimed = [pk for run in runs for pk in run]
    assert sorted(claimed) == sorted(ids)  # every feed once, none twice
