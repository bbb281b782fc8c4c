"""Daily caps and the minimum gap where bookings meet them: slot_reserve and GET /slots."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from mentors import services
from mentors.errors import SlotNotAvailable
from mentors.models import BusyInterval
from tests.concurrency import run_together
from tests.mentors.factories import mentor_with_weekly_hours

NOW = datetime(2027, 1, 1, 8, 0, tzinfo=UTC)  # a Friday
MONDAY = datetime(2027, 1, 4, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def capped_mentor(**rules):
    mentor = mentor_with_weekly_hours(days=[0, 1])
    for name, value in rules.items():
        setattr(mentor.schedule, name, value)
    mentor.schedule.save()
    return mentor


def reserve(mentor, hour, day=0, minutes=60, reference=""):
    return services.slot_reserve(
        mentor=mentor,
        start_at=MONDAY + timedelta(days=day, hours=hour),
        duration_minutes=minutes,
        reference=reference or f"b-{day}-{hour}",
    )


def listed_hours(client, mentor, day: str) -> list[str]:
    response = client.get("/api/v1/slots", {"mentor_id": mentor.pk, "start_date": day, "end_date": day})
    assert response.status_code == 200, response.json()
    return [item["start_at"][11:16] for item in response.json()["items"]]


def test_three_reserved_sessions_close_a_day_capped_at_three_and_leave_the_next_open(anon_client):
    mentor = capped_mentor(max_sessions_per_day=3)
    for hour in (9, 11, 13):
        reserve(mentor, hour)
    assert listed_hours(anon_client, mentor, "2027-01-04") == []
    assert len(listed_hours(anon_client, mentor, "2027-01-05")) == 8


def test_a_fourth_session_on_a_capped_day_is_slot_not_available():
    mentor = capped_mentor(max_sessions_per_day=3)
    for hour in (9, 11, 13):
        reserve(mentor, hour)
    with pytest.raises(SlotNotAvailable) as caught:
        reserve(mentor, 15)
    assert caught.value.status_code == 409
    assert caught.value.details == {"reason": "daily_sessions"}
    reserve(mentor, 15, day=1)  # Tuesday is its own day
    assert BusyInterval.objects.filter(is_live=True).count() == 4


def test_a_released_session_opens_the_capped_day_again():
    mentor = capped_mentor(max_sessions_per_day=1)
    reserve(mentor, 9, reference="first")
    with pytest.raises(SlotNotAvailable):
        reserve(mentor, 12)
    services.slot_release(reference="first")
    reserve(mentor, 12)


def test_the_booked_minutes_cap_refuses_the_session_that_would_pass_it():
    mentor = capped_mentor(max_booked_minutes_per_day=120)
    reserve(mentor, 9, minutes=90)
    with pytest.raises(SlotNotAvailable) as caught:
        reserve(mentor, 12, minutes=60)
    assert caught.value.details == {"reason": "daily_minutes"}
    reserve(mentor, 12, minutes=30)


def test_the_minimum_gap_refuses_a_session_right_after_another(anon_client):
    mentor = capped_mentor(min_gap_minutes=60)
    reserve(mentor, 10)
    with pytest.raises(SlotNotAvailable) as caught:
        reserve(mentor, 11)
    assert caught.value.details == {"reason": "min_gap"}
    assert listed_hours(anon_client, mentor, "2027-01-04") == ["12:00", "13:00", "14:00", "15:00", "16:00"]
    reserve(mentor, 12)


def test_reserved_sessions_remember_their_own_times_inside_the_buffers():
    mentor = capped_mentor(buffer_before_minutes=10, buffer_after_minutes=20)
    interval = reserve(mentor, 10)
    assert (interval.start_at, interval.end_at) == (
        MONDAY + timedelta(hours=9, minutes=50),
        MONDAY + timedelta(hours=11, minutes=20),
    )
    assert (interval.session_start_at, interval.session_end_at) == (
        MONDAY + timedelta(hours=10),
        MONDAY + timedelta(hours=11),
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_at_the_last_session_of_a_capped_day_leave_exactly_one_winner():
    mentor = capped_mentor(max_sessions_per_day=3)
    reserve(mentor, 9)
    reserve(mentor, 10)
    hours = [11, 12, 13, 14, 15, 16]  # distinct times: only the cap stands between them

    def attempt(hour):
        try:
            services.slot_reserve(
                mentor=mentor,
                start_at=MONDAY + timedelta(hours=hour),
                duration_minutes=60,
                reference=f"race-{hour}",
                now=NOW,
            )
            return "ok"
        except SlotNotAvailable:
            return "409"

    results = run_together(attempt, hours)
    assert results.count("ok") == 1, results
    assert results.count("409") == len(hours) - 1, results
    assert BusyInterval.objects.filter(mentor=mentor, is_live=True).count() == 3
