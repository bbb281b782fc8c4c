"""Services that talk to the payment gateway after their own transaction refuse to run inside
someone else's: the gateway would be called while the caller's transaction is still open."""

from __future__ import annotations

import pytest
from django.db import transaction

from bookings import services
from bookings.models import BookingStatus
from payments.models import Refund
from tests.bookings.factories import at, booked

pytestmark = pytest.mark.django_db


def test_cancelling_a_card_booking_inside_an_outer_transaction_fails_loudly(
    clock, mentor_profile, learner_user
):
    booking = booked(learner_user, mentor_profile, at(3, 10))
    assert booking.paid_at is not None

    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.booking_cancel(booking_id=booking.pk, user=learner_user)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert not Refund.objects.exists()


def test_the_same_cancellation_on_its_own_refunds_the_card(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(3, 10))

    cancelled, refund = services.booking_cancel(booking_id=booking.pk, user=learner_user)

    assert cancelled.status == BookingStatus.CANCELLED
    assert refund is not None and refund.amount == booking.price
