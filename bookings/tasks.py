"""Celery tasks of bookings: each loads by id (or takes the clock) and calls one service."""

from __future__ import annotations

from celery import shared_task

from bookings import services


@shared_task(ignore_result=True)
def send_due_reminders() -> int:
    return services.reminders_send_due()


@shared_task(ignore_result=True)
def expire_unpaid() -> int:
    return services.bookings_expire_unpaid()


@shared_task(ignore_result=True)
def expire_unconfirmed() -> int:
    return services.bookings_expire_unconfirmed()


@shared_task(ignore_result=True)
def complete_finished() -> int:
    return services.bookings_finish()


@shared_task(ignore_result=True)
def purge_expired_recordings() -> int:
    return services.recordings_purge()


@shared_task(bind=True, ignore_result=True, max_retries=10, default_retry_delay=300)
def refund_booking(self, booking_id: str) -> None:
    """The full card refund a closed booking is owed (retried while the gateway is down)."""
    from bookings.models import Booking
    from bookings.services import money
    from payments.gateways import GatewayError
    from payments.services import refund_owed

    booking = Booking.objects.filter(pk=booking_id).first()
    if booking is None:
        return
    try:
        refund_owed(purpose=money.PURPOSE, object_id=booking_id, reason=money.refund_reason(booking))
    except GatewayError as error:
        raise self.retry(exc=error) from error


@shared_task(ignore_result=True)
def waitlist_match(mentor_id: str) -> int:
    return len(services.waitlist_match(mentor_id=mentor_id))


@shared_task(ignore_result=True)
def waitlist_expire_offers() -> int:
    """Every minute: offers past their 30 minutes pass on to the next learner at once (only the
    mentors of those offers are matched again)."""
    return services.offers_expire()


@shared_task(ignore_result=True)
def waitlist_run() -> int:
    """Every 10 minutes, the safety net: expired offers pass on, old entries close, and every
    mentor someone waits for is matched again. Freed time is matched as it is freed (a cancel,
    decline, expiry, reschedule, schedule or calendar change); this catches what no event
    announced, e.g. a mentor who takes bookings again."""
    services.offers_expire()
    services.entries_expire()
    made = 0
    for mentor_id in services.mentors_waiting():
        made += len(services.waitlist_match(mentor_id=mentor_id))
    return made


@shared_task(ignore_result=True)
def ensure_room(booking_id: str) -> None:
    services.room_ensure(booking_id=booking_id)
