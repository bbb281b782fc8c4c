"""How a booking's money moves, through payments' services (bookings sits above payments).

Credits and package sessions live in our own tables and move inside the booking's transaction.
A card charge or refund talks to the gateway and runs outside any transaction; a refund the
gateway could not take now is retried by a task.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bookings.models import Booking, PaymentMethod
from payments import services as payment_services
from payments.gateways import GatewayError
from payments.registry import PayableKind

logger = logging.getLogger("mentora.bookings")

PURPOSE = PayableKind.BOOKING


def pay_with_credits(*, booking: Booking) -> None:
    # payments sends credits_transferred inside this call; bookings' receiver marks it paid.
    payment_services.credits_transfer(payer=booking.learner, purpose=PURPOSE, object_id=str(booking.pk))


def pay_with_package(*, booking: Booking, now: datetime) -> None:
    payment_services.package_session_use(
        purchase_id=booking.package_purchase_id,
        learner=booking.learner,
        mentor=booking.mentor,
        duration_minutes=booking.duration_minutes,
        reference=str(booking.pk),
        now=now,
    )


def card_payment_create(*, booking: Booking, card: str | None):
    return payment_services.payment_create(
        payer=booking.learner, purpose=PURPOSE, object_id=str(booking.pk), payment_method=card or None
    )


def give_back_in_house(booking: Booking) -> None:
    """Credits back to the ledger, or the package session restored (inside the transaction)."""
    if booking.payment_method == PaymentMethod.CREDITS:
        payment_services.credits_refund(purpose=PURPOSE, object_id=str(booking.pk), reason="booking refunded")
    elif booking.payment_method == PaymentMethod.PACKAGE and booking.package_purchase_id:
        payment_services.package_session_restore(
            purchase_id=booking.package_purchase_id, reference=str(booking.pk)
        )


def release_earnings(booking: Booking, *, now: datetime) -> None:
    """The mentor's share of the card payment becomes available (delivered, or owed anyway)."""
    payment_services.earnings_release(purpose=PURPOSE, object_id=str(booking.pk), now=now)


def card_refund(booking: Booking, *, actor):
    """The full refund a card booking is owed, asked for now (call after the booking's
    transaction). Returns the Refund, or None when nothing was paid by card. If the gateway is
    down the booking stays as it is and a task tries again."""
    if booking.payment_method != PaymentMethod.CARD:
        return None
    try:
        return payment_services.refund_owed(
            purpose=PURPOSE, object_id=str(booking.pk), reason=refund_reason(booking), actor=actor
        )
    except GatewayError:
        from bookings import tasks

        logger.warning("Refund of booking %s could not reach the gateway; retrying later", booking.pk)
        tasks.refund_booking.apply_async(args=[str(booking.pk)], countdown=60)
        return None


def card_payment_abandon(booking: Booking) -> None:
    """A card booking closed before it was paid: its open payment is cancelled at the gateway
    (after the booking's transaction), so nobody pays for a booking that is gone."""
    if booking.payment_method == PaymentMethod.CARD and booking.paid_at is None:
        try:
            payment_services.payment_abandon(purpose=PURPOSE, object_id=str(booking.pk))
        except GatewayError:
            # The intent expires at the gateway anyway; a late success is refunded.
            logger.warning("Could not cancel the open payment of booking %s", booking.pk)


def settle(booking: Booking, *, actor):
    """After a booking closed (its transaction committed): the card refund it is owed, or the
    cancellation of its payment that never happened. Returns the Refund, if one was asked for."""
    if booking.paid_at is None:
        card_payment_abandon(booking)
        return None
    if booking.refund_policy == "full":
        return card_refund(booking, actor=actor)
    return None


def refund_after_commit(booking: Booking) -> None:
    """For callers inside a transaction (a job, a webhook): the card refund is asked for once
    the booking's change has committed."""
    if booking.payment_method != PaymentMethod.CARD:
        return
    from bookings import tasks

    tasks.refund_booking.delay_on_commit(str(booking.pk))


def refund_reason(booking: Booking) -> str:
    return {
        "cancelled": "Booking cancelled",
        "declined": "Booking declined by the mentor",
        "expired": "Booking expired unconfirmed",
        "no_show_mentor": "The mentor did not come",
    }.get(booking.status, "Booking refunded")
