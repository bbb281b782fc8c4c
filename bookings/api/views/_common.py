"""What every bookings API view uses: the OpenAPI tags, parsing, the output context, and the
responses several views share."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import status
from rest_framework.response import Response

from bookings import selectors
from bookings.api import serializers as s
from core.api import parsed  # noqa: F401 (the bookings views take it from here)
from core.idempotency import IDEMPOTENCY_HEADER  # noqa: F401 (likewise)

BOOKINGS = ["bookings"]
SESSIONS = ["bookings: sessions"]
REVIEWS = ["reviews"]
CALENDARS = ["calendars"]
WAITLIST = ["waitlist"]


def context(request, **extra) -> dict:
    return {"user": request.user, "now": timezone.now(), **extra}


def detail(request, booking, **extra) -> dict:
    return s.BookingDetailOut(booking, context=context(request, **extra)).data


def fresh(request, booking_id) -> dict:
    """The booking as the caller sees it after a change (read again with everything joined)."""
    return detail(request, selectors.booking_get_for_user(user=request.user, booking_id=booking_id))


def created(request, booking, payment) -> Response:
    """201 with the booking and, for a card booking, its embedded payment (API.md §3)."""
    body = {
        "booking": detail(request, selectors.booking_as_created(booking)),
        "payment": s.CreatedPaymentOut(payment).data if payment is not None else None,
    }
    return Response(body, status=status.HTTP_201_CREATED)


def closed_response(request, booking) -> dict:
    booking = selectors.booking_get_for_user(user=request.user, booking_id=booking.pk)
    payment = selectors.payment_for(booking)
    refund = selectors.refund_summary(booking, payment=payment)
    return {
        "booking": detail(request, booking, payment=payment, refund=refund),
        "refund": s.RefundSummaryOut(refund).data if refund is not None else None,
    }
