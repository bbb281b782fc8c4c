"""Celery signals that mark the background processes alive for /health (core.models.Heartbeat):
beat when it starts and each time it publishes the heartbeat task, a worker when it is ready
(the task itself marks it afterwards: core.tasks.heartbeat)."""

from __future__ import annotations

import logging

from celery.signals import beat_init, before_task_publish, worker_ready

logger = logging.getLogger("mentora.health")

HEARTBEAT_TASK = "core.tasks.heartbeat"


def _record(name: str) -> None:
    from core.health import heartbeat_record

    try:
        heartbeat_record(name)
    except Exception:  # a database hiccup must never stop beat or a worker
        logger.warning("health: could not record the %s heartbeat", name, exc_info=True)


@before_task_publish.connect(sender=HEARTBEAT_TASK)
def beat_published_heartbeat(sender=None, **kwargs) -> None:
    _record("beat")


@beat_init.connect
def beat_started(sender=None, **kwargs) -> None:
    _record("beat")


@worker_ready.connect
def worker_started(sender=None, **kwargs) -> None:
    _record("worker")
