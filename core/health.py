"""Cheap checks of each dependency for GET /health (API.md §10). No secrets leave here."""

from __future__ import annotations

import asyncio
import logging
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection

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


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
}


def run_checks() -> dict[str, bool]:
    return {name: check() for name, check in CHECKS.items()}
