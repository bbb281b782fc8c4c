"""Channels consumers of API.md §5: /ws/chat/{user_id}/, /ws/notifications/, /ws/session/{booking_id}/.

core.websocket has already checked the origin and the `?token=` (4401) before any of these runs.
They stay thin: parse a frame, call a service or selector through database_sync_to_async, and
forward what the services push (every pushed event arrives at the one `push` handler). The hot
path, message.send, runs on the thread pool (off_the_loop) rather than the one thread that
database_sync_to_async shares by default, so many sockets store their messages side by side.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from typing import Any

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from rest_framework.settings import api_settings

from core import throttling
from core.errors import DomainError, ValidationFailed
from core.outage import REDIS_OUTAGE_ERRORS, channel_layer_outage
from core.websocket import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, CLOSE_TRY_AGAIN_LATER, CLOSE_UNAUTHORIZED
from messaging import errors, realtime, selectors, services

logger = logging.getLogger("mentora.realtime")


def _uuid(raw: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except (TypeError, ValueError):
        return None


class PersonalSocket(AsyncJsonWebsocketConsumer):
    """What every Mentora socket does: refuse with a close code, join groups, forward pushes,
    and count towards the user's presence while it is open."""

    _joined: list[str]
    _presence_task: asyncio.Task | None = None
    _live = False
    _accepted = False

    @property
    def user(self):
        return self.scope["user"]

    async def __call__(self, scope, receive, send) -> None:
        # A channel layer that stops answering (Redis down) would crash the consumer: uvicorn
        # then drops the socket without a close frame and daphne closes with 1011. Close with
        # 1013 "try again later" instead: the client reconnects with a growing delay and
        # catches up over REST, and a socket that opens after Redis is back works again (the
        # layer's pooled connections are checked and re-made on their next use).
        try:
            await super().__call__(scope, receive, send)
        except REDIS_OUTAGE_ERRORS as error:
            channel_layer_outage.failed(error)
            with contextlib.suppress(Exception):  # the client may have gone already
                if not self._accepted:
                    await send({"type": "websocket.accept"})
                await send({"type": "websocket.close", "code": CLOSE_TRY_AGAIN_LATER})
            await self.disconnect(CLOSE_TRY_AGAIN_LATER)

    async def accept(self, subprotocol=None, headers=None) -> None:
        await super().accept(subprotocol, headers)
        self._accepted = True

    async def refuse(self, code: int) -> None:
        # A close code only reaches the client after an accept (before it, ASGI turns the close
        # into a plain HTTP 403), as core.websocket does for 4401.
        await self.accept()
        await self.close(code=code)

    async def open(self, *groups: str) -> None:
        # Groups and presence first, accept last: once the client sees the socket open, nothing
        # sent to it can be missed, and it already counts as online. (Pushes that arrive in
        # between wait in the channel until connect() has returned.)
        self._joined = list(groups)
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self._live = True
        channel_layer_outage.succeeded()
        came_online = await sync_to_async(realtime.presence_join)(
            user_id=self.user.pk, socket_id=self.channel_name
        )
        await self.accept()
        if came_online:
            await self.broadcast_presence()
        self._presence_task = asyncio.create_task(self._keep_presence())

    async def _keep_presence(self) -> None:
        while True:
            await asyncio.sleep(settings.MESSAGING_PRESENCE_REFRESH)
            await sync_to_async(realtime.presence_refresh)(user_id=self.user.pk, socket_id=self.channel_name)

    async def broadcast_presence(self) -> None:
        event = await sync_to_async(realtime.presence_event)(self.user.pk)
        await self.group_push([realtime.presence_group(self.user.pk)], event)

    async def group_push(self, groups: list[str], event: dict[str, Any]) -> None:
        try:
            for group in groups:
                await self.channel_layer.group_send(group, {"type": realtime.PUSH_HANDLER, "event": event})
        except Exception:  # the layer is down: this live extra is lost, nothing stored is
            logger.warning(
                "Socket push of %s skipped: the channel layer failed.", event.get("type"), exc_info=True
            )

    async def disconnect(self, code: int) -> None:
        if not self._live:
            return
        self._live = False
        if self._presence_task is not None:
            self._presence_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._presence_task
        for group in self._joined:
            with contextlib.suppress(Exception):
                await self.channel_layer.group_discard(group, self.channel_name)
        went_offline = await sync_to_async(realtime.presence_leave)(
            user_id=self.user.pk, socket_id=self.channel_name
        )
        if went_offline:
            await self.broadcast_presence()

    async def push(self, message: dict[str, Any]) -> None:
        for event in realtime.events_of(message):
            await self.send_json(event)

    async def send_error(self, error: DomainError, *, client_id: str | None = None) -> None:
        body = {"type": "error", "error": error.code, "message": error.message, "details": error.details}
        if client_id:
            body["client_id"] = client_id
        await self.send_json(body)

    async def receive_json(self, content: Any, **kwargs) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        handler = self.client_events().get(kind)
        if handler is None:
            await self.send_error(
                ValidationFailed(f"Unknown event type {kind!r}.", details={"type": [str(kind)]})
            )
            return
        await handler(content)

    @classmethod
    async def decode_json(cls, text_data: str) -> Any:
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None  # answered as an unknown event instead of dropping the socket

    def client_events(self) -> dict[str, Any]:
        return {}


