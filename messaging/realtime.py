"""Real-time plumbing: channel groups, pushes after commit, presence, and the registry through
which a higher app (bookings) says who may join a session room.

Every push goes out after the database commit, so nobody hears of a row that was rolled back,
and a failing channel layer (Redis down) never fails the request that stored the data: the push
is skipped with a warning and the client catches up over REST.
"""

from __future__ import annotations

import enum
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from core.outage import cache_outage
from core.transactions import on_commit_once

logger = logging.getLogger("mentora.realtime")

# Every consumer has one handler, `push`, that forwards the event to its socket unchanged.
PUSH_HANDLER = "push"

SESSION_EVENTS = frozenset(
    {
        "session.reminder",
        "session.started",
        "participant.joined",
        "participant.left",
        "session.ended",
        "booking.updated",
        "recording.ready",
    }
)


# --- groups ---------------------------------------------------------------------------------------


def notifications_group(user_id: uuid.UUID | str) -> str:
    """Every /ws/notifications/ socket of one user."""
    return f"notifications.{user_id}"


def chat_group(user_id: uuid.UUID | str, other_id: uuid.UUID | str) -> str:
    """Every /ws/chat/{other_id}/ socket that `user_id` has open (one per device or tab)."""
    return f"chat.{user_id}.{other_id}"


def presence_group(user_id: uuid.UUID | str) -> str:
    """Sockets that watch whether `user_id` is online (the chats open with them)."""
    return f"presence.{user_id}"


def session_group(booking_id: uuid.UUID | str) -> str:
    return f"session.{booking_id}"


# --- pushes ---------------------------------------------------------------------------------------


async def _group_send_all(layer, pushes: list[tuple[list[str], dict[str, Any]]]) -> None:
    # Events bound for the same group travel in one group_send (the consumer's `push` forwards
    # each in order): a chat message costs one layer call per group, not one per event.
    by_group: dict[str, list[dict[str, Any]]] = {}
    for groups, event in pushes:
        for group in groups:
            by_group.setdefault(group, []).append(event)
    for group, events in by_group.items():
        body = (
            {"type": PUSH_HANDLER, "event": events[0]}
            if len(events) == 1
            else {"type": PUSH_HANDLER, "events": events}
        )
        await layer.group_send(group, body)


def events_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The events one layer message carries (what `push` forwards to its socket)."""
    return message["events"] if "events" in message else [message["event"]]


def send_pushes(pushes: Iterable[tuple[Iterable[str], dict[str, Any]]]) -> bool:
    """Push each (groups, event) pair, all in one trip to the event loop. False, with a logged
    warning, when the layer fails."""
    pushes = [(list(groups), event) for groups, event in pushes]
    pushes = [(groups, event) for groups, event in pushes if groups]
    layer = get_channel_layer()
    if layer is None or not pushes:
        return False
    try:
        async_to_sync(_group_send_all)(layer, pushes)
    except Exception:  # any layer failure (connection refused, timeout, channel full)
        logger.warning(
            "Real-time push of %s skipped: the channel layer failed; clients catch up over REST.",
            ", ".join(sorted({event.get("type", "?") for _, event in pushes})),
            exc_info=True,
        )
        return False
    return True


def send_now(groups: Iterable[str], event: dict[str, Any]) -> bool:
    """Push `event` to each group. False, with a logged warning, when the layer fails."""
    return send_pushes([(groups, event)])


def push_on_commit(
    build: Callable[[], Iterable[tuple[Iterable[str], dict[str, Any]]]], *, once: object = None
) -> None:
    """After the current transaction commits, push what `build()` returns: (groups, event) pairs.

    `build` runs after the commit too, so counts it reads include this transaction's writes.
    With `once`, a push already waiting for this commit under that key is not added again
    (core.transactions.on_commit_once).
    """

    def run() -> None:
        try:
            pushes = list(build())
        except Exception:  # a bug in building a push must not turn a stored write into a 500
            logger.exception("Building a real-time push failed; it is skipped.")
            return
        send_pushes(pushes)

    if once is None:
        transaction.on_commit(run)
    else:
        on_commit_once(once, run)


# --- presence -------------------------------------------------------------------------------------
# One cache entry per user: {"sockets": {socket_id: last_refresh}, "last_seen": time}. A socket
# counts while its refresh is younger than MESSAGING_PRESENCE_TTL; consumers refresh every
# MESSAGING_PRESENCE_REFRESH seconds. A process that dies without closing its sockets stops
# refreshing, so its users turn offline within one TTL instead of staying online forever.
# Two sockets of one user writing at the same instant can lose one entry (read-modify-write on
# the cache); the next refresh, seconds later, puts it back.
# Presence is a live extra: while the cache is unreachable everyone reads offline and nothing is
# stored (core.outage logs it once), so a Redis outage fails neither a page nor a socket.

_LAST_SEEN_RETENTION = 60 * 60 * 24 * 30


def _presence_key(user_id) -> str:
    return f"presence:{user_id}"


def _load(user_id, now: float) -> dict[str, Any]:
    raw = cache_outage.attempt(lambda: cache.get(_presence_key(user_id)), fallback=None) or {}
    return _state(raw, now)


def _state(raw: dict[str, Any], now: float) -> dict[str, Any]:
    ttl = settings.MESSAGING_PRESENCE_TTL
    sockets = {sid: ts for sid, ts in (raw.get("sockets") or {}).items() if now - ts < ttl}
    stale = [ts for sid, ts in (raw.get("sockets") or {}).items() if sid not in sockets]
    last_seen = max([raw.get("last_seen") or 0, *stale]) or None
    return {"sockets": sockets, "last_seen": last_seen}


def _store(user_id, state: dict[str, Any]) -> None:
    cache_outage.attempt(
        lambda: cache.set(_presence_key(user_id), state, timeout=_LAST_SEEN_RETENTION), fallback=None
    )


def presence_join(*, user_id, socket_id: str) -> bool:
    """Count one more open socket. True when the user was offline until now."""
    now = time.time()
    state = _load(user_id, now)
    was_online = bool(state["sockets"])
    state["sockets"][socket_id] = now
    _store(user_id, state)
    return not was_online


def presence_refresh(*, user_id, socket_id: str) -> None:
    now = time.time()
    state = _load(user_id, now)
    state["sockets"][socket_id] = now
    _store(user_id, state)


def presence_leave(*, user_id, socket_id: str) -> bool:
    """Forget one socket. True when it was the user's last one (they are offline now)."""
    now = time.time()
    state = _load(user_id, now)
    state["sockets"].pop(socket_id, None)
    if not state["sockets"]:
        state["last_seen"] = now
    _store(user_id, state)
    return not state["sockets"]


