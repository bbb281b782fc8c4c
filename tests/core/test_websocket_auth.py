"""/ws/ plumbing: JWT from ?token=, close code 4401, origin checks."""

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.urls import path
from rest_framework_simplejwt.tokens import AccessToken

from core.websocket import CLOSE_UNAUTHORIZED, websocket_stack
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

GOOD_ORIGIN = (b"origin", b"http://testserver")


class WhoAmI(AsyncJsonWebsocketConsumer):
    async def connect(self):
        await self.accept()
        await self.send_json({"email": self.scope["user"].email})


app = websocket_stack(URLRouter([path("ws/whoami/", WhoAmI.as_asgi())]))


def connect(token: str | None, headers=(GOOD_ORIGIN,), application=app, url="/ws/whoami/"):
    """Open a socket and report (connected, close code or first message)."""

    async def run():
        query = f"?token={token}" if token is not None else ""
        communicator = WebsocketCommunicator(application, url + query, headers=list(headers))
        connected, code = await communicator.connect()
        result = None
        if connected:
            output = await communicator.receive_output(timeout=2)
            result = output.get("code") if output["type"] == "websocket.close" else output.get("text")
        await communicator.disconnect()
        return connected, code, result

    return async_to_sync(run)()


def test_valid_token_reaches_the_consumer_as_that_user():
    user = UserFactory()
    connected, _, message = connect(str(AccessToken.for_user(user)))
    assert connected
    assert user.email in message


@pytest.mark.parametrize("token", [None, "", "garbage", "a.b.c"])
def test_missing_or_bad_token_closes_with_4401(token):
    connected, _, code = connect(token)
    assert connected  # accepted only so the close code can be sent
    assert code == CLOSE_UNAUTHORIZED


def test_expired_token_closes_with_4401():
    token = AccessToken.for_user(UserFactory())
    token.set_exp(lifetime=-timedelta(minutes=1))
    assert connect(str(token))[2] == CLOSE_UNAUTHORIZED


def test_deactivated_account_closes_with_4401():
    user = UserFactory()
    token = str(AccessToken.for_user(user))
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert connect(token)[2] == CLOSE_UNAUTHORIZED


def test_socket_from_another_sites_page_is_refused():
    user = UserFactory()
    connected, _, _ = connect(str(AccessToken.for_user(user)), headers=[(b"origin", b"https://evil.example")])
    assert not connected


def test_native_client_without_origin_header_is_let_through_to_the_token_check():
    user = UserFactory()
    connected, _, message = connect(str(AccessToken.for_user(user)), headers=[])
    assert connected and user.email in message


def test_project_asgi_application_checks_origin_before_anything():
    from config.asgi import application

    token = str(AccessToken.for_user(UserFactory()))
    connected, _, _ = connect(
        token,
        headers=[(b"origin", b"https://evil.example")],
        application=application,
        url="/ws/notifications/",
    )
    assert not connected
