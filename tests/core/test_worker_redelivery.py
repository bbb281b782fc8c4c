"""A worker killed mid-task: Redis hands its unacknowledged task to another worker after the
visibility timeout, and the task's effect happens once (issue 13, item 6).

Real worker processes on Redis and PostgreSQL (they share the test database), so this runs only
with DATABASE_URL and REDIS_URL set. The worker's timeouts are shortened through the same
environment variables production reads; every wait is bounded and waits on a condition.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from celery import Celery
from django.conf import settings
from django.db import connection

from messaging.models import DeliveryStatus, Notification, NotificationDelivery, NotificationType
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 4
TASK_TIME_LIMIT = 2
WAIT = 120  # an upper bound for each condition, never a duration that is asserted

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.REDIS_URL or connection.vendor != "postgresql", reason="needs PostgreSQL and Redis"
    ),
]


def database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def broker(tmp_path):
    """A Redis database of its own (15 on the test Redis) and a key prefix of this run's own."""
    url = settings.REDIS_URL.rsplit("/", 1)[0] + "/15"
    prefix = f"test-redelivery-{uuid.uuid4().hex}:"
    client = redis.Redis.from_url(url)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": url,
        "REDELIVERY_PREFIX": prefix,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "CELERY_TASK_TIME_LIMIT": str(TASK_TIME_LIMIT),
        "MESSAGING_PUSH_PROVIDER": "tests.core.redelivery_gate.GatedPushProvider",
    }
    workers: list[subprocess.Popen] = []

    def start(name: str) -> subprocess.Popen:
        log = (tmp_path / f"{name}.log").open("w")
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.core.redelivery_worker", name],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        workers.append(worker)
        return worker

    def logs() -> str:
        return "\n".join(path.read_text() for path in sorted(tmp_path.glob("*.log")))

    yield {"url": url, "prefix": prefix, "client": client, "start": start, "logs": logs}
    for worker in workers:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=WAIT)
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)


def popped(broker, key: str, worker: subprocess.Popen) -> bool:
    """Wait, a bounded number of 2-second rounds, for an entry in `key`; give up early if the
    worker process died."""
    for _ in range(WAIT // 2):
        if broker["client"].blpop([broker["prefix"] + key], timeout=2) is not None:
            return True
        if worker.poll() is not None:
            return False
    return False


def test_a_push_whose_worker_is_killed_mid_send_is_sent_once_by_the_next_worker(broker):
    client, prefix = broker["client"], broker["prefix"]
    user = UserFactory()
    notification = Notification.objects.create(
        user=user, type=NotificationType.BOOKING_CONFIRMED, title="Your session starts in an hour"
    )
    # Not the current app: tasks of the rest of the suite must stay on the project's eager app.
    producer = Celery("redelivery-test", broker=broker["url"], set_as_current=False)
    producer.conf.broker_transport_options = {"global_keyprefix": prefix}
    producer.send_task("messaging.tasks.deliver_notification", args=[str(notification.pk), "push"])

    first = broker["start"]("first")
    # The first worker claimed the delivery and is inside the gateway call.
    assert popped(broker, "gate:started", first), broker["logs"]()
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=WAIT)
    assert client.hlen(f"{prefix}unacked") == 1  # taken, never acknowledged

    second = broker["start"]("second")
    assert popped(broker, "gate:started", second), broker["logs"]()
    assert popped(broker, "gate:sent", second), broker["logs"]()
    # A warm shutdown finishes and acknowledges the task, and gives back anything it still holds.
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=WAIT) == 0, broker["logs"]()

    delivery = NotificationDelivery.objects.get(notification=notification, channel="push")
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.external_id == "gate-2"
    assert delivery.attempts == 2
    assert int(client.get(f"{prefix}gate:attempts")) == 2
    assert client.llen(f"{prefix}gate:sent") == 0  # the one send, popped above; no other
    # Nothing is left to hand out again: the queue and the unacknowledged set are empty.
    assert client.llen(f"{prefix}celery") == 0
    assert client.hlen(f"{prefix}unacked") == 0
