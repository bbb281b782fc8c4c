"""The Django admin of calendar feeds: last sync and errors at a glance, and "read again now"."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from mentors.models import CalendarFeed
from tests.factories import UserFactory
from tests.mentors.factories import CalendarFeedFactory
from tests.mentors.ics import one_event

NOW = datetime(2027, 3, 6, tzinfo=UTC)
CHANGELIST = "/admin/mentors/calendarfeed/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_list_shows_sync_state_but_never_the_secret_part_of_a_url(admin_client):
    feed = CalendarFeedFactory(name="", url="https://calendar.example.test/private-abc123/basic.ics")
    CalendarFeed.objects.filter(pk=feed.pk).update(last_error="The calendar server answered HTTP 500.")
    listing = admin_client.get(CHANGELIST).content.decode()
    detail = admin_client.get(f"{CHANGELIST}{feed.pk}/change/").content.decode()
    assert "https://calendar.example.test/…" in listing
    assert "private-abc123" not in listing and "private-abc123" not in detail
    assert "HTTP 500" in detail
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403


def test_read_again_now_calls_the_refresh_and_reports_each_outcome(
    admin_client, feed_server, allow_private_feeds
):
    good = CalendarFeedFactory(
        url=feed_server.serve("/good.ics", one_event("20270308T090000Z", "20270308T100000Z"))
    )
    bad = CalendarFeedFactory(name="Broken", url=feed_server.serve("/bad.ics", "x", status=500))
    response = admin_client.post(
        CHANGELIST,
        {"action": "refresh_now", "_selected_action": [str(good.pk), str(bad.pk)]},
        follow=True,
    )
    body = response.content.decode()
    assert "Read 1 calendar(s)." in body and "Broken: The calendar server" in body
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.last_success_at, good.events_count) == (NOW, 1)
    assert bad.consecutive_failures == 1
