"""Mentorship opportunities are booked through POST /bookings with `opportunity_id` (API.md §6);
any other opportunity, or another mentor's, is a 400 naming the field."""

from __future__ import annotations

import pytest

from bookings.models import Booking
from learning.models import OpportunityType
from tests.bookings.conftest import api_as, clock  # noqa: F401 - the frozen Monday of the booking tests
from tests.bookings.factories import api_book, at, bookable_mentor
from tests.factories import UserFactory
from tests.learning.factories import opportunity

pytestmark = pytest.mark.django_db


def test_a_mentorship_offer_is_booked_with_its_mentor(clock):  # noqa: F811
    mentor = bookable_mentor()
    offer = opportunity(type=OpportunityType.MENTORSHIP, mentor=mentor)
    client = api_as(UserFactory(timezone="UTC"))

    response = api_book(client, mentor, at(1, 10), opportunity_id=str(offer.pk), timezone="UTC")

    assert response.status_code == 201, response.content
    assert Booking.objects.get().opportunity_id == offer.pk


@pytest.mark.parametrize("case", ["course", "other_mentor"])
def test_a_course_or_another_mentors_offer_is_400(case, clock):  # noqa: F811
    mentor = bookable_mentor()
    if case == "course":
        item = opportunity(type=OpportunityType.COURSE, mentor=mentor, lessons=1)
    else:
        item = opportunity(type=OpportunityType.MENTORSHIP, mentor=bookable_mentor())
    client = api_as(UserFactory(timezone="UTC"))

    response = api_book(client, mentor, at(1, 10), opportunity_id=str(item.pk), timezone="UTC")

    assert response.status_code == 400
    assert "opportunity_id" in response.json()["details"]
    assert not Booking.objects.exists()
