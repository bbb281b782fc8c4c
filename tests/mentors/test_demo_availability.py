"""The directory's availability filters on the demo data (issue 15): every demo schedule asks for
24 hours' notice, so "free in the next 24 hours" finds no one, but this week, a weekday and a time
of day find exactly the demo mentors whose slots say they are free then."""

import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from accounts import demo as accounts_demo
from core import demo as core_demo
from mentors import demo as mentors_demo
from mentors import search, selectors
from mentors.models import MentorProfile
from tests.conftest import ensure_taxonomy

pytestmark = pytest.mark.django_db

URL = "/api/v1/mentors"


@pytest.fixture(autouse=True)
def frozen_clock():
    # A fixed Wednesday mid-morning: the API and the slot lists below read the same clock.
    with time_machine.travel(datetime(2027, 1, 6, 10, 17, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def demo(db):
    ensure_taxonomy()
    out = io.StringIO()
    for module in (accounts_demo, core_demo, mentors_demo):
        module.seed(out)
    return out.getvalue()


def listed_ids(client, params) -> set[str]:
    response = client.get(URL, {**params, "limit": 100})
    assert response.status_code == 200, response.json()
    assert response.json()["total"] <= 100
    return {item["id"] for item in response.json()["items"]}


def free_by_their_slots(
    *, days: int, zone: str = "UTC", weekday: int | None = None, hours=(0, 24)
) -> set[str]:
    """Which demo mentors have an open slot within `days` starting on `weekday` and within
    `hours` in `zone`, by the slot lists themselves."""
    now = timezone.now()
    tz = ZoneInfo(zone)
    free = set()
    for mentor in MentorProfile.objects.bookable().select_related("schedule", "user"):
        for slot in selectors.slots_for_mentor(
            mentor=mentor, start=now, end=now + timedelta(days=days), now=now
        ):
            local = slot.start_at.astimezone(tz)
            if (weekday is None or local.weekday() == weekday) and hours[0] <= local.hour < hours[1]:
                free.add(str(mentor.pk))
                break
    return free


# (zone, time of day, weekday): each seeds nothing new, so they share one seeded demo.
ASKED = [
    ("Europe/Berlin", "morning", ""),
    ("America/New_York", "evening", ""),
    ("Asia/Tokyo", "afternoon", ""),
    ("UTC", "", "saturday"),
    ("Europe/Berlin", "morning", "wednesday"),
]


def test_the_availability_filters_find_exactly_the_demo_mentors_free_then(anon_client, demo):
    assert "next open slots stored" in demo
    # Every demo schedule asks for 24 hours' notice: nobody is free within a day...
    assert listed_ids(anon_client, {"available": "true"}) == free_by_their_slots(days=1) == set()
    # ...but this week finds the mentors whose slot lists have time in the next 7 days.
    this_week = free_by_their_slots(days=7)
    assert len(this_week) >= 10
    assert listed_ids(anon_client, {"free_this_week": "true"}) == this_week
    for zone, time_of_day, day_of_week in ASKED:
        weekday = search.WEEKDAYS.index(day_of_week) if day_of_week else None
        hours = search.TIMES_OF_DAY.get(time_of_day, (0, 24))
        expected = free_by_their_slots(days=14, zone=zone, weekday=weekday, hours=hours)
        params = {"timezone": zone, "time_of_day": time_of_day, "day_of_week": day_of_week}
        found = listed_ids(anon_client, {k: v for k, v in params.items() if v})
        assert found == expected, (zone, time_of_day, day_of_week)
        assert found, (zone, time_of_day, day_of_week)  # the demo has someone free then
