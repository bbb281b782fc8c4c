"""seed_demo's bookings part: past sessions reviewed through the services (so the demo mentors'
ratings add up), upcoming sessions for Lea, a request waiting for a mentor; twice adds nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from accounts import demo as accounts_demo
from bookings import demo
from bookings.models import Booking, BookingStatus, Review
from mentors import demo as mentors_demo
from mentors.models import MentorProfile
from payments import demo as payments_demo
from tests.conftest import ensure_taxonomy

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = io.StringIO()
    for module in (accounts_demo, mentors_demo, payments_demo, demo):
        module.seed(out)
    return out.getvalue()


def _mentor(name: str) -> MentorProfile:
    return MentorProfile.objects.get(user__email=mentors_demo._email(name))


def test_seeding_makes_reviewed_past_sessions_upcoming_ones_and_a_request_and_again_adds_nothing(db):
    ensure_taxonomy()

    first = _seed()

    assert f"bookings: {len(demo.PAST)} past sessions with reviews, 2 upcoming, 1 request waiting" in first
    completed = Booking.objects.filter(status=BookingStatus.COMPLETED)
    assert completed.count() == Review.objects.count() == len(demo.PAST)
    dana = _mentor("Dana Fischer")
    # Ratings 5 and 4, written through review_create: the profile's figures follow.
    assert (dana.total_reviews, dana.average_rating) == (2, Decimal("4.50"))
    assert dana.rating_distribution["5"] == 1 and dana.rating_distribution["4"] == 1
    assert dana.total_sessions_completed == 2
    lea_upcoming = Booking.objects.filter(learner__email=demo.LEA, status=BookingStatus.CONFIRMED)
    assert lea_upcoming.count() == 2
    assert all(b.meeting_room_url and b.paid_at for b in lea_upcoming)
    tom = _mentor("Tom Whitaker")
    assert tom.schedule.auto_confirm is False
    pending = Booking.objects.get(status=BookingStatus.PENDING)
    assert pending.mentor == tom and pending.learner.email == demo.LEA
    assert tom.total_reviews == 2  # his past sessions were confirmed by hand, then reviewed

    before = (Booking.objects.count(), Review.objects.count(), _mentor("Dana Fischer").total_reviews)
    again = _seed()

    assert (Booking.objects.count(), Review.objects.count(), _mentor("Dana Fischer").total_reviews) == before
    assert "bookings: 0 past sessions with reviews, 0 upcoming, 0 request waiting" in again
