"""Confirm, decline, cancel, reschedule and PATCH (API.md §3): who may, when, what each writes
(audit entry, the other party's notification), and that an illegal move is a 409 that writes
nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from accounts.models import AuditEntry
from bookings.models import Booking
from mentors.models import BusyInterval
from messaging.models import Notification
from payments.models import Payment
from tests.bookings.conftest import NOW, api_as
from tests.bookings.factories import (
    BOOKINGS_URL,
    BookingFactory,
    at,
    bookable_mentor,
    booked,
    card_payment_of,
    iso,
    slot_id_for,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOM = re.compile(r"^https://meet\.jit\.si/mentora-[A-Za-z0-9_-]{26,}$")


def _url(booking, action: str = "") -> str:
    return f"{BOOKINGS_URL}/{booking.pk}" + (f"/{action}" if action else "")


def _audits(booking, action: str):
    return AuditEntry.objects.filter(target_id=str(booking.pk), action=f"booking.{action}")


def _pending(learner, mentor, start):
    """A paid request waiting for the mentor (auto-confirm off)."""
    mentor.schedule.auto_confirm = False
    mentor.schedule.save()
    booking = booked(learner, mentor, start)
    assert booking.status == "pending"
    return booking


def _written(booking) -> tuple:
    """What an illegal move must leave as it was."""
    booking.refresh_from_db()
    return (
        booking.status,
        booking.start_at,
        booking.meeting_room_url,
        booking.updated_at,
        AuditEntry.objects.filter(target_id=str(booking.pk)).count(),
        Notification.objects.count(),
    )


# --- the booking in full ---------------------------------------------------------------------------


def test_the_detail_has_every_field_of_its_row(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10), topic="Career plan")
    api_as(learner_user).post(_url(booking, "cancel"), {"reason": "Ill"}, format="json")

    body = api_as(learner_user).get(_url(booking)).json()

    assert set(body) >= {
        "id",
        "status",
        "start_at",
        "end_at",
        "duration_minutes",
        "topic",
        "mentor",
        "learner",
        "price",
        "service",
        "subject",
        "category",
        "learner_notes",
        "mentor_notes",
        "meeting",
        "payment",
        "cancellation",
        "reviews",
        "has_recording",
    }
    assert set(body["meeting"]) >= {"provider", "external_id", "room_url", "started_at", "ended_at"}
    assert body["payment"]["id"] == str(card_payment_of(booking).pk)
    assert set(body["payment"]) >= {"status", "amount", "platform_fee", "mentor_payout"}
    cancellation = body["cancellation"]
    assert (cancellation["by"], cancellation["reason"], cancellation["at"]) == ("learner", "Ill", iso(NOW))
    assert cancellation["refund"]["policy"] == "full"
    assert (body["reviews"], body["has_recording"]) == ([], False)


# --- confirm -------------------------------------------------------------------------------------


def test_the_mentor_confirms_a_request_which_opens_an_unguessable_room(clock, mentor_profile, learner_user):
    booking = _pending(learner_user, mentor_profile, at(2, 10))

    response = api_as(mentor_profile.user).post(_url(booking, "confirm"))

    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    booking.refresh_from_db()
    assert booking.meeting_provider == "jitsi"
    assert ROOM.match(booking.meeting_room_url)
    assert str(booking.pk) not in booking.meeting_room_url
    assert booking.meeting_room_url != _pending(UserFactory(), mentor_profile, at(3, 10)).meeting_room_url
    told = Notification.objects.get(user=learner_user, type="booking_confirmed")
    assert told.data["booking_id"] == str(booking.pk)
    assert _audits(booking, "confirm").get().actor == mentor_profile.user


def test_the_learner_cannot_confirm_their_own_request(clock, mentor_profile, learner_user):
    booking = _pending(learner_user, mentor_profile, at(2, 10))

    response = api_as(learner_user).post(_url(booking, "confirm"))

    assert response.status_code == 403
    assert Booking.objects.get(pk=booking.pk).status == "pending"


def test_confirming_a_confirmed_booking_is_409_and_writes_nothing(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))
    before = _written(booking)

    response = api_as(mentor_profile.user).post(_url(booking, "confirm"))

    assert response.status_code == 409
    assert response.json()["error"] == "CONFLICT"
    assert _written(booking) == before


# --- decline -------------------------------------------------------------------------------------


def test_declining_a_request_refunds_it_in_full_and_tells_the_learner(clock, mentor_profile, learner_user):
    booking = _pending(learner_user, mentor_profile, at(2, 10))

    response = api_as(mentor_profile.user).post(
        _url(booking, "decline"), {"reason": "Travelling"}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["booking"]["status"] == "declined"
    assert body["booking"]["decline_reason"] == "Travelling"
    assert body["refund"]["policy"] == "full"
    assert body["refund"]["amount"] == {"amount": "60.00", "currency": "USD"}
    assert card_payment_of(booking).status == "refunded"
    assert not BusyInterval.objects.filter(reference=str(booking.pk), is_live=True).exists()
    assert Notification.objects.filter(user=learner_user, type="booking_declined").exists()
    assert _audits(booking, "decline").get().actor == mentor_profile.user


def test_a_confirmed_booking_cannot_be_declined(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))
    before = _written(booking)

    response = api_as(mentor_profile.user).post(_url(booking, "decline"))

    assert response.status_code == 409
    assert _written(booking) == before


# --- cancel --------------------------------------------------------------------------------------


def test_a_cancellation_returns_the_booking_and_its_refund(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))

    response = api_as(learner_user).post(_url(booking, "cancel"), {"reason": "Exam moved"}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["booking"]["status"] == "cancelled"
    assert body["booking"]["cancelled_at"] == iso(NOW)
    assert body["booking"]["cancelled_by"] == "learner"
    assert body["booking"]["cancellation"]["reason"] == "Exam moved"
    refund = body["refund"]
    assert refund["policy"] == "full"
    assert refund["id"] and refund["status"] in ("refund_pending", "succeeded")
    assert refund["amount"] == {"amount": "60.00", "currency": "USD"}
    told = Notification.objects.get(user=mentor_profile.user, type="booking_cancelled")
    assert told.data["booking_id"] == str(booking.pk)
    assert _audits(booking, "cancel").get().actor == learner_user


def test_the_mentor_cancelling_tells_the_learner(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))

    response = api_as(mentor_profile.user).post(_url(booking, "cancel"))

    assert response.status_code == 200
    assert response.json()["booking"]["cancelled_by"] == "mentor"
    assert Notification.objects.filter(user=learner_user, type="booking_cancelled").exists()
    assert not Notification.objects.filter(user=mentor_profile.user, type="booking_cancelled").exists()


@pytest.mark.parametrize(
    "status", ["in_progress", "completed", "no_show_learner", "no_show_mentor", "cancelled", "declined"]
)
def test_a_started_or_finished_booking_cannot_be_cancelled(status, clock, mentor_profile, learner_user):
    booking = BookingFactory(mentor=mentor_profile, learner=learner_user, status=status, start_at=at(0, 7))
    before = _written(booking)

    for client in (api_as(learner_user), api_as(mentor_profile.user)):
        response = client.post(_url(booking, "cancel"), {"reason": "Too late"}, format="json")

        assert response.status_code == 409
        assert response.json()["error"] == "CONFLICT"
    assert _written(booking) == before


# --- reschedule ----------------------------------------------------------------------------------


def test_rescheduling_keeps_id_price_and_payment_and_opens_a_new_room(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))
    old_room, payment = booking.meeting_room_url, card_payment_of(booking)

    response = api_as(learner_user).post(
        _url(booking, "reschedule"), {"new_start_at": iso(at(3, 14)), "reason": "Clash"}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(booking.pk)
    assert (body["start_at"], body["end_at"]) == (iso(at(3, 14)), iso(at(3, 15)))
    assert body["price"] == {"amount": "60.00", "currency": "USD"}
    assert body["payment"]["id"] == str(payment.pk)
    assert body["reschedule_count"] == 1
    assert Payment.objects.filter(object_id=str(booking.pk)).count() == 1
    booking.refresh_from_db()
    assert ROOM.match(booking.meeting_room_url) and booking.meeting_room_url != old_room
    # The old hour is free again, the new one taken.
    assert list(
        BusyInterval.objects.filter(reference=str(booking.pk), is_live=True).values_list("start_at")
    ) == [(at(3, 14),)]
    told = Notification.objects.get(user=mentor_profile.user, type="booking_rescheduled")
    assert told.data["booking_id"] == str(booking.pk)
    assert told.title == f"{learner_user.display_name} moved your session"
    # Both parties are told: the learner who moved it gets the new time for their calendar.
    mine = Notification.objects.get(user=learner_user, type="booking_rescheduled")
    assert mine.title == "You moved your session"
    assert _audits(booking, "reschedule").get().actor == learner_user


def test_rescheduling_by_slot_id_moves_to_that_slot(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))

    response = api_as(mentor_profile.user).post(
        _url(booking, "reschedule"), {"slot_id": slot_id_for(mentor_profile, at(2, 15))}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["start_at"] == iso(at(2, 15))
    assert Notification.objects.filter(user=learner_user, type="booking_rescheduled").exists()


def test_rescheduling_to_a_taken_time_is_409_and_keeps_the_booking(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))
    booked(UserFactory(), mentor_profile, at(3, 14))
    before = _written(booking)

    response = api_as(learner_user).post(
        _url(booking, "reschedule"), {"new_start_at": iso(at(3, 14))}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["error"] == "SLOT_NOT_AVAILABLE"
    assert _written(booking) == before
    assert BusyInterval.objects.filter(reference=str(booking.pk), is_live=True).get().start_at == at(2, 10)


def test_a_session_can_move_into_part_of_its_own_old_time(clock, learner_user):
    mentor = bookable_mentor()
    mentor.schedule.entries.update(slot_duration_minutes=30)
    booking = booked(learner_user, mentor, at(2, 10))

    response = api_as(learner_user).post(
        _url(booking, "reschedule"), {"new_start_at": iso(at(2, 10, 30))}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["start_at"], response.json()["end_at"]) == (
        iso(at(2, 10, 30)),
        iso(at(2, 11, 30)),
    )


def test_rescheduling_onto_another_session_of_the_learner_is_409(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))
    booked(learner_user, bookable_mentor(), at(3, 14))

    response = api_as(mentor_profile.user).post(
        _url(booking, "reschedule"), {"new_start_at": iso(at(3, 14))}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["details"]["reason"] == "learner_busy"
    assert Booking.objects.get(pk=booking.pk).start_at == at(2, 10)


def test_the_learner_can_reschedule_only_until_the_cancellation_deadline(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))
    move = {"new_start_at": iso(at(3, 14))}

    clock.move_to(at(1, 10, 1))  # 23 h 59 min before: past the 24 h deadline
    late = api_as(learner_user).post(_url(booking, "reschedule"), move, format="json")

    assert late.status_code == 409
    assert late.json()["details"]["reason"] == "past_reschedule_deadline"
    assert Booking.objects.get(pk=booking.pk).start_at == at(2, 10)

    clock.move_to(at(1, 10))  # exactly at the deadline
    assert api_as(learner_user).post(_url(booking, "reschedule"), move, format="json").status_code == 200


def test_the_mentor_can_reschedule_until_the_start(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))

    clock.move_to(at(2, 9, 59))
    before_start = api_as(mentor_profile.user).post(
        _url(booking, "reschedule"), {"new_start_at": iso(at(2, 15))}, format="json"
    )
    clock.move_to(at(2, 15))
    at_start = api_as(mentor_profile.user).post(
        _url(booking, "reschedule"), {"new_start_at": iso(at(2, 16))}, format="json"
    )

    assert before_start.status_code == 200
    assert at_start.status_code == 409
    assert Booking.objects.get(pk=booking.pk).start_at == at(2, 15)


def test_rescheduling_needs_a_new_time(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))

    response = api_as(learner_user).post(_url(booking, "reschedule"), {"reason": "Clash"}, format="json")

    assert response.status_code == 400
    assert "slot_id" in response.json()["details"]


# --- PATCH ---------------------------------------------------------------------------------------


def test_the_learner_edits_topic_and_learner_notes(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))

    response = api_as(learner_user).patch(
        _url(booking), {"topic": "System design", "learner_notes": "I read chapter 3."}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["topic"] == "System design"
    assert response.json()["learner_notes"] == "I read chapter 3."
    entry = _audits(booking, "update").get()
    assert entry.actor == learner_user
    assert sorted(entry.details["fields"]) == ["learner_notes", "topic"]


def test_the_mentor_edits_mentor_notes_which_the_learner_does_not_see(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))

    response = api_as(mentor_profile.user).patch(
        _url(booking), {"mentor_notes": "Prepare the mock interview"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["mentor_notes"] == "Prepare the mock interview"
    assert api_as(learner_user).get(_url(booking)).json()["mentor_notes"] is None


@pytest.mark.parametrize(("who", "field"), [("learner", "mentor_notes"), ("mentor", "learner_notes")])
def test_each_party_may_edit_only_its_own_notes(who, field, clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))
    user = learner_user if who == "learner" else mentor_profile.user

    response = api_as(user).patch(_url(booking), {field: "Not mine to write"}, format="json")

    assert response.status_code == 403
    assert response.json()["error"] == "FORBIDDEN"
    assert getattr(Booking.objects.get(pk=booking.pk), field) == ""
    assert not _audits(booking, "update").exists()


def test_every_status_change_is_audited_in_order(clock, mentor_profile, learner_user):
    booking = _pending(learner_user, mentor_profile, at(2, 10))
    clock.shift(timedelta(minutes=1))
    api_as(mentor_profile.user).post(_url(booking, "confirm"))
    clock.shift(timedelta(minutes=1))
    api_as(learner_user).post(_url(booking, "reschedule"), {"new_start_at": iso(at(3, 10))}, format="json")
    clock.shift(timedelta(minutes=1))
    api_as(learner_user).post(_url(booking, "cancel"))

    actions = list(
        AuditEntry.objects.filter(target_id=str(booking.pk))
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )

    # Created and paid in one moment (the card is paid at once), then one change a minute.
    assert set(actions[:2]) == {"booking.create", "booking.paid"}
    assert actions[-3:] == ["booking.confirm", "booking.reschedule", "booking.cancel"]
    assert all(action.startswith("booking.") for action in actions)
    assert Booking.objects.get(pk=booking.pk).start_at == at(3, 10)
    assert Notification.objects.filter(user=learner_user, type="booking_confirmed").exists()
    assert Notification.objects.filter(user=mentor_profile.user, type="booking_rescheduled").exists()
    assert Notification.objects.filter(user=mentor_profile.user, type="booking_cancelled").exists()
