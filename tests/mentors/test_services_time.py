"""Taking a mentor's time: slot_reserve, release, and the queries of slot reads."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from mentors import selectors, services
from mentors.errors import SlotNotAvailable
from mentors.models import BusyInterval, BusySource, MentorProfile
from tests.concurrency import run_together
from tests.mentors.factories import mentor_with_weekly_hours

NOW = datetime(2027, 1, 1, 8, 0, tzinfo=UTC)  # a Friday
MONDAY_10 = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_reserving_an_open_slot_takes_it_out_of_the_list():
    mentor = mentor_with_weekly_hours()
    services.slot_reserve(mentor=mentor, start_at=MONDAY_10, duration_minutes=60, reference="b1")
    found = selectors.slots_for_mentor(
        mentor=selectors.mentor_bookable_get(mentor_id=mentor.pk),
        start=MONDAY_10 - timedelta(hours=2),
        end=MONDAY_10 + timedelta(hours=3),
    )
    assert [s.start_at.hour for s in found] == [9, 11, 12]


def test_the_same_slot_twice_is_slot_not_available():
    mentor = mentor_with_weekly_hours()
    services.slot_reserve(mentor=mentor, start_at=MONDAY_10, duration_minutes=60, reference="b1")
    with pytest.raises(SlotNotAvailable) as caught:
        services.slot_reserve(mentor=mentor, start_at=MONDAY_10, duration_minutes=60, reference="b2")
    assert caught.value.code == "SLOT_NOT_AVAILABLE" and caught.value.status_code == 409
    assert BusyInterval.objects.filter(is_live=True).count() == 1


def test_an_overlapping_but_unequal_window_is_refused():
    mentor = mentor_with_weekly_hours(days=[0])
    services.slot_reserve(mentor=mentor, start_at=MONDAY_10, duration_minutes=60, reference="b1")
    with pytest.raises(SlotNotAvailable):
        services.slot_reserve(
            mentor=mentor,
            start_at=MONDAY_10 + timedelta(minutes=30),
            duration_minutes=60,
            reference="b2",
            check_availability=False,
        )


def test_a_time_outside_the_schedule_is_refused():
    mentor = mentor_with_weekly_hours(days=[0])
    with pytest.raises(SlotNotAvailable):
        services.slot_reserve(mentor=mentor, start_at=MONDAY_10 + timedelta(days=1), duration_minutes=60)


def test_released_time_can_be_taken_again():
    mentor = mentor_with_weekly_hours()
    services.slot_reserve(mentor=mentor, start_at=MONDAY_10, duration_minutes=60, reference="b1")
    assert services.slot_release(reference="b1") == 1
    services.slot_reserve(mentor=mentor, start_at=MONDAY_10, duration_minutes=60, reference="b2")


def test_buffers_are_stored_with_the_reservation():
    mentor = mentor_with_weekly_hours()
    mentor.schedule.buffer_after_minutes = 15
    mentor.schedule.save()
    interval = services.slot_reserve(mentor=mentor, start_at=MONDAY_10, duration_minutes=60, reference="b1")
    assert interval.end_at == MONDAY_10 + timedelta(minutes=75)
    with pytest.raises(SlotNotAvailable):
        services.slot_reserve(mentor=mentor, start_at=MONDAY_10 + timedelta(hours=1), duration_minutes=60)


def test_a_hold_becomes_a_booking():
    mentor = mentor_with_weekly_hours()
    services.slot_reserve(mentor=mentor, start_at=MONDAY_10, duration_minutes=60, reference="b1")
    assert services.slot_hold_confirm(reference="b1") == 1
    assert BusyInterval.objects.get().source == BusySource.BOOKING


@pytest.mark.parametrize("bookings", [0, 30])
def test_slots_for_one_mentor_over_four_weeks_take_at_most_three_queries(
    django_assert_max_num_queries, bookings
):
    mentor = mentor_with_weekly_hours()
    for n in range(bookings):
        start = MONDAY_10 + timedelta(days=n // 3, hours=n % 3)
        BusyInterval.objects.create(
            mentor=mentor, start_at=start, end_at=start + timedelta(hours=1), source=BusySource.BOOKING
        )
    with django_assert_max_num_queries(3):
        found = selectors.slots_for_mentor(
            mentor=selectors.mentor_bookable_get(mentor_id=mentor.pk), start=NOW, end=NOW + timedelta(weeks=4)
        )
    assert len(found) == 28 * 8 - bookings  # 28 days of 8 hours, less the booked ones


@pytest.mark.parametrize("count", [5, 50])
def test_next_slot_for_a_page_of_mentors_takes_two_queries(django_assert_num_queries, count):
    mentors = [mentor_with_weekly_hours(days=[2]) for _ in range(count)]
    page = list(
        MentorProfile.objects.bookable()
        .select_related("user", "schedule")
        .filter(pk__in=[m.pk for m in mentors])
    )
    with django_assert_num_queries(2):
        found = selectors.next_slots_for(page)
    assert {slot.start_at for slot in found.values()} == {datetime(2027, 1, 6, 9, tzinfo=UTC)}


@pytest.mark.django_db(transaction=True)
def test_concurrent_reservations_of_one_slot_leave_exactly_one_winner():
    mentor = mentor_with_weekly_hours()

    def reserve(n):
        try:
            services.slot_reserve(
                mentor=mentor, start_at=MONDAY_10, duration_minutes=60, reference=f"b{n}", now=NOW
            )
            return "ok"
        except SlotNotAvailable:
            return "409"

    results = run_together(reserve, range(20))
    assert results.count("ok") == 1, results
    assert results.count("409") == 19, results
    assert BusyInterval.objects.filter(is_live=True).count() == 1
