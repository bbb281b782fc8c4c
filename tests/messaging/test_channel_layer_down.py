"""Redis (the channel layer) stopped while the REST API is up: writes still succeed and are
stored; only the live push is skipped, with a logged warning instead of a 500; a socket closes
with 1013 "try again later"."""

from __future__ import annotations

import logging

import pytest
from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer
from channels.testing import WebsocketCommunicator
from redis.exceptions import ConnectionError as RedisConnectionError
from rest_framework_simplejwt.tokens import AccessToken

from config.asgi import application
from core.websocket import CLOSE_TRY_AGAIN_LATER
from messaging.models import Message, Notification, NotificationType
from messaging.services import notify

pytestmark = pytest.mark.django_db


class DownLayer(InMemoryChannelLayer):
    """A channel layer whose server is unreachable, as channels-redis is with Redis stopped."""

    async def group_send(self, group, message):
        raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    async def send(self, channel, message):
        raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    async def group_add(self, group, channel):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture
def redis_down(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": f"{__name__}.DownLayer"}}


def test_sending_over_rest_succeeds_and_the_push_is_skipped_with_a_warning(
    redis_down, alice_api, bob, caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level(logging.WARNING, logger="mentora.realtime"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = alice_api.post(
            "/api/v1/messages", {"recipient_id": str(bob.pk), "text": "Still here"}, format="json"
        )

    assert response.status_code == 201
    assert Message.objects.get(pk=response.json()["id"]).text == "Still here"
    assert callbacks, "the push was attempted after the commit"
    warnings = [r for r in caplog.records if r.name == "mentora.realtime" and r.levelno == logging.WARNING]
    assert warnings and "channel layer failed" in warnings[0].getMessage()
    # Bob catches up over REST.
    from tests.conftest import client_for

    assert (
        client_for(bob).get("/api/v1/conversations").json()["items"][0]["last_message"]["text"]
        == "Still here"
    )


def test_reading_and_notifying_also_survive_a_dead_layer(
    redis_down, alice, bob_api, alice_api, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = alice_api.post(
            "/api/v1/messages", {"recipient_id": str(bob.pk), "text": "Hi"}, format="json"
        ).json()
        read = bob_api.post(f"/api/v1/conversations/{sent['conversation_id']}/read")
        notification = notify(user=alice, type=NotificationType.BOOKING_CONFIRMED, title="Confirmed")

    assert read.status_code == 200 and read.json() == {"updated": 1}
    assert Notification.objects.filter(pk=notification.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_socket_opened_while_the_layer_is_down_closes_with_try_again_later(redis_down, alice):
    async def scenario():
        socket = WebsocketCommunicator(
            application,
            f"/ws/notifications/?token={AccessToken.for_user(alice)}",
            headers=[(b"origin", b"http://testserver")],
        )
        connected, _ = await socket.connect(timeout=5)
        closed = await socket.receive_output(timeout=5)
        await socket.disconnect(code=CLOSE_TRY_AGAIN_LATER)
        return connected, closed

    connected, closed = async_to_sync(scenario)()
    # Accepted first: a close before the accept would reach the client as a bare HTTP 403.
    assert connected
    assert closed == {"type": "websocket.close", "code": CLOSE_TRY_AGAIN_LATER}
