"""A delivery claimed by a worker that died mid-send is sent by the task's redelivery; one that a
live worker is sending is left alone (issue 13, item 6). The worker test itself, with real
processes on Redis, is tests/core/test_worker_redelivery.py."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from messaging import services
from messaging.models import DeliveryStatus, Notification, NotificationDelivery, NotificationType
from messaging.providers import DeliveryResult, NotificationProvider

pytestmark = pytest.mark.django_db

CLAIMED_AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class CountingGateway(NotificationProvider):
    calls = 0

    def send(self, *, notification, channel):
        type(self).calls += 1
        return DeliveryResult(status=DeliveryStatus.SENT, external_id=f"gw-{type(self).calls}")


@pytest.fixture
def claimed(alice, settings):
    """A push delivery a worker claimed at CLAIMED_AT and never finished."""
    from messaging.providers import _provider

    _provider.cache_clear()
    settings.MESSAGING_PUSH_PROVIDER = f"{__name__}.CountingGateway"
    CountingGateway.calls = 0
    notification = Notification.objects.create(
        user=alice, type=NotificationType.BOOKING_CONFIRMED, title="Soon"
    )
    with time_machine.travel(CLAIMED_AT, tick=False):
        NotificationDelivery.objects.create(
            notification=notification, channel="push", status=DeliveryStatus.SENDING, attempts=1
        )
    yield notification
    _provider.cache_clear()


def test_a_delivery_claimed_past_the_task_time_limit_is_sent_by_the_redelivered_task(claimed, settings):
    later = CLAIMED_AT + dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    with time_machine.travel(later, tick=False):
        services.notification_deliver(notification_id=claimed.pk, channel="push")
        services.notification_deliver(notification_id=claimed.pk, channel="push")

    delivery = NotificationDelivery.objects.get(notification=claimed, channel="push")
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 2
    assert CountingGateway.calls == 1


def test_a_delivery_a_live_worker_is_sending_is_not_sent_again(claimed, settings):
    within = CLAIMED_AT + dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT - 1)
    with time_machine.travel(within, tick=False):
        services.notification_deliver(notification_id=claimed.pk, channel="push")

    delivery = NotificationDelivery.objects.get(notification=claimed, channel="push")
    assert delivery.status == DeliveryStatus.SENDING
    assert delivery.attempts == 1
    assert CountingGateway.calls == 0
