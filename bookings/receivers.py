"""bookings' listeners: messaging about reminder deliveries, mentors about freed time (after its
commit). A booking's money reaches it through the handlers it registers with its payable kind
(bookings.registrations)."""

from __future__ import annotations

from django.dispatch import receiver
from django.utils import timezone

from mentors.signals import availability_changed
from messaging.models import NotificationDelivery
from messaging.signals import delivery_attempted


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