class ChatConsumer(PersonalSocket):
    """Live chat with one person. Client frames: message.send, typing, message.read."""

    async def connect(self) -> None:
        other_id = _uuid(self.scope["url_route"]["kwargs"]["user_id"])
        if other_id is None:
            return await self.refuse(CLOSE_NOT_FOUND)
        access = await database_sync_to_async(selectors.chat_access)(user=self.user, other_id=other_id)
        if access.status == "not_found":
            return await self.refuse(CLOSE_NOT_FOUND)
        if access.status == "forbidden":
            return await self.refuse(CLOSE_FORBIDDEN)
        self.other_id = other_id
        # The thread of these two, once there is one: each message.send then skips reading it.
        self.conversation_id = access.conversation.pk if access.conversation is not None else None
        await self.open(realtime.chat_group(self.user.pk, other_id), realtime.presence_group(other_id))
        await self.send_json(await sync_to_async(realtime.presence_event)(other_id))

    def client_events(self) -> dict[str, Any]:
        return {
            "message.send": self.on_message_send,
            "typing": self.on_typing,
            "message.read": self.on_message_read,
        }

    async def on_message_send(self, content: dict[str, Any]) -> None:
        client_id = str(content.get("client_id") or "")
        text = content.get("text")
        if not isinstance(text, str):
            await self.send_error(
                ValidationFailed.for_field("text", "text must be a string."), client_id=client_id
            )
            return
        try:
            self.conversation_id = await off_the_loop(_send_from_socket)(
                user_id=self.user.pk,
                other_id=self.other_id,
                text=text,
                client_id=client_id,
                conversation_id=self.conversation_id,
            )
        except services.SenderGone:
            # The socket may have been open for hours: a deactivated or deleted account stops here.
            await self.close(code=CLOSE_UNAUTHORIZED)
        except DomainError as error:
            await self.send_error(error, client_id=client_id)

    async def on_typing(self, content: dict[str, Any]) -> None:
        event = {"type": "typing", "user_id": str(self.user.pk), "is_typing": bool(content.get("is_typing"))}
        await self.group_push([realtime.chat_group(self.other_id, self.user.pk)], event)

    async def on_message_read(self, content: dict[str, Any]) -> None:
        up_to = _uuid(content.get("up_to_message_id"))
        if up_to is None:
            await self.send_error(ValidationFailed.for_field("up_to_message_id", "Give the id of a message."))
            return
        try:
            await database_sync_to_async(_read_up_to)(
                user=self.user, other_id=self.other_id, up_to_message_id=up_to
            )
        except DomainError as error:
            await self.send_error(error)


def off_the_loop(function):
    """Run `function` on the event loop's thread pool, each call on a connection of its own.

    database_sync_to_async's default (thread_sensitive) sends every consumer's database call of
    the process to ONE thread, so 200 chat sockets would store their messages one at a time.
    The per-message work does not need that thread: it uses no thread-bound state, and
    DatabaseSyncToAsync still closes the worker's connection after the call (CONN_MAX_AGE is 0),
    which hands it back to the pool (or closes it without one). At most the pool's worker count
    of calls run at once, each waiting for a pooled connection like any other caller."""
    return database_sync_to_async(function, thread_sensitive=False)


