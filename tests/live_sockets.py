"""A client's side of the notification socket, for tests that talk to a real ASGI server
(the asgi_live_server fixture): its address, the next event of a kind, and a notification sent
from a thread of its own, as another process would."""

from __future__ import annotations

import asyncio
import json

from django.db import connections
from rest_framework_simplejwt.tokens import AccessToken

from messaging.services import notify

WAIT = 5  # seconds an event may take to arrive


def notifications_url(server, user) -> str:
    return f"{server.url.replace('http://', 'ws://')}/ws/notifications/?token={AccessToken.for_user(user)}"


async def next_event(ws, kind: str) -> dict:
    """The next event of `kind`, skipping others (unread.count comes with most)."""
    while True:
        event = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        if event["type"] == kind:
            return event


def notify_and_close(**kwargs):
    """messaging.services.notify in a thread of sync_to_async's, which then lets its database
    connection go (it would outlive the test otherwise)."""
    try:
        return notify(**kwargs)
    finally:
        connections.close_all()
