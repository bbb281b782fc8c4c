"""A notification socket that waits quietly stays open and still hears the next event.

redis-py 8 times a read out after 5 s by default while channels-redis blocks in Redis for 5 s
waiting for a socket's next event, so every idle socket's consumer crashed within seconds
(uvicorn dropped the socket without a close frame). This serves the ASGI application with a
real server on the Redis channel layer of config/settings, keeps a socket idle for a minute and
then sends it a notification.
"""

from __future__ import annotations

import asyncio
import os

import pytest
import websockets
from asgiref.sync import sync_to_async

from messaging.models import NotificationType
from tests.factories import UserFactory
from tests.live_sockets import next_event, notifications_url, notify_and_close

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="tests the channel layer on Redis (REDIS_URL)"
    ),
    pytest.mark.django_db(transaction=True),
]

IDLE = 60  # seconds with nothing to say: twelve of channels-redis's 5 s blocking reads


def test_an_idle_notification_socket_still_receives_an_event_after_a_minute(asgi_live_server):
    user = UserFactory()
    url = notifications_url(asgi_live_server, user)

    async def scenario():
        # No keep-alive pings from this side: a browser sends none either.
        async with websockets.connect(url, ping_interval=None) as ws:
            await next_event(ws, "unread.count")
            with pytest.raises(TimeoutError):  # nothing arrives, and the socket stays open
                await asyncio.wait_for(ws.recv(), IDLE)

            await sync_to_async(notify_and_close)(
                user=user, type=NotificationType.BOOKING_CONFIRMED, title="Still listening"
            )
            event = await next_event(ws, "notification.new")
            assert event["notification"]["title"] == "Still listening"

    asyncio.run(scenario())
