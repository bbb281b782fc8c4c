"""Who may reach a booking (API.md §0: no IDOR): a third user gets 404 on every booking id route
and changes nothing, anonymous callers get 401, and every §3 route is in the OpenAPI schema."""

from __future__ import annotations

import uuid

import pytest

from accounts.models import AuditEntry
from bookings import services
from bookings.models import Booking, Review, SessionNote
from messaging.models import Notification
from tests.api_client import APIClient
from tests.bookings.conftest import api_as
from tests.bookings.factories import BOOKINGS_URL, at, booked, completed, iso
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# (method, suffix after /bookings/{id}, body) for every booking id route of API.md §3.
ROUTES = [
    ("get", "", None),
    ("patch", "", {"topic": "Mine now"}),
    ("post", "/confirm", {}),
    ("post", "/decline", {"reason": "x"}),
    ("post", "/cancel", {"reason": "x"}),
    ("post", "/reschedule", {"new_start_at": iso(at(5, 10))}),
    ("post", "/join", {}),
    ("post", "/complete", {"summary": "x"}),
    ("post", "/mark-no-show", {"party": "learner"}),
    ("get", "/session", None),
    ("get", "/notes", None),
    ("post", "/notes", {"notes": "Peeking", "is_public": True}),
    ("get", "/recording", None),
    ("post", "/recording/share", {"expiry_days": 3}),
    ("get", "/receipt", None),
    ("post", "/review", {"rating": 1, "text": "Never met them"}),
    ("get", "/ics", None),
]
ROUTE_IDS = [f"{method} {suffix or '/'}" for method, suffix, _ in ROUTES]


def _call(client, booking_id, method: str, suffix: str, body):
    url = f"{BOOKINGS_URL}/{booking_id}{suffix}"
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body or {}, format="json")


@pytest.fixture
def finished(clock, mentor_profile, learner_user):
    """A paid, completed session with a shared recording: every GET route has something to show."""
    booking = completed(booked(learner_user, mentor_profile, at(0, 9)))
    services.recording_register(booking_id=booking.pk, url="https://recordings.example.com/r/1.mp4")
    services.recording_share(booking_id=booking.pk, user=mentor_profile.user, now=at(0, 11))
    clock.move_to(at(0, 12))
    return booking


def _footprint(booking) -> tuple:
    booking.refresh_from_db()
    return (
        booking.status,
        booking.updated_at,
        booking.topic,
        AuditEntry.objects.filter(target_id=str(booking.pk)).count(),
        Notification.objects.count(),
        SessionNote.objects.count(),
        Review.objects.count(),
        booking.recording.share_expires_at,
    )


@pytest.mark.parametrize(("method", "suffix", "body"), ROUTES, ids=ROUTE_IDS)
def test_a_third_user_gets_404_and_changes_nothing(method, suffix, body, finished):
    before = _footprint(finished)

    response = _call(api_as(UserFactory()), finished.pk, method, suffix, body)

    assert response.status_code == 404
    assert response.json()["error"] == "NOT_FOUND"
    assert _footprint(finished) == before


@pytest.mark.parametrize(("method", "suffix", "body"), ROUTES, ids=ROUTE_IDS)
def test_the_learner_reaches_every_route_of_their_booking(method, suffix, body, finished):
    response = _call(api_as(finished.learner), finished.pk, method, suffix, body)

    # Allowed, refused (403) or illegal now (409), but never hidden from a party.
    assert response.status_code in (200, 201, 403, 409), response.content


@pytest.mark.parametrize(("method", "suffix", "body"), ROUTES, ids=ROUTE_IDS)
def test_an_unknown_booking_is_404(method, suffix, body, finished):
    assert _call(api_as(finished.learner), uuid.uuid4(), method, suffix, body).status_code == 404


def test_a_stranger_does_not_see_the_booking_in_lists(finished):
    stranger = api_as(UserFactory())

    assert stranger.get(BOOKINGS_URL).json()["total"] == 0
    assert api_as(finished.learner).get(BOOKINGS_URL).json()["total"] == 1


def test_staff_read_a_booking_but_not_its_private_notes_or_recording(finished):
    staff = api_as(UserFactory(is_staff=True))

    assert staff.get(f"{BOOKINGS_URL}/{finished.pk}").status_code == 200
    assert staff.get(f"{BOOKINGS_URL}/{finished.pk}").json()["role"] == "staff"
    assert staff.get(f"{BOOKINGS_URL}/{finished.pk}/session").status_code == 200
    assert staff.get(f"{BOOKINGS_URL}/{finished.pk}/notes").status_code == 404
    assert staff.get(f"{BOOKINGS_URL}/{finished.pk}/recording").status_code == 404


