"""Slot lists kept in the cache (mentors.slot_cache): read without the slot queries while the
mentor's time is unchanged, forgotten when a change to it commits, and limited by the notice
of the moment they are read. tests/mentors/test_api_slots.py runs every slot-list test with the
lists kept too."""

from datetime import UTC, datetime, timedelta
from itertools import product

import pytest
import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from mentors import services
from mentors.models import BusyInterval, BusySource, Schedule
from mentors.selectors.slots import _busy_by_mentor
from mentors.slots import compute_slots, within_limits
from tests.mentors.factories import mentor_with_weekly_hours

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # a Monday
MONDAY = {"start_date": "2027-01-04", "end_date": "2027-01-04"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept_lists(settings):
    settings.MENTORS_SLOT_CACHE_SECONDS = 60


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


def a_mentor(**kwargs):
    """A mentor whose making has committed: its schedule's forgetting has run (a change the test
    makes next is the test's own, not folded into the making's; core.transactions.on_commit_once)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return mentor_with_weekly_hours(**kwargs)


def listed(client, mentor, **params) -> tuple[list[str], int]:
    """The start hours listed and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/slots", {"mentor_id": mentor.pk, **MONDAY, **params})
    assert response.status_code == 200, response.json()
    return [s["start_at"][11:16] for s in response.json()["items"]], len(queries)


def test_a_kept_list_is_read_again_without_the_slot_queries(anon_client):
    mentor = a_mentor(days=[0])
    first, computed = listed(anon_client, mentor)
    again, kept = listed(anon_client, mentor)
    assert again == first and len(first) == 8
    assert kept == computed - 2  # the mentor only: no schedule entries, no busy time


def test_a_booking_forgets_the_kept_list_once_it_commits(anon_client, django_capture_on_commit_callbacks):
    mentor = a_mentor(days=[0])
    assert "10:00" in listed(anon_client, mentor)[0]
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.slot_reserve(
            mentor=mentor, start_at=NOW.replace(hour=10), duration_minutes=60, reference="b1"
        )
    # Until the booking commits, other readers see the time as free, and so does the kept list.
    assert "10:00" in listed(anon_client, mentor)[0]
    for callback in pending:
        callback()
    assert "10:00" not in listed(anon_client, mentor)[0]

    with django_capture_on_commit_callbacks(execute=True):
        services.slot_release(reference="b1")
    assert "10:00" in listed(anon_client, mentor)[0]


def test_a_changed_schedule_forgets_the_kept_list(anon_client, django_capture_on_commit_callbacks):
    mentor = a_mentor(days=[0])
    assert listed(anon_client, mentor)[0][0] == "09:00"
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_replace(
            mentor=mentor,
            rules=[{"day_of_week": "monday", "start_time": "13:00", "end_time": "15:00"}],
            booking_rules={"min_notice_hours": 0},
        )
    assert listed(anon_client, mentor)[0] == ["13:00", "14:00"]


def test_a_schedule_saved_outside_the_services_forgets_the_kept_list(
    anon_client, django_capture_on_commit_callbacks
):
    """The admin, a shell or a data fix saving the schedule itself."""
    mentor = a_mentor(days=[0])
    assert len(listed(anon_client, mentor)[0]) == 8
    schedule = Schedule.objects.get(mentor=mentor)
    schedule.is_active = False  # e.g. paused by hand
    with django_capture_on_commit_callbacks(execute=True):
        schedule.save()
    assert listed(anon_client, mentor)[0] == []


def test_a_kept_calendar_shows_a_confirmed_hold_as_booked(anon_client, django_capture_on_commit_callbacks):
    mentor = a_mentor(days=[0], start=9, end=12)
    url = f"/api/v1/mentors/{mentor.pk}/calendar"

    def statuses() -> list[str]:
        days = anon_client.get(url, {"month": "2027-01", "timezone": "UTC"}).json()["days"]
        return [slot["status"] for slot in days["2027-01-04"]]

    with django_capture_on_commit_callbacks(execute=True):
        services.slot_reserve(
            mentor=mentor, start_at=NOW.replace(hour=10), duration_minutes=60, reference="b1"
        )
    assert statuses() == ["available", "held", "available"]
    with django_capture_on_commit_callbacks(execute=True):
        services.slot_hold_confirm(reference="b1")  # one UPDATE, no save() of the interval
    assert statuses() == ["available", "booked", "available"]


def test_the_notice_is_applied_when_a_kept_list_is_read(anon_client, frozen_clock, settings):
    settings.MENTORS_SLOT_CACHE_SECONDS = 24 * 60 * 60  # kept while the clock moves on
    mentor = a_mentor(days=[0])
    Schedule.objects.filter(mentor=mentor).update(min_notice_hours=2)  # read fresh with the mentor
    assert listed(anon_client, mentor)[0][0] == "10:00"  # 08:00 + 2 hours
    frozen_clock.move_to(NOW.replace(hour=11, minute=30))
    hours, queries = listed(anon_client, mentor)
    assert hours == ["14:00", "15:00", "16:00"]
    assert queries == 1  # from the kept list: nothing was computed again


def test_limits_applied_later_give_what_computing_at_that_moment_gives():
    """compute_slots(now=t) is within_limits(compute_slots(now=None), t) for any t: what makes
    a kept list safe to read at any later moment."""
    mentor = a_mentor(tz="Europe/Berlin", days=[0, 2, 6], start=0, end=23)
    schedule = Schedule.objects.prefetch_related("entries").get(mentor=mentor)
    schedule.min_notice_hours, schedule.max_advance_days, schedule.buffer_after_minutes = 5, 3, 15
    schedule.max_sessions_per_day = 3
    BusyInterval.objects.create(
        mentor=mentor,
        start_at=NOW,
        end_at=NOW + timedelta(hours=2),
        source=BusySource.BOOKING,
        session_start_at=NOW,
        session_end_at=NOW + timedelta(hours=2),
    )
    start, end = NOW - timedelta(days=1), NOW + timedelta(days=10)
    busy = _busy_by_mentor([mentor.pk], start, end)[mentor.pk]
    entries = list(schedule.entries.all())

    def slots(now, include_unavailable, duration):
        return compute_slots(
            mentor_id=mentor.pk,
            schedule=schedule,
            entries=entries,
            busy=busy,
            start=start,
            end=end,
            now=now,
            duration_minutes=duration,
            include_unavailable=include_unavailable,
        )

    moments = [NOW + timedelta(hours=h, minutes=m) for h, m in product([-30, -3, 0, 1, 7, 50, 80], [0, 20])]
    for now, include_unavailable, duration in product(moments, [False, True], [None, 90]):
        kept = slots(None, include_unavailable, duration)
        assert within_limits(kept, schedule=schedule, now=now) == slots(now, include_unavailable, duration)


def test_one_change_forgets_the_kept_lists_once_however_many_steps_it_took(
    django_capture_on_commit_callbacks,
):
    """schedule_replace saves the schedule (whose receiver forgets) and announces the changed
    availability (which forgets too): one token write after the commit, not two."""
    mentor = a_mentor(days=[0])
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.schedule_replace(
            mentor=mentor, rules=[{"day_of_week": "monday", "start_time": "13:00", "end_time": "15:00"}]
        )
    forgets = [c for c in pending if getattr(c, "once_key", (None,))[0] == "slot_cache.forget"]
    assert len(forgets) == 1
