"""Channels plumbing: JWT auth from `?token=` and origin checks for every /ws/ route.

A socket with a missing, bad or expired token, or for a deactivated account, is accepted and
closed at once with code 4401 (API.md §5), so clients can tell "log in again" from a network
failure; the routed consumer never runs.

Close codes of every Mentora socket:
- 4401 log in again (a fresh token), 4403 not yours, 4404 no such thing: do not retry as is;
- 1013 "try again later" (RFC 6455's registry): the channel layer (Redis) is down; reconnect with
  a growing delay and catch up over REST once the socket is open again.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.security.websocket import OriginValidator
from django.conf import settings
from django.contrib.auth import get_user_model
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import AccessToken

CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_TRY_AGAIN_LATER = 1013


@database_sync_to_async
def user_for_token(raw: str):
    """The active user an access token names, or None."""
    try:
        token = AccessToken(raw)
    except TokenError:
        return None
    user_id = token.get(jwt_settings.USER_ID_CLAIM)
    user = get_user_model().objects.filter(**{jwt_settings.USER_ID_FIELD: user_id}).first()
    if user is None or not user.is_active:
        return None
    return user


class JWTQueryAuthMiddleware:
    """Puts the token's user in scope["user"]; refuses the socket with 4401 otherwise."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            return await self.app(scope, receive, send)
        query = parse_qs(scope.get("query_string", b"").decode())
        raw = (query.get("token") or [""])[0]
        user = await user_for_token(raw) if raw else None
        if user is None:
            return await self._refuse(receive, send)
        return await self.app({**scope, "user": user}, receive, send)

    @staticmethod
    async def _refuse(receive, send) -> None:
        message = await receive()
        if message["type"] != "websocket.connect":
            return
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.close", "code": CLOSE_UNAUTHORIZED})


class BrowserOriginValidator(OriginValidator):
    """Refuses sockets opened by pages of other sites. Native mobile clients send no Origin
    header; they are let through to the token check, which they must pass anyway."""

    def valid_origin(self, parsed_origin) -> bool:
        if parsed_origin is None:
            return True
        return super().valid_origin(parsed_origin)


def allowed_origins() -> list[str]:
    hosts = [h for h in settings.ALLOWED_HOSTS if h != "*"]
    return [*hosts, *settings.WEBSOCKET_ALLOWED_ORIGINS]


def websocket_stack(inner):
    """Origin check first (a page on another site cannot open a socket with a user's token),
    then JWT auth, then the app's routes."""
    return BrowserOriginValidator(JWTQueryAuthMiddleware(inner), allowed_origins())
