"""/mentors/me/calendar-feeds: a mentor's external calendars, and nobody else's."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentors.models import BusyInterval, CalendarFeed, MentorStatus
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.mentors.factories import CalendarFeedFactory, MentorFactory, mentor_with_weekly_hours
from tests.mentors.ics import one_event

URL = "/api/v1/mentors/me/calendar-feeds"
NOW = datetime(2027, 3, 6, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_mentor_adds_a_feed_and_it_is_read_at_once(feed_server, allow_private_feeds):
    mentor = mentor_with_weekly_hours(status=MentorStatus.DRAFT)
    url = feed_server.serve("/private-token/basic.ics", one_event("20270308T090000Z", "20270308T100000Z"))
    response = client_for(mentor.user).post(URL, {"url": url, "name": "Work"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "Work" and body["url"] == f"http://127.0.0.1:{feed_server.port}/…"
    assert "private-token" not in str(body)
    assert (body["events_count"], body["last_error"], body["consecutive_failures"]) == (1, "", 0)
    assert body["last_success_at"] == "2027-03-06T00:00:00Z" and body["is_active"] is True
    assert BusyInterval.objects.filter(mentor=mentor, feed_id=body["id"]).count() == 1


def test_a_feed_whose_first_read_fails_is_still_added_with_its_error(feed_server, allow_private_feeds):
    mentor = MentorFactory()
    url = feed_server.serve("/broken.ics", "nope", status=404)
    response = client_for(mentor.user).post(URL, {"url": url}, format="json")
    assert response.status_code == 201
    assert "HTTP 404" in response.json()["last_error"] and response.json()["last_success_at"] is None
    assert CalendarFeed.objects.filter(mentor=mentor).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "url"),
        ({"url": ""}, "url"),
        ({"url": "ftp://calendar.example.test/a.ics"}, "url"),
        ({"url": "http://127.0.0.1/a.ics"}, "url"),
        ({"url": "http://localhost:8000/a.ics"}, "url"),
        ({"url": "http://10.0.0.1/a.ics"}, "url"),
        ({"url": "http://169.254.169.254/latest/meta-data/"}, "url"),
        ({"url": "http://[::1]/a.ics"}, "url"),
        ({"url": "https://x.test/" + "a" * 2000}, "url"),
        ({"url": "https://calendar.example.test/a.ics", "name": "x" * 121}, "name"),
        ({"url": "https://calendar.example.test/a.ics", "etag": "x"}, "etag"),
    ],
)
def test_bad_input_is_a_validation_error_and_nothing_is_saved(settings, body, field):
    settings.CALENDAR_FEEDS_ALLOW_PRIVATE = False  # production's value
    mentor = MentorFactory()
    response = client_for(mentor.user).post(URL, body, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["error"] == "VALIDATION_ERROR" and field in response.json()["details"]
    assert not CalendarFeed.objects.exists()


def test_the_same_calendar_twice_is_a_conflict(allow_private_feeds):
    mentor = MentorFactory()
    CalendarFeedFactory(mentor=mentor, url="http://127.0.0.1:9/a.ics")
    response = client_for(mentor.user).post(URL, {"url": "http://127.0.0.1:9/a.ics"}, format="json")
    assert response.status_code == 409 and response.json()["error"] == "CONFLICT"


def test_past_the_limit_a_new_feed_is_a_conflict(allow_private_feeds, settings):
    mentor = MentorFactory()
    CalendarFeedFactory.create_batch(settings.CALENDAR_FEEDS_MAX_PER_MENTOR, mentor=mentor)
    response = client_for(mentor.user).post(URL, {"url": "http://127.0.0.1:9/one-more.ics"}, format="json")
    assert response.status_code == 409
    assert response.json()["details"] == {
        "reason": "feed_limit",
        "limit": settings.CALENDAR_FEEDS_MAX_PER_MENTOR,
    }


def test_the_list_shows_only_your_feeds_with_their_sync_state_and_masked_urls():
    mentor = MentorFactory()
    mine = CalendarFeedFactory(mentor=mentor, last_error="The calendar server answered HTTP 500.")
    CalendarFeedFactory(name="Someone else's")
    body = client_for(mentor.user).get(URL).json()
    assert (body["total"], body["page"], body["pages"]) == (1, 1, 1)
    (item,) = body["items"]
    assert item["id"] == str(mine.pk) and item["url"] == "https://calendar.example.test/…"
    assert set(item) == {
        "id",
        "name",
        "url",
        "is_active",
        "last_fetched_at",
        "last_success_at",
        "last_error",
        "consecutive_failures",
        "events_count",
        "created_at",
    }
    assert item["last_error"] == "The calendar server answered HTTP 500." and item["created_at"].endswith("Z")


@pytest.mark.parametrize("count", [5, 50])
def test_the_feed_list_runs_a_fixed_number_of_queries(count):
    mentor = MentorFactory()
    CalendarFeedFactory.create_batch(count, mentor=mentor)
    client = client_for(mentor.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"limit": 100})
    assert len(response.json()["items"]) == count
    assert len(queries) == 4  # user, profile, count, page


def test_removing_a_feed_is_204_and_frees_its_time():
    mentor = MentorFactory()
    feed = CalendarFeedFactory(mentor=mentor)
    BusyInterval.objects.create(
        mentor=mentor,
        start_at=datetime(2027, 3, 8, 9, tzinfo=UTC),
        end_at=datetime(2027, 3, 8, 10, tzinfo=UTC),
        source="external",
        feed=feed,
        reference=f"feed:{feed.pk}",
    )
    assert client_for(mentor.user).delete(f"{URL}/{feed.pk}").status_code == 204
    assert not CalendarFeed.objects.exists() and not BusyInterval.objects.exists()


def test_refresh_reads_the_feed_again_and_returns_it(feed_server, allow_private_feeds):
    mentor = MentorFactory()
    feed = CalendarFeedFactory(mentor=mentor, url=feed_server.serve("/a.ics", "garbage"))
    response = client_for(mentor.user).post(f"{URL}/{feed.pk}/refresh")
    assert response.status_code == 200
    assert response.json()["id"] == str(feed.pk) and "could not be read" in response.json()["last_error"]
    assert response.json()["consecutive_failures"] == 1


def test_another_mentors_feed_is_not_found_and_stays_untouched(feed_server, allow_private_feeds):
    feed = CalendarFeedFactory(
        url=feed_server.serve("/theirs.ics", one_event("20270308T090000Z", "20270308T100000Z"))
    )
    client = client_for(MentorFactory().user)
    assert client.delete(f"{URL}/{feed.pk}").status_code == 404
    refresh = client.post(f"{URL}/{feed.pk}/refresh")
    assert refresh.status_code == 404 and refresh.json()["error"] == "NOT_FOUND"
    assert CalendarFeed.objects.filter(pk=feed.pk).exists() and feed_server.requests == []


def test_a_learner_without_a_mentor_profile_gets_404():
    client = client_for(UserFactory())
    feed = CalendarFeedFactory()
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"url": "https://calendar.example.test/a.ics"}, format="json").status_code == 404
    assert client.delete(f"{URL}/{feed.pk}").status_code == 404
    assert client.post(f"{URL}/{feed.pk}/refresh").status_code == 404
