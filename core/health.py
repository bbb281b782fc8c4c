"""Cheap checks of each dependency for GET /health (API.md §10), and of the background
processes' heartbeats. No secrets leave here.

Dependencies (database, cache, channel layer, Celery broker): one that does not answer makes
/health "unhealthy" with 503. Background processes (a Celery worker, Celery beat): each is
"running" when seen within HEALTH_HEARTBEAT_MAX_AGE seconds (core.models.Heartbeat, written by
core.tasks.heartbeat and core.signals), "stale" when seen before that, "never_seen" otherwise;
either of the last two makes /health "degraded", still 200: the site serves, but scheduled jobs
(reminders, expiries, payouts) and queued mails wait. With CELERY_TASK_ALWAYS_EAGER tasks run
in the web process and there is no worker or beat to expect: both read "not_used".
"""

from __future__ import annotations

import asyncio
import logging
import os
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

logger = logging.getLogger("mentora.health")


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any driver error means "not answering"
        logger.warning("health: database check failed", exc_info=True)
        return False


def check_cache() -> bool:
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=5)
        ok = cache.get(key) == "ok"
        cache.delete(key)
        return ok
    except Exception:
        logger.warning("health: cache check failed", exc_info=True)
        return False


async def _layer_round_trip(layer) -> bool:
    channel = await layer.new_channel("health.")
    await layer.send(channel, {"type": "health.ping"})
    message = await asyncio.wait_for(layer.receive(channel), timeout=settings.HEALTH_CHECK_TIMEOUT)
    return message.get("type") == "health.ping"


def check_channel_layer() -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        return async_to_sync(_layer_round_trip)(layer)
    except Exception:
        logger.warning("health: channel layer check failed", exc_info=True)
        return False


def check_broker() -> bool:
    """Connect to the Celery broker of the settings (the embedded file-system one: its folders
    are there and writable) within HEALTH_CHECK_TIMEOUT, one try."""
    from kombu import Connection

    url = settings.CELERY_BROKER_URL
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    timeout = settings.HEALTH_CHECK_TIMEOUT
    try:
        if url.startswith("filesystem://"):
            folders = {options.get(k) for k in ("data_folder_in", "data_folder_out", "control_folder")}
            return all(folder and os.access(folder, os.W_OK) for folder in folders)
        with Connection(url, connect_timeout=timeout, transport_options=options) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
        return True
    except Exception:
        logger.warning("health: broker check failed", exc_info=True)
        return False


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
    "broker": check_broker,
}


def run_checks() -> dict[str, bool]:
    return {name: check() for name, check in CHECKS.items()}


# --- background processes ---------------------------------------------------------------------
PROCESSES = ("worker", "beat")


def heartbeat_record(name: str, *, now=None) -> None:
    """Mark `name` (worker or beat) as seen alive now."""
    from core.models import Heartbeat

    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": now or timezone.now()})


def process_states(*, database_ok: bool = True) -> dict[str, dict]:
    """{"worker": {"status": running|stale|never_seen|not_used|unknown, "last_seen_at": ...}, ...}"""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {name: {"status": "not_used", "last_seen_at": None} for name in PROCESSES}
    if not database_ok:  # the heartbeats live in the database
        return {name: {"status": "unknown", "last_seen_at": None} for name in PROCESSES}
    from core.models import Heartbeat

    try:
        seen = dict(Heartbeat.objects.filter(name__in=PROCESSES).values_list("name", "seen_at"))
    except Exception:
        logger.warning("health: heartbeat read failed", exc_info=True)
        return {name: {"status": "unknown", "last_seen_at": None} for name in PROCESSES}
    now = timezone.now()
    states = {}
    for name in PROCESSES:
        at = seen.get(name)
        if at is None:
            status = "never_seen"
        elif (now - at).total_seconds() <= settings.HEALTH_HEARTBEAT_MAX_AGE:
            status = "running"
        else:
            status = "stale"
        states[name] = {
            "status": status,
            "last_seen_at": at.isoformat().replace("+00:00", "Z") if at else None,
        }
    return states