def _send_from_socket(
    *, user_id, other_id: uuid.UUID, text: str, client_id: str, conversation_id: uuid.UUID | None = None
) -> uuid.UUID:
    """Store one message.send; returns the thread's id for the socket's next message."""
    # The same counter as POST /messages: the socket is no way around the limit. Counted in
    # the cache (Redis), not the database.
    allowed, state = throttling.hit(
        scope="messages", ident=str(user_id), rate=api_settings.DEFAULT_THROTTLE_RATES["messages"]
    )
    if not allowed:
        raise errors.SendingTooFast(details={"retry_after": max(1, int(state.reset - time.time()))})
    message = services.chat_message_send(
        sender_id=user_id,
        recipient_id=other_id,
        text=text,
        client_id=client_id,
        conversation_id=conversation_id,
    )
    return message.conversation_id


def _read_up_to(*, user, other_id: uuid.UUID, up_to_message_id: uuid.UUID) -> int:
    conversation = selectors.conversation_between(user=user, other_id=other_id)
    if conversation is None:
        raise errors.MessageNotFound()
    return services.conversation_mark_read(
        user=user, conversation_id=conversation.pk, up_to_message_id=up_to_message_id
    )


class NotificationConsumer(PersonalSocket):
    """The personal stream: notification.new, notification.read, unread.count, booking.updated,
    and message.new / message.sent for inbox previews. The client only listens."""

    _counting: asyncio.Task | None = None
    _count_again = False

    async def connect(self) -> None:
        await self.open(realtime.notifications_group(self.user.pk))
        counts = await database_sync_to_async(selectors.unread_counts)(user=self.user)
        await self.send_json({"type": "unread.count", **counts})

    async def push(self, message: dict[str, Any]) -> None:
        await super().push(message)
        me = str(self.user.pk)
        if any(
            event.get("type") == "message.new" and event["message"].get("recipient_id") == me
            for event in realtime.events_of(message)
        ):
            self._recount()

    def _recount(self) -> None:
        # A new message changes the unread counts. The socket that shows them reads them itself,
        # so that a sent message costs the sender no count queries for someone who may have no
        # socket open; a burst of messages costs one count per round trip, not one per message.
        if self._counting is not None and not self._counting.done():
            self._count_again = True
            return
        self._counting = asyncio.create_task(self._send_counts())

    async def _send_counts(self) -> None:
        while True:
            self._count_again = False
            counts = await off_the_loop(selectors.unread_counts)(user=self.user)
            await self.send_json({"type": "unread.count", **counts})
            if not self._count_again:
                return

    async def disconnect(self, code: int) -> None:
        if self._counting is not None:
            self._counting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._counting
        await super().disconnect(code)


class SessionConsumer(PersonalSocket):
    """The live room of one booking. Who may join is the bookings app's answer, given through
    realtime.register_session_access; with none registered every booking is unknown (4404)."""

    async def connect(self) -> None:
        booking_id = _uuid(self.scope["url_route"]["kwargs"]["booking_id"])
        if booking_id is None:
            return await self.refuse(CLOSE_NOT_FOUND)
        access = await database_sync_to_async(realtime.session_access)(user=self.user, booking_id=booking_id)
        if access is realtime.SessionAccess.NOT_FOUND:
            return await self.refuse(CLOSE_NOT_FOUND)
        if access is not realtime.SessionAccess.ALLOWED:
            return await self.refuse(CLOSE_FORBIDDEN)
        self.booking_id = booking_id
        await self.open(realtime.session_group(booking_id))
        await database_sync_to_async(realtime.session_presence_changed)(
            user=self.user, booking_id=booking_id, joined=True
        )
        await self.group_push(
            [realtime.session_group(booking_id)], self._participant_event("participant.joined")
        )

    async def disconnect(self, code: int) -> None:
        if self._live:
            await database_sync_to_async(realtime.session_presence_changed)(
                user=self.user, booking_id=self.booking_id, joined=False
            )
            await self.group_push(
                [realtime.session_group(self.booking_id)], self._participant_event("participant.left")
            )
        await super().disconnect(code)

    def _participant_event(self, kind: str) -> dict[str, Any]:
        return {"type": kind, "booking_id": str(self.booking_id), "user_id": str(self.user.pk)}
