"""POST /agents/me/schedule-session: the earliest open slot in the window in the user's zone,
never a card charge, refusals with their normal codes and logged."""

from __future__ import annotations

import datetime
from datetime import UTC

import pytest
import time_machine

from assistant.models import AgentAction
from bookings.models import Booking, BookingStatus
from tests.assistant.conftest import mentor_named
from tests.bookings.factories import give_credits

pytestmark = pytest.mark.django_db
URL = "/api/v1/agents/me/schedule-session"


@pytest.fixture
def auto(agent):
    agent.auto_schedule_enabled = True
    agent.save()
    return agent


def test_earliest_evening_slot_across_the_dst_change(auto, client):
    # Thursday 25 March 2027, London still on GMT; clocks go forward on Sunday the 28th.
    mentor = mentor_named("Omar Haddad", start=16, end=19)  # 16:00-19:00 UTC every day
    with time_machine.travel(datetime.datetime(2027, 3, 25, 12, 0, tzinfo=UTC), tick=False):
        response = client.post(
            URL,
            {"mentor_id": str(mentor.pk), "preferred_time_range": "evening", "preferred_days": ["monday"]},
            format="json",
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    # Monday 29 March is on BST: 16:00 UTC is 17:00 in London, the first hour of the evening
    # (on GMT it would have been 16:00, outside the window).
    assert body["ai_decision"]["selected_time"] == "2027-03-29T16:00:00Z"
    assert body["booking"]["start_at"] == "2027-03-29T16:00:00Z"
    assert "Monday" in body["ai_decision"]["reason"] and "evening" in body["ai_decision"]["reason"]
    assert body["voice_confirmation_sent"] is True
    assert body["voice_confirmation_url"]


def test_before_the_change_the_same_window_starts_an_hour_later_in_utc(auto, client):
    mentor = mentor_named("Omar Haddad", start=16, end=19)
    with time_machine.travel(datetime.datetime(2027, 3, 18, 12, 0, tzinfo=UTC), tick=False):
        response = client.post(
            URL,
            {"mentor_id": str(mentor.pk), "preferred_time_range": "evening", "preferred_days": ["monday"]},
            format="json",
        )
    assert response.json()["ai_decision"]["selected_time"] == "2027-03-22T17:00:00Z"


def test_a_card_booking_is_never_charged_and_the_user_is_notified(clock, auto, client, dana, learner):
    response = client.post(
        URL,
        {"mentor_id": str(dana.pk), "preferred_time_range": "morning", "payment_method": "card"},
        format="json",
    )
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.PENDING_PAYMENT
    assert booking.paid_at is None
    assert response.json()["booking"]["status"] == "pending_payment"
    assert learner.notifications.filter(data__booking_id=str(booking.pk)).exists()


def test_credits_are_used_when_named(clock, auto, client, dana, learner):
    give_credits(learner, 2)
    response = client.post(
        URL,
        {"mentor_id": str(dana.pk), "preferred_time_range": "afternoon", "payment_method": "credits"},
        format="json",
    )
    assert response.status_code == 201
    booking = Booking.objects.get()
    assert booking.paid_at is not None
    assert booking.start_at == datetime.datetime(2027, 3, 3, 12, 0, tzinfo=UTC)


def test_needs_auto_scheduling_switched_on(clock, agent, client, dana):
    response = client.post(URL, {"mentor_id": str(dana.pk), "preferred_time_range": "morning"}, format="json")
    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_a_mentor_without_free_time_in_the_window_is_409_and_logged(clock, auto, client):
    mentor = mentor_named("Omar Haddad", start=9, end=11)
    response = client.post(
        URL, {"mentor_id": str(mentor.pk), "preferred_time_range": "evening"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"] == "SLOT_NOT_AVAILABLE"
    failed = AgentAction.objects.get()
    assert (failed.action_type, failed.success, failed.error) == (
        "scheduled_booking",
        False,
        "SLOT_NOT_AVAILABLE",
    )
    assert not Booking.objects.exists()


def test_too_few_credits_is_402_and_logged(clock, auto, client, dana):
    response = client.post(
        URL,
        {"mentor_id": str(dana.pk), "preferred_time_range": "morning", "payment_method": "credits"},
        format="json",
    )
    assert response.status_code == 402
    assert AgentAction.objects.get().error == "PAYMENT_REQUIRED"
    assert not Booking.objects.exists()


def test_bad_input_is_400(clock, auto, client, dana):
    response = client.post(
        URL,
        {"mentor_id": str(dana.pk), "preferred_time_range": "night", "preferred_days": ["someday"]},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["details"]) >= {"preferred_time_range", "preferred_days"}
