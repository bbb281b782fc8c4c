"""No double booking, ever (issue 7): learners racing for one mentor's time, with real threads on
separate connections. On PostgreSQL the mentor-row lock queues them and the exclusion
constraint is the last guard; on SQLite (a file per xdist worker) IMMEDIATE transactions queue
the writers. Either way the loser hears 409 SLOT_NOT_AVAILABLE, never a 500 or a 503."""

from __future__ import annotations

import pytest
from django.db import connection

from bookings.models import LIVE_STATUSES, Booking, BookingStatus
from mentors.models import BusyInterval
from tests.bookings.conftest import api_as
from tests.bookings.factories import (
    BOOKINGS_URL,
    at,
    bookable_mentor,
    half_hour_mentor,
    iso,
    slot_id_for,
)
from tests.concurrency import run_together
from tests.factories import UserFactory

SLOTS_URL = "/api/v1/slots"
TUESDAY_10 = at(1, 10)
TUESDAY_1030 = at(1, 10, 30)

race = pytest.mark.django_db(transaction=True)


def _racers() -> int:
    # 50 on PostgreSQL as the issue asks. SQLite queues every writer on one file lock, so the
    # embedded default shows the same guarantee with fewer threads and a shorter queue.
    return 50 if connection.vendor == "postgresql" else 20


def _outcome(response_or_error):
    """(status, error code), or the exception a thread raised (it would have been a 500)."""
    if isinstance(response_or_error, Exception):
        return ("raised", repr(response_or_error))
    body = response_or_error.json()
    return (response_or_error.status_code, body.get("error") if isinstance(body, dict) else None)


def _slot_ids(client, mentor, day: str) -> set[str]:
    query = {"mentor_id": str(mentor.pk), "start_date": day, "end_date": day, "duration_minutes": 60}
    response = client.get(SLOTS_URL, {**query, "timezone": "UTC"})
    assert response.status_code == 200
    return {slot["id"] for slot in response.json()["items"]}


def _post_booking(pair):
    learner, body = pair
    return api_as(learner).post(BOOKINGS_URL, body, format="json")


@race
def test_learners_racing_for_one_slot_get_one_booking_and_409_for_everyone_else(clock):
    mentor = bookable_mentor()
    learners = [UserFactory(timezone="UTC") for _ in range(_racers())]
    slot_id = slot_id_for(mentor, TUESDAY_10)
    assert slot_id in _slot_ids(api_as(learners[0]), mentor, "2027-03-02")

    outcomes = [
        _outcome(r) for r in run_together(_post_booking, [(u, {"slot_id": slot_id}) for u in learners])
    ]

    assert outcomes.count((201, None)) == 1, outcomes
    assert outcomes.count((409, "SLOT_NOT_AVAILABLE")) == len(learners) - 1, outcomes
    live = Booking.objects.filter(mentor=mentor, status__in=LIVE_STATUSES)
    assert live.count() == 1
    assert live.get().status == BookingStatus.PENDING_PAYMENT  # held for its card payment
    assert BusyInterval.objects.filter(mentor=mentor, is_live=True).count() == 1
    # Everyone else now sees the time as gone.
    assert slot_id not in _slot_ids(api_as(learners[1]), mentor, "2027-03-02")


@race
def test_overlapping_unequal_windows_racing_leave_exactly_one_booking(clock):
    mentor = half_hour_mentor()
    learners = [UserFactory(timezone="UTC") for _ in range(20)]
    offered = _slot_ids(api_as(learners[0]), mentor, "2027-03-02")
    assert {slot_id_for(mentor, TUESDAY_10), slot_id_for(mentor, TUESDAY_1030)} <= offered
    # Half ask for 10:00-11:00 by slot id, half for 10:30-11:30 by start_at + duration.
    bodies = [
        {"slot_id": slot_id_for(mentor, TUESDAY_10)}
        if n % 2 == 0
        else {"mentor_id": str(mentor.pk), "start_at": iso(TUESDAY_1030), "duration_minutes": 60}
        for n in range(len(learners))
    ]

    outcomes = [_outcome(r) for r in run_together(_post_booking, list(zip(learners, bodies, strict=True)))]

    assert outcomes.count((201, None)) == 1, outcomes
    assert outcomes.count((409, "SLOT_NOT_AVAILABLE")) == 19, outcomes
    winner = Booking.objects.get(mentor=mentor, status__in=LIVE_STATUSES)
    assert winner.start_at in (TUESDAY_10, TUESDAY_1030)
    assert BusyInterval.objects.filter(mentor=mentor, is_live=True).count() == 1


