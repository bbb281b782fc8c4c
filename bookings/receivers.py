"""bookings' listeners: payments tells it about a booking's money, mentors about freed time.

payments' signals arrive inside the transaction that changed the payment (so the booking
changes with it, once); mentors' availability_changed arrives after its commit.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.utils import timezone

from mentors.signals import availability_changed
from messaging.models import NotificationDelivery
from messaging.signals import delivery_attempted
from payments.models import CreditEntry, Payment
from payments.registry import PayableKind
from payments.signals import credits_transferred, payment_refunded, payment_succeeded


def _is_booking(purpose: str) -> bool:
    # payments' own tests register their stand-in under its own name: a booking is a booking.
    return purpose == PayableKind.BOOKING


@receiver(payment_succeeded, sender=Payment, dispatch_uid="bookings.card_paid")
def card_paid(sender, payment: Payment, purpose: str, object_id: str, **kwargs) -> None:
    if _is_booking(purpose):
        from bookings.services import booking_mark_paid

        booking_mark_paid(booking_id=object_id, method="card")


@receiver(credits_transferred, sender=CreditEntry, dispatch_uid="bookings.credits_paid")
def credits_paid(sender, entry, purpose: str, object_id: str, **kwargs) -> None:
    if _is_booking(purpose):
        from bookings.services import booking_mark_paid

        booking_mark_paid(booking_id=object_id, method="credits")


@receiver(payment_refunded, sender=Payment, dispatch_uid="bookings.refunded")
def refunded(sender, payment: Payment, refund, purpose: str, object_id: str, full: bool, **kwargs) -> None:
    # A full refund asked for through payments (or given at the provider) while the booking is
    # still on ends the booking; one that bookings asked for finds it closed already.
    if full and _is_booking(purpose):
        from bookings.services import booking_cancel_refunded

        booking_cancel_refunded(booking_id=object_id)


@receiver(delivery_attempted, sender=NotificationDelivery, dispatch_uid="bookings.reminder_delivery")
def reminder_delivery_logged(sender, delivery: NotificationDelivery, **kwargs) -> None:
    """Each e-mail, push or SMS attempt of a reminder goes into its log (the admin shows it)."""
    from bookings.models import Reminder, ReminderAttempt

    reminder = Reminder.objects.filter(notification_id=delivery.notification_id).first()
    if reminder is not None:
        ReminderAttempt.objects.create(
            reminder=reminder,
            channel=delivery.channel,
            status=delivery.status,
            detail=delivery.detail[:2000],
            created_at=timezone.now(),
        )


@receiver(availability_changed, dispatch_uid="bookings.availability_changed")
def availability_changed_receiver(sender, mentor_id, **kwargs) -> None:
    """The mentor's schedule or calendar changed (after its commit): time may have freed up
    for learners on the waitlist."""
    from bookings import tasks

    tasks.waitlist_match.delay(str(mentor_id))
