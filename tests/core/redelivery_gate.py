"""The push gateway of the workers of tests/core/test_worker_redelivery.py (tests/core/
redelivery_worker.py), recording each call in the test's Redis."""

from __future__ import annotations

import os

import redis

from messaging.models import DeliveryStatus
from messaging.providers import DeliveryResult, NotificationProvider


def gate() -> tuple[redis.Redis, str]:
    # The pinned client times a read out after 5 s by default; the gate blocks longer.
    client = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"], socket_timeout=600)
    return client, os.environ["REDELIVERY_PREFIX"]


class GatedPushProvider(NotificationProvider):
    """A push gateway whose first call never returns (the test kills its worker meanwhile) and
    whose later calls deliver, each recorded in Redis where the test reads them."""

    def send(self, *, notification, channel):
        client, prefix = gate()
        attempt = client.incr(f"{prefix}gate:attempts")
        client.rpush(f"{prefix}gate:started", attempt)
        if attempt == 1:
            # Bounded, so a worker the test failed to kill still ends.
            client.blpop([f"{prefix}gate:never"], timeout=300)
            return DeliveryResult(status=DeliveryStatus.FAILED, detail="the first worker was not killed")
        client.rpush(f"{prefix}gate:sent", str(notification.pk))
        return DeliveryResult(status=DeliveryStatus.SENT, external_id=f"gate-{attempt}")
