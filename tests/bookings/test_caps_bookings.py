"""Daily caps with bookings (issue 8): a mentor who takes at most 3 sessions a day has no slots
left that day once 3 are booked, and however many learners race for the rest, the cap holds and
the losers hear 409 SLOT_NOT_AVAILABLE, never a 500."""

from __future__ import annotations

import pytest
from django.db import connection

from bookings.models import LIVE_STATUSES, Booking
from mentors.models import Schedule
from tests.bookings.conftest import api_as
from tests.bookings.factories import BOOKINGS_URL, at, bookable_mentor, booked, slot_id_for
from tests.concurrency import run_together
from tests.factories import UserFactory

TUESDAY = "2027-03-02"


def _capped(limit: int = 3):
    mentor = bookable_mentor()
    Schedule.objects.filter(mentor=mentor).update(max_sessions_per_day=limit)
    return mentor


def _open_starts(client, mentor, day: str) -> list[str]:
    response = client.get("/api/v1/slots", {"mentor_id": str(mentor.pk), "start_date": day, "end_date": day})
    assert response.status_code == 200
    return [slot["start_at"] for slot in response.json()["items"]]


def _outcome(result):
    if isinstance(result, Exception):
        return ("raised", repr(result))
    return (result.status_code, result.json().get("error"))


def _post(pair):
    learner, slot_id = pair
    return api_as(learner).post(BOOKINGS_URL, {"slot_id": slot_id}, format="json")


@pytest.mark.django_db
def test_three_sessions_booked_hide_the_rest_of_that_day(clock):
    mentor = _capped()
    client = api_as(UserFactory(timezone="UTC"))
    assert len(_open_starts(client, mentor, TUESDAY)) == 8

    for hour in (9, 12, 15):
        booked(UserFactory(timezone="UTC"), mentor, at(1, hour))

    assert _open_starts(client, mentor, TUESDAY) == []
    assert len(_open_starts(client, mentor, "2027-03-03")) == 8  # the next day is a new day
    fourth = client.post(BOOKINGS_URL, {"slot_id": slot_id_for(mentor, at(1, 10))}, format="json")
    assert (fourth.status_code, fourth.json()["error"]) == (409, "SLOT_NOT_AVAILABLE")


def _racers() -> int:
    return 8 if connection.vendor == "postgresql" else 5


@pytest.mark.django_db(transaction=True)
def test_a_fourth_booking_racing_for_different_slots_of_a_full_day_is_refused_to_everyone(clock):
    mentor = _capped()
    for hour in (9, 10, 11):
        booked(UserFactory(timezone="UTC"), mentor, at(1, hour))
    hours = [12, 13, 14, 15, 16, 12, 13, 14][: _racers()]
    learners = [UserFactory(timezone="UTC") for _ in hours]

    outcomes = [
        _outcome(r)
        for r in run_together(
            _post, [(u, slot_id_for(mentor, at(1, h))) for u, h in zip(learners, hours, strict=True)]
        )
    ]

    assert outcomes == [(409, "SLOT_NOT_AVAILABLE")] * len(hours), outcomes
    assert Booking.objects.filter(mentor=mentor, status__in=LIVE_STATUSES).count() == 3


@pytest.mark.django_db(transaction=True)
def test_learners_racing_for_the_last_session_of_a_day_leave_exactly_three(clock):
    mentor = _capped()
    for hour in (9, 10):
        booked(UserFactory(timezone="UTC"), mentor, at(1, hour))
    hours = [11, 12, 13, 14, 15, 16, 11, 12][: _racers()]
    learners = [UserFactory(timezone="UTC") for _ in hours]

    outcomes = [
        _outcome(r)
        for r in run_together(
            _post, [(u, slot_id_for(mentor, at(1, h))) for u, h in zip(learners, hours, strict=True)]
        )
    ]

    assert outcomes.count((201, None)) == 1, outcomes
    assert outcomes.count((409, "SLOT_NOT_AVAILABLE")) == len(hours) - 1, outcomes
    assert Booking.objects.filter(mentor=mentor, status__in=LIVE_STATUSES).count() == 3