@race
def test_one_learner_booking_two_mentors_for_the_same_hour_at_once_gets_one_session(clock):
    learner = UserFactory(timezone="UTC")
    mentors = [bookable_mentor(), bookable_mentor()]
    bodies = [(learner, {"slot_id": slot_id_for(m, TUESDAY_10)}) for m in mentors]

    outcomes = [_outcome(r) for r in run_together(_post_booking, bodies)]

    assert sorted(outcomes, key=str) == sorted([(201, None), (409, "SLOT_NOT_AVAILABLE")], key=str)
    assert Booking.objects.filter(learner=learner, status__in=LIVE_STATUSES).count() == 1


@race
def test_forty_learners_booking_forty_different_slots_of_one_mentor_at_once_all_get_them(clock):
    # Issue 13: the mentor's lock is held only while the time itself is reserved, so bookings
    # of different slots queue on it briefly and none is refused (no 409, and no 503 "busy").
    mentor = bookable_mentor()  # 09:00-17:00: eight slots a day, Tuesday to Saturday
    starts = [at(day, hour) for day in range(1, 6) for hour in range(9, 17)]
    learners = [UserFactory(timezone="UTC") for _ in starts]
    bodies = [(u, {"slot_id": slot_id_for(mentor, start)}) for u, start in zip(learners, starts, strict=True)]

    outcomes = [_outcome(r) for r in run_together(_post_booking, bodies)]

    assert outcomes == [(201, None)] * 40, outcomes
    live = Booking.objects.filter(mentor=mentor, status__in=LIVE_STATUSES)
    assert sorted(live.values_list("start_at", flat=True)) == starts
    assert (
        sorted(
            BusyInterval.objects.filter(mentor=mentor, is_live=True).values_list(
                "session_start_at", flat=True
            )
        )
        == starts
    )


@race
def test_a_slot_freed_by_a_cancellation_is_won_again_by_exactly_one_racer(clock):
    mentor = bookable_mentor()
    first = UserFactory(timezone="UTC")
    slot_id = slot_id_for(mentor, TUESDAY_10)
    created = api_as(first).post(BOOKINGS_URL, {"slot_id": slot_id}, format="json")
    assert created.status_code == 201
    cancelled = api_as(first).post(
        f"{BOOKINGS_URL}/{created.json()['booking']['id']}/cancel", {"reason": "Plans changed"}, format="json"
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["booking"]["status"] == "cancelled"
    learners = [UserFactory(timezone="UTC") for _ in range(10)]

    outcomes = [
        _outcome(r) for r in run_together(_post_booking, [(u, {"slot_id": slot_id}) for u in learners])
    ]

    assert outcomes.count((201, None)) == 1, outcomes
    assert outcomes.count((409, "SLOT_NOT_AVAILABLE")) == 9, outcomes
    assert Booking.objects.filter(mentor=mentor, status__in=LIVE_STATUSES).count() == 1


@pytest.mark.django_db
def test_cancel_then_rebook_the_same_slot_gives_201(clock):
    mentor = bookable_mentor()
    learner = UserFactory(timezone="UTC")
    client = api_as(learner)
    slot_id = slot_id_for(mentor, TUESDAY_10)
    first = client.post(BOOKINGS_URL, {"slot_id": slot_id}, format="json")
    assert first.status_code == 201
    assert client.post(BOOKINGS_URL, {"slot_id": slot_id}, format="json").status_code == 409

    client.post(f"{BOOKINGS_URL}/{first.json()['booking']['id']}/cancel", {}, format="json")
    again = client.post(BOOKINGS_URL, {"slot_id": slot_id}, format="json")

    assert again.status_code == 201
    assert again.json()["booking"]["start_at"] == "2027-03-02T10:00:00Z"
    assert again.json()["booking"]["id"] != first.json()["booking"]["id"]
    assert slot_id not in _slot_ids(client, mentor, "2027-03-02")