def test_only_the_reviewed_mentor_responds_to_a_review(finished):
    review = services.review_create(booking_id=finished.pk, user=finished.learner, rating=4)
    url = f"/api/v1/reviews/{review.pk}/respond"

    for user in (UserFactory(), finished.learner, UserFactory(is_staff=True)):
        response = api_as(user).post(url, {"response": "Not mine"}, format="json")
        assert response.status_code in (403, 404)
    assert Review.objects.get(pk=review.pk).mentor_response == ""
    assert api_as(finished.mentor.user).post(url, {"response": "Thanks"}, format="json").status_code == 200


# --- the OpenAPI schema --------------------------------------------------------------------------

SCHEMA_ROWS = [
    ("post", "/api/v1/bookings"),
    ("get", "/api/v1/bookings"),
    ("get", "/api/v1/bookings/{id}"),
    ("patch", "/api/v1/bookings/{id}"),
    ("post", "/api/v1/bookings/{id}/confirm"),
    ("post", "/api/v1/bookings/{id}/decline"),
    ("post", "/api/v1/bookings/{id}/cancel"),
    ("post", "/api/v1/bookings/{id}/reschedule"),
    ("post", "/api/v1/bookings/{id}/join"),
    ("post", "/api/v1/bookings/{id}/complete"),
    ("post", "/api/v1/bookings/{id}/mark-no-show"),
    ("get", "/api/v1/bookings/{id}/session"),
    ("get", "/api/v1/bookings/{id}/notes"),
    ("post", "/api/v1/bookings/{id}/notes"),
    ("post", "/api/v1/bookings/{id}/recording/share"),
    ("get", "/api/v1/bookings/{id}/recording"),
    ("get", "/api/v1/bookings/{id}/receipt"),
    ("post", "/api/v1/bookings/{id}/review"),
    ("get", "/api/v1/bookings/{id}/ics"),
    ("post", "/api/v1/reviews/{id}/respond"),
    ("get", "/api/v1/mentors/{id}/reviews"),
    ("get", "/api/v1/calendar-feed"),
    ("post", "/api/v1/calendar-feed"),
    ("delete", "/api/v1/calendar-feed"),
]
# Routes whose request carries a body the schema must describe.
WITH_BODY = {
    ("post", "/api/v1/bookings"),
    ("patch", "/api/v1/bookings/{id}"),
    ("post", "/api/v1/bookings/{id}/decline"),
    ("post", "/api/v1/bookings/{id}/cancel"),
    ("post", "/api/v1/bookings/{id}/reschedule"),
    ("post", "/api/v1/bookings/{id}/complete"),
    ("post", "/api/v1/bookings/{id}/mark-no-show"),
    ("post", "/api/v1/bookings/{id}/notes"),
    ("post", "/api/v1/bookings/{id}/recording/share"),
    ("post", "/api/v1/bookings/{id}/review"),
    ("post", "/api/v1/reviews/{id}/respond"),
}


def test_every_bookings_row_is_in_the_schema_with_its_shapes(db):
    schema = APIClient().get("/api/v1/schema", HTTP_ACCEPT="application/json").json()

    for method, path in SCHEMA_ROWS:
        assert path in schema["paths"], path
        operation = schema["paths"][path].get(method)
        assert operation is not None, (method, path)
        success = next(code for code in operation["responses"] if code.startswith("2"))
        if success != "204":
            assert "content" in operation["responses"][success], (method, path)
        if (method, path) in WITH_BODY:
            assert "requestBody" in operation, (method, path)
    created = schema["paths"]["/api/v1/bookings"]["post"]
    assert "Idempotency-Key" in {p["name"] for p in created["parameters"]}
    assert {"402", "409"} <= set(created["responses"])
    listing = schema["paths"]["/api/v1/bookings"]["get"]
    assert {"role", "status", "upcoming", "mentor_id", "start_date", "end_date", "page", "limit"} <= {
        p["name"] for p in listing["parameters"]
    }


def test_the_stranger_check_does_not_depend_on_the_booking_state(clock, mentor_profile, learner_user):
    # A booking that is still on (not the finished one above): same answer for a stranger.
    booking = booked(learner_user, mentor_profile, at(2, 10))
    stranger = api_as(UserFactory())

    for method, suffix, body in ROUTES:
        assert _call(stranger, booking.pk, method, suffix, body).status_code == 404, (method, suffix)
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"
