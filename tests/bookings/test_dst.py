"""DST (issue 7): a learner in London books a London mentor for the week after the clocks change
and the session lands at the local time they picked. UK clocks go forward on 2027-03-28 (10:00
London is 09:00 UTC after it, 10:00 UTC before) and back on 2027-10-31."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from bookings.models import Booking, Reminder
from messaging.models import Notification
from tests.bookings.conftest import api_as
from tests.bookings.factories import BOOKINGS_URL, bookable_mentor
from tests.factories import UserFactory

SLOTS_URL = "/api/v1/slots"
LONDON = "Europe/London"


@pytest.fixture
def mentor(db):
    # Free 09:00-17:00 London time every day, however far London is from UTC that day.
    return bookable_mentor(tz=LONDON)


@pytest.fixture
def learner(db):
    return UserFactory(timezone=LONDON)


@pytest.fixture
def client(learner):
    return api_as(learner)


def _slots(client, mentor, day: str, zone: str = LONDON) -> dict[str, dict]:
    """The day's slots keyed by their local start, as a calendar in `zone` shows them."""
    response = client.get(
        SLOTS_URL, {"mentor_id": str(mentor.pk), "start_date": day, "end_date": day, "timezone": zone}
    )
    assert response.status_code == 200, response.json()
    return {slot["start_local"]: slot for slot in response.json()["items"]}


