"""Redis (the cache and the channel layer) stops and comes back while the site is up.

REST keeps answering (rate limits fail open, presence reads offline) with one warning for the
whole outage, /health names both parts, sockets close with 1013 "try again later", and once
Redis is back a socket opens and hears events at once and the limits count again.

The test runs a Redis server of its own on a free port (tests/redis_server.py), never the shared
one, and points the cache and the channel layer at it with the same settings functions as
config/settings. The ASGI application is served by uvicorn (tests/e2e/asgi_server.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import time
import urllib.error
import urllib.request

import pytest
import websockets
from asgiref.sync import sync_to_async
from django.core.cache import cache
from django.test import override_settings

from config.settings.base import redis_cache, redis_channel_layer
from core.outage import cache_outage
from core.websocket import CLOSE_TRY_AGAIN_LATER
from messaging.models import NotificationType
from messaging.services import notify
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.live_sockets import WAIT, next_event, notifications_url, notify_and_close
from tests.mentors.factories import mentor_with_weekly_hours
from tests.redis_server import RedisServer

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="tests the cache and channel layer on Redis"),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server to start its own"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def own_redis(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    layers = {"default": redis_channel_layer(server.url, prefix="outage")}
    with override_settings(
        CACHES={"default": redis_cache(server.url, prefix="outage")}, CHANNEL_LAYERS=layers
    ):
        try:
            yield server
        finally:
            cache.client.disconnect()  # no pooled connection outlives this server
    server.stop()


@pytest.fixture
def live_server_on_own_redis(own_redis, asgi_live_server):
    return asgi_live_server


async def close_code(ws) -> int:
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await asyncio.wait_for(ws.recv(), WAIT)
    return closed.value.rcvd.code


def health(server) -> tuple[int, dict]:
    """GET /health from the live server, as a load balancer asks it. (Its channel-layer check
    receives on the layer, which only one event loop of a process may do at a time: the live
    server's, not this thread's.)"""
    try:
        with urllib.request.urlopen(f"{server.url}/health", timeout=WAIT * 2) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def healthy_again(server) -> bool:
    """Whether /health turns 200 within a few tries. (A channel-layer check that runs while a
    consumer that just closed is still giving up its receive can time out once.)"""
    deadline = time.monotonic() + 3 * WAIT
    while time.monotonic() < deadline:
        if health(server)[0] == 200:
            return True
    return False


def outage_warnings(caplog) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "mentora.outage" and r.levelno == logging.WARNING
    ]


def test_rest_answers_while_redis_is_down_and_sockets_recover_when_it_returns(
    own_redis, live_server_on_own_redis, monkeypatch, caplog, settings
):
    server = live_server_on_own_redis
    # Try Redis on every request (no pause between tries), so that the test needs no clock: the
    # one warning per outage then holds however often the cache is tried.
    monkeypatch.setattr(cache_outage, "retry_after", 0)
    settings.MENTORS_SLOT_CACHE_SECONDS = 60  # slot lists are kept on Redis (mentors.slot_cache)
    user = UserFactory()
    mentor = mentor_with_weekly_hours()
    notification = notify(user=user, type=NotificationType.BOOKING_CONFIRMED, title="Before")
    api, anonymous = client_for(user), client_for()

    async def open_socket():
        ws = await websockets.connect(notifications_url(server, user), ping_interval=None)
        await next_event(ws, "unread.count")
        return ws

    async def sockets_while_redis_is_down(ws):
        assert await close_code(ws) == CLOSE_TRY_AGAIN_LATER  # the open socket hears why
        async with websockets.connect(notifications_url(server, user), ping_interval=None) as refused:
            assert await close_code(refused) == CLOSE_TRY_AGAIN_LATER  # and so does a new one

    async def sockets_once_redis_is_back():
        async with await asyncio.wait_for(open_socket(), WAIT) as ws:
            await sync_to_async(notify_and_close)(
                user=user, type=NotificationType.BOOKING_CONFIRMED, title="After"
            )
            assert (await next_event(ws, "notification.new"))["notification"]["title"] == "After"

    # One event loop for the whole story, so the socket opened before the outage lives through it.
    with asyncio.Runner() as loop, caplog.at_level(logging.INFO, logger="mentora.outage"):
        ws = loop.run(open_socket())
        own_redis.stop()
        loop.run(sockets_while_redis_is_down(ws))

        answers = [
            api.get("/api/v1/notifications"),
            api.get("/api/v1/conversations"),
            api.get(f"/api/v1/mentors/{mentor.pk}"),
            anonymous.get("/api/v1/mentors"),
            anonymous.get(f"/api/v1/mentors/{mentor.pk}"),
            anonymous.get("/api/v1/slots", {"mentor_id": mentor.pk}),
        ]
        assert [r.status_code for r in answers] == [200] * 6
        assert answers[5].json()["total"] > 0  # computed from the database
        assert answers[0].json()["items"][0]["id"] == str(notification.pk)
        assert "X-RateLimit-Remaining" not in answers[0]  # nothing was counted
        assert answers[4].json()["is_online"] is False  # presence reads offline
        status, body = health(server)
        assert status == 503
        assert body["details"]["failing"] == ["cache", "channel_layer"]
        assert body["database"] == "connected"
        # One warning for each part for the whole outage, not one per request or socket.
        assert sorted(m.split(" is unreachable")[0] for m in outage_warnings(caplog)) == [
            "The cache",
            "The channel layer",
        ]

        own_redis.start()
        loop.run(sockets_once_redis_is_back())
        counted = api.get("/api/v1/notifications")

    assert counted.status_code == 200 and "X-RateLimit-Remaining" in counted
    assert healthy_again(server)
    assert {"The cache answers again.", "The channel layer answers again."} <= set(caplog.messages)
    assert len(outage_warnings(caplog)) == 2
