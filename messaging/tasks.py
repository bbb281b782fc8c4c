"""Celery tasks of messaging: load by id, call one service (STYLE.md)."""

from __future__ import annotations

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def deliver_notification(notification_id: str, channel: str) -> str | None:
    """E-mail, push or SMS copy of one notification; a retry never sends it twice."""
    from messaging.services import notification_deliver

    delivery = notification_deliver(notification_id=notification_id, channel=channel)
    return None if delivery is None else delivery.status


@shared_task
def announce_notifications(notification_ids: list[str], deliveries: list[list[str]] | None = None) -> int:
    """notification.new and unread.count to the sockets of the people a change told (the
    batched notifications of one booking: messaging.services.notifications_batched), and their
    e-mail, push and SMS copies queued from here, one task each (`deliveries`: [id, channel]
    pairs), so that the request sends the broker one message, not one per copy."""
    from messaging.services.notifications import notifications_announce

    for notification_id, channel in deliveries or ():
        deliver_notification.delay(notification_id, channel)
    return notifications_announce(notification_ids=notification_ids)