def _book(client, body) -> dict:
    # Paid at once with a saved test card, so the session is confirmed and the learner told.
    body = {"timezone": LONDON, "payment_method": "card", "card": "pm_card_visa", **body}
    response = client.post(BOOKINGS_URL, body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["booking"]


def _ics(client, booking_id) -> str:
    response = client.get(f"{BOOKINGS_URL}/{booking_id}/ics")
    assert response.status_code == 200
    return b"".join(response).decode() if response.streaming else response.content.decode()


# --- spring: the clocks go forward on Sunday 2027-03-28 -------------------------------------------


def test_a_slot_picked_in_london_the_week_after_the_spring_change_lands_at_ten_london_time(
    clock, client, mentor
):
    before = _slots(client, mentor, "2027-03-22")
    after = _slots(client, mentor, "2027-03-29")
    assert before["2027-03-22T10:00:00+00:00"]["start_at"] == "2027-03-22T10:00:00Z"
    assert after["2027-03-29T10:00:00+01:00"]["start_at"] == "2027-03-29T09:00:00Z"
    assert sorted(after)[0] == "2027-03-29T09:00:00+01:00"  # the day still opens at 09:00 local

    booking = _book(client, {"slot_id": after["2027-03-29T10:00:00+01:00"]["id"]})

    assert booking["status"] == "confirmed"
    assert (booking["start_at"], booking["end_at"]) == ("2027-03-29T09:00:00Z", "2027-03-29T10:00:00Z")
    stored = Booking.objects.get(pk=booking["id"])
    assert stored.start_at == datetime(2027, 3, 29, 9, tzinfo=UTC)
    assert stored.timezone == LONDON
    ics = _ics(client, booking["id"])
    assert "DTSTART:20270329T090000Z" in ics
    assert "DTEND:20270329T100000Z" in ics
    # Told in London time, and reminded 24 real hours before (10:00 BST on the Sunday).
    told = Notification.objects.get(user=stored.learner, type="booking_confirmed")
    assert told.body == "Monday 29 March 2027, 10:00 (Europe/London). Paid: $60.00"
    day_before = Reminder.objects.get(booking=stored, recipient=stored.learner, kind="24h")
    assert day_before.due_at == datetime(2027, 3, 28, 9, tzinfo=UTC)
    assert "2027-03-29T10:00:00+01:00" not in _slots(client, mentor, "2027-03-29")


def test_a_start_time_with_its_offset_lands_at_the_local_time_picked_on_both_sides_of_the_change(
    clock, client, mentor
):
    ahead = _book(
        client, {"mentor_id": str(mentor.pk), "start_at": "2027-03-30T10:00:00+01:00", "duration_minutes": 60}
    )
    behind = _book(
        client, {"mentor_id": str(mentor.pk), "start_at": "2027-03-23T10:00:00+00:00", "duration_minutes": 60}
    )

    assert ahead["start_at"] == "2027-03-30T09:00:00Z"
    assert behind["start_at"] == "2027-03-23T10:00:00Z"
    assert "DTSTART:20270330T090000Z" in _ics(client, ahead["id"])
    assert "DTSTART:20270323T100000Z" in _ics(client, behind["id"])
    # The same instant written in UTC is the same, taken, session time.
    again = client.post(
        BOOKINGS_URL,
        {"mentor_id": str(mentor.pk), "start_at": "2027-03-30T09:00:00Z", "duration_minutes": 60},
        format="json",
    )
    assert (again.status_code, again.json()["error"]) == (409, "SLOT_NOT_AVAILABLE")


def test_a_time_before_london_opens_after_the_change_is_refused(clock, client, mentor):
    # 08:00 UTC on 2027-03-29 is 09:00 BST (open); 07:30 UTC would be 08:30 BST (closed). Before
    # the change 08:00 UTC was 08:00 GMT, still closed.
    opens = client.post(
        BOOKINGS_URL,
        {"mentor_id": str(mentor.pk), "start_at": "2027-03-29T08:00:00Z", "duration_minutes": 60},
        format="json",
    )
    closed = client.post(
        BOOKINGS_URL,
        {"mentor_id": str(mentor.pk), "start_at": "2027-03-22T08:00:00Z", "duration_minutes": 60},
        format="json",
    )

    assert opens.status_code == 201
    assert (closed.status_code, closed.json()["error"]) == (409, "SLOT_NOT_AVAILABLE")


def test_a_learner_in_new_york_sees_london_ten_oclock_at_the_right_hour_while_only_america_has_changed(
    clock, mentor
):
    # US clocks went forward on 2027-03-14, UK ones only on 2027-03-28: that week New York is
    # four hours behind London, not five.
    traveller = api_as(UserFactory(timezone="America/New_York"))
    shown = _slots(traveller, mentor, "2027-03-22", zone="America/New_York")
    slot = shown["2027-03-22T06:00:00-04:00"]
    assert slot["start_at"] == "2027-03-22T10:00:00Z"

    booking = _book(traveller, {"slot_id": slot["id"], "timezone": "America/New_York"})

    assert booking["start_at"] == "2027-03-22T10:00:00Z"


# --- autumn: the clocks go back on Sunday 2027-10-31 ----------------------------------------------


@pytest.fixture
def october():
    with time_machine.travel(datetime(2027, 10, 20, 8, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def test_a_slot_picked_in_london_the_week_after_the_autumn_change_lands_at_ten_london_time(
    october, client, learner, mentor
):
    before = _slots(client, mentor, "2027-10-25")
    after = _slots(client, mentor, "2027-11-01")
    assert before["2027-10-25T10:00:00+01:00"]["start_at"] == "2027-10-25T09:00:00Z"
    assert after["2027-11-01T10:00:00+00:00"]["start_at"] == "2027-11-01T10:00:00Z"

    by_slot = _book(client, {"slot_id": after["2027-11-01T10:00:00+00:00"]["id"]})
    by_time = _book(
        client, {"mentor_id": str(mentor.pk), "start_at": "2027-11-02T10:00:00+00:00", "duration_minutes": 60}
    )
    before_change = _book(client, {"slot_id": before["2027-10-25T10:00:00+01:00"]["id"]})

    assert by_slot["start_at"] == "2027-11-01T10:00:00Z"
    assert by_time["start_at"] == "2027-11-02T10:00:00Z"
    assert before_change["start_at"] == "2027-10-25T09:00:00Z"
    assert "DTSTART:20271101T100000Z" in _ics(client, by_slot["id"])
    assert "DTSTART:20271025T090000Z" in _ics(client, before_change["id"])
    told = Notification.objects.get(type="booking_confirmed", data__booking_id=by_slot["id"], user=learner)
    assert told.body == "Monday 01 November 2027, 10:00 (Europe/London). Paid: $60.00"
