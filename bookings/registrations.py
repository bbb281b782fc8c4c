"""What bookings registers with the lower apps that cannot import it (DESIGN.md): the payable
kind booking (payments), who may open a session's live room and who is in it (messaging), and
the public reviews of a mentor (mentors), and completed sessions for resumes (accounts)."""

from __future__ import annotations

import uuid

from django.utils import timezone

from messaging import realtime
from payments import registry


def resolve_booking(object_id: str, payer) -> registry.Payable | None:
    from bookings.models import Booking
    from bookings.selectors import refund_owed_now
    from bookings.services._common import booking_created_here

    try:
        booking_id = uuid.UUID(str(object_id))
    except ValueError:
        return None
    booking = new = booking_created_here(booking_id)
    if booking is None:
        booking = (
            Booking.objects.select_related("mentor__user", "mentor__schedule", "service")
            .filter(pk=booking_id, learner=payer)
            .first()
        )
    if booking is None or booking.learner_id != payer.pk:
        return None
    title = booking.service.title if booking.service else f"{booking.duration_minutes}-minute session"
    return registry.Payable(
        amount=booking.price,
        currency=booking.currency,
        credit_price=booking.credit_price,
        mentor=booking.mentor,
        description=f"{title} with {booking.mentor.user.display_name} on {booking.start_at:%d %b %Y %H:%M} UTC",
        payer_may_pay=booking.status == "pending_payment",
        payer_may_refund=refund_owed_now(booking, now=timezone.now()),
        service_title=booking.service.title if booking.service else "1:1 session",
        new_in_this_transaction=new is not None,
    )


def session_access(user, booking_id) -> realtime.SessionAccess:
    from bookings.models import Booking

    booking = Booking.objects.select_related("mentor").filter(pk=booking_id).first()
    if booking is None:
        return realtime.SessionAccess.NOT_FOUND
    if booking.party_of(user) is None:
        return realtime.SessionAccess.FORBIDDEN
    return realtime.SessionAccess.ALLOWED


def session_presence(user, booking_id, joined: bool) -> None:
    from bookings.services import session_presence as presence

    presence(user=user, booking_id=booking_id, joined=joined)


def public_reviews(*, mentor, rating=None, has_response=None, sort="newest"):
    from bookings.selectors import mentor_public_reviews

    return mentor_public_reviews(mentor=mentor, rating=rating, has_response=has_response, sort=sort)


def booking_paid(booking_id: str, method: str) -> None:
    from bookings.services import booking_mark_paid

    booking_mark_paid(booking_id=booking_id, method=method)


def booking_refunded(booking_id: str) -> None:
    # A full refund asked for through payments (or given at the provider) while the booking is
    # still on ends the booking; one that bookings asked for finds it closed already.
    from bookings.services import booking_cancel_refunded

    booking_cancel_refunded(booking_id=booking_id)


def register_all() -> None:
    from accounts.portfolio import facts
    from bookings.facts import completed_sessions
    from mentors import extensions

    # Resumes and portfolios (accounts) list the learner's completed sessions.
    facts.register("experience", completed_sessions)

    registry.register_payable(
        registry.PayableKind.BOOKING, resolve_booking, on_paid=booking_paid, on_full_refund=booking_refunded
    )
    realtime.register_session_access(session_access)
    realtime.register_session_presence(session_presence)
    extensions.register_reviews(public_reviews)
