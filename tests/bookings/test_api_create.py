"""POST /api/v1/bookings (API.md §3, "Creating a booking"): the requested time, the price, each
way to pay, the checks, bad input and Idempotency-Key."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest

from bookings.models import Booking
from mentors.models import BusyInterval, BusySource
from messaging.models import Notification
from payments.models import CreditEntry, CreditWallet, PackagePurchase, Payment
from tests.bookings.conftest import NOW, api_as
from tests.bookings.factories import (
    BOOKINGS_URL,
    api_book,
    at,
    bookable_mentor,
    booked,
    buy_package,
    give_credits,
    iso,
)
from tests.factories import UserFactory
from tests.mentors.factories import ServiceFactory
from tests.payments.conftest import pay

pytestmark = pytest.mark.django_db


def _slots(client, mentor, day: str) -> list[dict]:
    response = client.get("/api/v1/slots", {"mentor_id": str(mentor.pk), "start_date": day, "end_date": day})
    assert response.status_code == 200
    return response.json()["items"]


def _balance(user) -> int:
    return CreditWallet.objects.filter(user=user).values_list("balance", flat=True).first() or 0


# --- the requested time -----------------------------------------------------------------------------


def test_a_slot_id_from_get_slots_books_exactly_that_slot(clock, mentor_profile, as_learner):
    slot = _slots(as_learner, mentor_profile, "2027-03-02")[2]

    response = as_learner.post(BOOKINGS_URL, {"slot_id": slot["id"], "timezone": "UTC"}, format="json")

    assert response.status_code == 201
    booking = response.json()["booking"]
    assert (booking["start_at"], booking["end_at"]) == (slot["start_at"], slot["end_at"])
    assert booking["duration_minutes"] == slot["duration_minutes"] == 60
    assert booking["mentor"]["id"] == str(mentor_profile.pk)
    assert slot["id"] not in [s["id"] for s in _slots(as_learner, mentor_profile, "2027-03-02")]


def test_start_at_and_duration_mean_the_same_slot_as_its_slot_id(clock, mentor_profile, as_learner):
    slot = _slots(as_learner, mentor_profile, "2027-03-02")[0]
    first = api_book(as_learner, mentor_profile, at(1, 9))
    assert first.status_code == 201
    assert first.json()["booking"]["start_at"] == slot["start_at"] == "2027-03-02T09:00:00Z"

    # Another learner now asks for the same slot by its id: it is the one just taken.
    second = api_as(UserFactory()).post(BOOKINGS_URL, {"slot_id": slot["id"]}, format="json")

    assert second.status_code == 409
    assert second.json()["error"] == "SLOT_NOT_AVAILABLE"


# --- the price ------------------------------------------------------------------------------------


def test_a_service_sets_the_price_and_the_embedded_payment_splits_it(clock, mentor_profile, as_learner):
    service = ServiceFactory(mentor=mentor_profile, price=Decimal("75.00"), duration_minutes=60)

    response = api_book(as_learner, mentor_profile, at(1, 10), service_id=str(service.pk))

    assert response.status_code == 201
    body = response.json()
    assert body["booking"]["price"] == {"amount": "75.00", "currency": "USD"}
    assert body["booking"]["service"] == {"id": str(service.pk), "title": service.title}
    payment = body["payment"]
    assert payment["amount"] == {"amount": "75.00", "currency": "USD"}
    assert payment["platform_fee"] == {"amount": "11.25", "currency": "USD"}
    assert payment["mentor_payout"] == {"amount": "63.75", "currency": "USD"}
    assert payment["client_secret"] and payment["id"]


def test_without_a_service_the_hourly_rate_counts_pro_rata_in_the_mentors_currency(clock, as_learner):
    mentor = bookable_mentor(hourly_rate=Decimal("50.00"), currency="EUR")

    response = api_book(as_learner, mentor, at(1, 10), duration=90)

    assert response.status_code == 201
    body = response.json()
    # 50.00 an hour for 90 minutes.
    assert body["booking"]["price"] == {"amount": "75.00", "currency": "EUR"}
    assert body["payment"]["platform_fee"] == {"amount": "11.25", "currency": "EUR"}
    assert body["payment"]["mentor_payout"] == {"amount": "63.75", "currency": "EUR"}
    assert Payment.objects.get(pk=body["payment"]["id"]).currency == "EUR"


# --- paying by card -------------------------------------------------------------------------------


def test_a_card_booking_waits_for_payment_with_its_slot_held_for_15_minutes(
    clock, mentor_profile, as_learner
):
    response = api_book(as_learner, mentor_profile, at(1, 10))

    assert response.status_code == 201
    booking = response.json()["booking"]
    assert booking["status"] == "pending_payment"
    assert booking["payment_due_at"] == iso(NOW + timedelta(minutes=15))
    hold = BusyInterval.objects.get(reference=booking["id"], is_live=True)
    assert hold.source == BusySource.HOLD
    assert "2027-03-02T10:00:00Z" not in [
        s["start_at"] for s in _slots(as_learner, mentor_profile, "2027-03-02")
    ]


def test_paying_the_card_confirms_the_booking_when_the_mentor_auto_confirms(
    clock, mentor_profile, learner_user
):
    as_learner = api_as(learner_user)
    body = api_book(as_learner, mentor_profile, at(1, 10)).json()

    pay(Payment.objects.get(pk=body["payment"]["id"]))

    detail = as_learner.get(f"{BOOKINGS_URL}/{body['booking']['id']}").json()
    assert detail["status"] == "confirmed"
    assert detail["payment"]["status"] == "succeeded"
    assert BusyInterval.objects.get(reference=detail["id"], is_live=True).source == BusySource.BOOKING
    assert Notification.objects.filter(user=learner_user, type="booking_confirmed").exists()


def test_paying_the_card_asks_the_mentor_when_auto_confirm_is_off(clock, mentor_profile, learner_user):
    mentor_profile.schedule.auto_confirm = False
    mentor_profile.schedule.save()
    body = api_book(api_as(learner_user), mentor_profile, at(1, 10)).json()

    pay(Payment.objects.get(pk=body["payment"]["id"]))

    booking = Booking.objects.get(pk=body["booking"]["id"])
    assert booking.status == "pending"
    assert booking.confirm_by == NOW + timedelta(hours=24)
    request = Notification.objects.get(user=mentor_profile.user, type="booking_requested")
    assert request.data["booking_id"] == str(booking.pk)


def test_a_declined_card_is_402_and_frees_the_slot_again(clock, mentor_profile, as_learner):
    response = api_book(as_learner, mentor_profile, at(1, 10), card="pm_card_chargeDeclined")

    assert response.status_code == 402
    assert response.json()["error"] == "PAYMENT_REQUIRED"
    assert not BusyInterval.objects.filter(mentor=mentor_profile, is_live=True).exists()
    assert "2027-03-02T10:00:00Z" in [s["start_at"] for s in _slots(as_learner, mentor_profile, "2027-03-02")]
    assert api_book(api_as(UserFactory()), mentor_profile, at(1, 10)).status_code == 201


# --- credits, packages, free sessions ---------------------------------------------------------------


def test_credits_are_charged_at_once_and_the_booking_is_confirmed(clock, learner_user):
    mentor = bookable_mentor(credit_price=3)
    give_credits(learner_user, 5)

    response = api_book(api_as(learner_user), mentor, at(1, 10), payment_method="credits")

    assert response.status_code == 201
    body = response.json()
    assert body["payment"] is None
    assert body["booking"]["status"] == "confirmed"
    assert body["booking"]["payment_method"] == "credits"
    assert body["booking"]["credit_price"] == 3
    assert _balance(learner_user) == 2
    assert _balance(mentor.user) == 3
    spent = CreditEntry.objects.get(wallet__user=learner_user, type="spent")
    assert (spent.amount, spent.object_id) == (-3, body["booking"]["id"])


def test_too_few_credits_is_402_and_writes_nothing(clock, mentor_profile, learner_user):
    entries_before = CreditEntry.objects.count()

    response = api_book(api_as(learner_user), mentor_profile, at(1, 10), payment_method="credits")

    assert response.status_code == 402
    assert response.json()["error"] == "PAYMENT_REQUIRED"
    assert not Booking.objects.exists()
    assert not BusyInterval.objects.filter(mentor=mentor_profile).exists()
    assert CreditEntry.objects.count() == entries_before


def test_a_package_pays_with_one_of_its_sessions(clock, mentor_profile, learner_user):
    purchase = buy_package(learner_user, mentor_profile, sessions=5)

    response = api_book(
        api_as(learner_user),
        mentor_profile,
        at(1, 10),
        payment_method="package",
        package_purchase_id=str(purchase.pk),
    )

    assert response.status_code == 201
    booking = response.json()["booking"]
    assert booking["status"] == "confirmed"
    assert booking["package_purchase_id"] == str(purchase.pk)
    assert response.json()["payment"] is None
    purchase.refresh_from_db()
    assert purchase.sessions_remaining == 4


@pytest.mark.parametrize("problem", ["none_left", "expired", "other_mentor", "other_duration"])
def test_a_package_that_cannot_pay_is_402_and_writes_nothing(problem, clock, mentor_profile, learner_user):
    if problem == "other_mentor":
        purchase = buy_package(learner_user, bookable_mentor())
    else:
        purchase = buy_package(
            learner_user, mentor_profile, sessions=1, duration=30 if problem == "other_duration" else 60
        )
    if problem == "none_left":
        booked(
            learner_user, mentor_profile, at(2, 10), method="package", package_purchase_id=str(purchase.pk)
        )
    if problem == "expired":
        PackagePurchase.objects.filter(pk=purchase.pk).update(expires_at=NOW - timedelta(minutes=1))
    purchase.refresh_from_db()
    bookings_before = Booking.objects.count()

    response = api_book(
        api_as(learner_user),
        mentor_profile,
        at(1, 10),
        payment_method="package",
        package_purchase_id=str(purchase.pk),
    )

    assert response.status_code == 402
    assert response.json()["error"] == "PAYMENT_REQUIRED"
    assert Booking.objects.count() == bookings_before
    assert not BusyInterval.objects.filter(session_start_at=at(1, 10), is_live=True).exists()
    assert PackagePurchase.objects.get(pk=purchase.pk).sessions_remaining == purchase.sessions_remaining


def test_a_free_session_skips_payment(clock, mentor_profile, as_learner):
    service = ServiceFactory(mentor=mentor_profile, price=Decimal("0.00"), title="Intro call")

    response = api_book(as_learner, mentor_profile, at(1, 10), service_id=str(service.pk))

    assert response.status_code == 201
    body = response.json()
    assert body["payment"] is None
    assert body["booking"]["status"] == "confirmed"
    assert body["booking"]["payment_method"] == "free"
    assert not Payment.objects.filter(object_id=body["booking"]["id"]).exists()


# --- the checks -----------------------------------------------------------------------------------


def test_a_taken_slot_is_409_slot_not_available(clock, mentor_profile, as_learner):
    booked(UserFactory(), mentor_profile, at(1, 10))

    response = api_book(as_learner, mentor_profile, at(1, 10))

    assert response.status_code == 409
    assert response.json()["error"] == "SLOT_NOT_AVAILABLE"


def test_a_time_inside_the_minimum_notice_is_409(clock, mentor_profile, as_learner):
    mentor_profile.schedule.min_notice_hours = 24
    mentor_profile.schedule.save()

    too_soon = api_book(as_learner, mentor_profile, at(0, 14))
    far_enough = api_book(as_learner, mentor_profile, at(1, 9))

    assert too_soon.status_code == 409
    assert too_soon.json()["error"] == "SLOT_NOT_AVAILABLE"
    assert far_enough.status_code == 201


def test_a_time_beyond_the_maximum_advance_is_409(clock, mentor_profile, as_learner):
    mentor_profile.schedule.max_advance_days = 30
    mentor_profile.schedule.save()

    too_far = api_book(as_learner, mentor_profile, at(31, 10))
    in_range = api_book(as_learner, mentor_profile, at(29, 10))

    assert too_far.status_code == 409
    assert too_far.json()["error"] == "SLOT_NOT_AVAILABLE"
    assert in_range.status_code == 201


def test_a_window_overlapping_another_booking_of_the_mentor_is_409(clock, as_learner):
    mentor = bookable_mentor()
    # Half-hour slots, so 10:30-11:30 is a window of its own, overlapping 10:00-11:00.
    mentor.schedule.entries.update(slot_duration_minutes=30)
    booked(UserFactory(), mentor, at(1, 10))

    overlapping = api_book(as_learner, mentor, at(1, 10, 30))
    after_it = api_book(as_learner, mentor, at(1, 11))

    assert overlapping.status_code == 409
    assert overlapping.json()["error"] == "SLOT_NOT_AVAILABLE"
    assert after_it.status_code == 201


def test_a_learner_cannot_be_in_two_sessions_at_once_even_with_two_mentors(
    clock, mentor_profile, learner_user
):
    booked(learner_user, bookable_mentor(), at(1, 10))

    response = api_book(api_as(learner_user), mentor_profile, at(1, 10))

    assert response.status_code == 409
    assert response.json()["error"] == "SLOT_NOT_AVAILABLE"
    assert response.json()["details"]["reason"] == "learner_busy"
    assert not BusyInterval.objects.filter(mentor=mentor_profile).exists()


def test_a_mentor_cannot_book_themselves(clock, mentor_profile, as_mentor):
    response = api_book(as_mentor, mentor_profile, at(1, 10))

    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slot_id": "not-a-slot", "start_at": None}, "slot_id"),
        ({"service_id": str(uuid.uuid4())}, "service_id"),
        ({"duration_minutes": None}, "duration_minutes"),
        ({"duration_minutes": 50}, "duration_minutes"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"lesson_type": "teleport"}, "lesson_type"),
        ({"lesson_type": "in_person"}, "lesson_type"),
        ({"payment_method": "package"}, "package_purchase_id"),
    ],
)
def test_bad_input_is_400_naming_the_field(changes, field, clock, as_learner):
    mentor = bookable_mentor(lesson_types=["video"])
    body = {"mentor_id": str(mentor.pk), "start_at": iso(at(1, 10)), "duration_minutes": 60, **changes}
    body = {key: value for key, value in body.items() if value is not None}

    response = as_learner.post(BOOKINGS_URL, body, format="json")

    assert response.status_code == 400, response.json()
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert field in response.json()["details"]
    assert not Booking.objects.exists()


# --- Idempotency-Key -------------------------------------------------------------------------------


def test_the_same_idempotency_key_and_body_return_the_same_booking(clock, mentor_profile, as_learner):
    first = api_book(as_learner, mentor_profile, at(1, 10), headers={"Idempotency-Key": "book-1"})
    again = api_book(as_learner, mentor_profile, at(1, 10), headers={"Idempotency-Key": "book-1"})

    assert first.status_code == again.status_code == 201
    assert again.json()["booking"]["id"] == first.json()["booking"]["id"]
    assert again.json()["payment"]["id"] == first.json()["payment"]["id"]
    assert Booking.objects.count() == 1
    assert Payment.objects.count() == 1


def test_the_same_idempotency_key_with_another_body_is_409(clock, mentor_profile, as_learner):
    first = api_book(as_learner, mentor_profile, at(1, 10), headers={"Idempotency-Key": "book-1"})
    other = api_book(as_learner, mentor_profile, at(1, 12), headers={"Idempotency-Key": "book-1"})

    assert first.status_code == 201
    assert other.status_code == 409
    assert other.json()["error"] == "CONFLICT"
    assert Booking.objects.count() == 1
