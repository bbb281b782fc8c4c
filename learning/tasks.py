"""Celery tasks of learning: each loads by id (or takes the clock) and calls one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def expire_unpaid() -> int:
    from learning.services.enrollment import enrollments_expire_unpaid

    return enrollments_expire_unpaid()


@shared_task(ignore_result=True)
def send_start_reminders() -> int:
    from learning.services.enrollment import start_reminders_send

    return start_reminders_send()


@shared_task(ignore_result=True)
def opportunity_embedding_refresh(opportunity_id: str) -> bool:
    from learning.services.recommend import opportunity_embeddings_refresh

    return opportunity_embeddings_refresh(opportunity_ids=[opportunity_id]) > 0


@shared_task(bind=True, ignore_result=True, max_retries=10, default_retry_delay=300)
def refund_enrollment(self, enrollment_id: str) -> None:
    """The full card refund a cancelled enrollment is owed (retried while the gateway is down)."""
    from learning.models import Enrollment
    from learning.services.enrollment import PURPOSE
    from payments import services as payment_services
    from payments.gateways import GatewayError

    if not Enrollment.objects.filter(pk=enrollment_id).exists():
        return
    try:
        payment_services.refund_owed(purpose=PURPOSE, object_id=enrollment_id, reason="Enrollment cancelled")
    except GatewayError as error:
        raise self.retry(exc=error) from error


@shared_task(ignore_result=True)
def send_streak_reminders() -> int:
    from learning.services.streaks import streak_reminders_send

    return streak_reminders_send()