def is_online(user_id) -> bool:
    return bool(_load(user_id, time.time())["sockets"])


def online_among(user_ids) -> set:
    """Which of `user_ids` are online, in one cache round trip (a page of cards asks for twenty;
    one GET each was most of a search page's time spent waiting on Redis)."""
    user_ids = list(user_ids)
    if not user_ids:
        return set()
    keys = {_presence_key(user_id): user_id for user_id in user_ids}
    raw = cache_outage.attempt(lambda: cache.get_many(list(keys)), fallback=None) or {}
    now = time.time()
    return {keys[key] for key, value in raw.items() if _state(value or {}, now)["sockets"]}


def _iso(timestamp: float | None) -> str | None:
    if not timestamp:
        return None
    return datetime.fromtimestamp(timestamp, tz=UTC).isoformat().replace("+00:00", "Z")


def presence_event(user_id) -> dict[str, Any]:
    state = _load(user_id, time.time())
    online = bool(state["sockets"])
    return {
        "type": "presence",
        "user_id": str(user_id),
        "status": "online" if online else "offline",
        "last_seen_at": None if online else _iso(state["last_seen"]),
    }


# --- session rooms --------------------------------------------------------------------------------


class SessionAccess(enum.Enum):
    ALLOWED = "allowed"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"


SessionAccessResolver = Callable[[Any, uuid.UUID], SessionAccess]
_session_resolvers: list[SessionAccessResolver] = []


def register_session_access(resolver: SessionAccessResolver) -> None:
    """Called by the app that owns bookings (from its AppConfig.ready): `resolver(user,
    booking_id)` says whether that user may join the booking's live room, may not, or whether
    the booking is unknown. Messaging never imports that app (DESIGN.md); until a resolver is
    registered every booking id is unknown."""
    if resolver not in _session_resolvers:
        _session_resolvers.append(resolver)


def unregister_session_access(resolver: SessionAccessResolver) -> None:
    if resolver in _session_resolvers:
        _session_resolvers.remove(resolver)


def session_access(*, user, booking_id: uuid.UUID) -> SessionAccess:
    """The first resolver that knows the booking decides; nobody knowing it means NOT_FOUND."""
    for resolver in list(_session_resolvers):
        result = resolver(user, booking_id)
        if result is not SessionAccess.NOT_FOUND:
            return result
    return SessionAccess.NOT_FOUND


SessionPresenceListener = Callable[[Any, uuid.UUID, bool], None]
_presence_listeners: list[SessionPresenceListener] = []


def register_session_presence(listener: SessionPresenceListener) -> None:
    """`listener(user, booking_id, joined)` hears each live-room socket that opens (joined=True)
    or closes, so the owner of bookings can keep the session's attendance record."""
    if listener not in _presence_listeners:
        _presence_listeners.append(listener)


def session_presence_changed(*, user, booking_id: uuid.UUID, joined: bool) -> None:
    for listener in list(_presence_listeners):
        try:
            listener(user, booking_id, joined)
        except Exception:  # attendance is a record: a failure there must not drop the socket
            logger.exception("A session presence listener failed for booking %s", booking_id)


def session_event(*, booking_id: uuid.UUID, type: str, **payload: Any) -> None:
    """Tell everyone in a booking's live room, after commit (session.started, session.ended...)."""
    if type not in SESSION_EVENTS:
        raise ValueError(f"Unknown session event {type!r}; known: {sorted(SESSION_EVENTS)}")
    event = {"type": type, "booking_id": str(booking_id), **payload}
    push_on_commit(lambda: [([session_group(booking_id)], event)])


def booking_updated_pushes(
    *, booking_id: uuid.UUID | str, status: str, user_ids: Iterable[uuid.UUID]
) -> list[tuple[list[str], dict[str, Any]]]:
    """booking.updated {booking_id, status} for the parties' personal streams and the live room,
    as (groups, event) pairs for send_pushes or push_on_commit."""
    event = {"type": "booking.updated", "booking_id": str(booking_id), "status": status}
    return [([notifications_group(uid) for uid in user_ids] + [session_group(booking_id)], event)]
