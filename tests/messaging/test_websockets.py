"""The sockets of API.md §5 against the project's ASGI application (origin check, JWT, routes).

They run on the in-memory channel layer and, in the CI's second run (REDIS_URL set), on
channels-redis. Consumers reach the database through database_sync_to_async, hence
transaction=True.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import time_machine
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from rest_framework_simplejwt.tokens import AccessToken

from config.asgi import application
from core.websocket import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, CLOSE_UNAUTHORIZED
from messaging import realtime, services
from messaging.models import Message, NotificationType
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://testserver")
WAIT = 5  # seconds a socket may take to see an event (Redis in CI is slower than memory)


def run(scenario):
    """Run an async scenario from a sync test (the database setup stays synchronous).

    It gets a thread of its own: once a browser test has run in this xdist worker, Playwright's
    sync API leaves an event loop marked as running in the main thread, where async_to_sync
    refuses to start. The thread is handed the test's SQLite connection (an in-memory database
    lives only in it), as Django's live server thread is; on PostgreSQL it opens its own and
    sees what the test committed.
    """
    main = connections["default"]
    shared = main if main.vendor == "sqlite" and main.is_in_memory_db() else None

    def in_thread():
        if shared is not None:
            connections["default"] = shared
        try:
            return async_to_sync(scenario)()
        finally:
            if shared is None:
                connections.close_all()

    if shared is not None:
        shared.inc_thread_sharing()
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(in_thread).result()
    finally:
        if shared is not None:
            shared.dec_thread_sharing()


async def open_socket(user, path: str, *, token: str | None = None) -> WebsocketCommunicator:
    token = token if token is not None else str(AccessToken.for_user(user))
    socket = WebsocketCommunicator(application, f"{path}?token={token}", headers=[ORIGIN])
    connected, _ = await socket.connect(timeout=WAIT)
    assert connected
    return socket


async def close_code(socket: WebsocketCommunicator) -> int | None:
    """The code the server closed with. The client side then hangs up too, as a browser does,
    so no consumer outlives the test (channels-redis binds its receive lock to one loop)."""
    output = await socket.receive_output(timeout=WAIT)
    assert output["type"] == "websocket.close", output
    await socket.disconnect(code=output.get("code") or 1000)
    return output.get("code")


async def next_event(socket: WebsocketCommunicator, event_type: str) -> dict:
    """The next event of this type, skipping others (presence, counts) that may come first."""
    while True:
        event = await socket.receive_json_from(timeout=WAIT)
        if event["type"] == event_type:
            return event


async def close_all(*sockets: WebsocketCommunicator) -> None:
    for socket in sockets:
        await socket.disconnect()


def chat(user_id) -> str:
    return f"/ws/chat/{user_id}/"


# --- chat -----------------------------------------------------------------------------------------


def test_two_users_chat_and_every_socket_hears_what_it_should():
    alice, bob = UserFactory(full_name="Alice"), UserFactory(full_name="Bob")

    async def scenario():
        alice_phone = await open_socket(alice, chat(bob.pk))
        alice_laptop = await open_socket(alice, chat(bob.pk))
        bob_chat = await open_socket(bob, chat(alice.pk))
        bob_stream = await open_socket(bob, "/ws/notifications/")
        await next_event(bob_stream, "unread.count")  # the count on connect

        await alice_phone.send_json_to({"type": "message.send", "text": "Hi Bob!", "client_id": "c-1"})

        received = await next_event(bob_chat, "message.new")
        preview = await next_event(bob_stream, "message.new")
        counts = await next_event(bob_stream, "unread.count")
        ack = await next_event(alice_phone, "message.sent")
        copy = await next_event(alice_laptop, "message.sent")

        assert received["message"]["text"] == "Hi Bob!"
        assert received["message"]["sender_id"] == str(alice.pk)
        assert preview["message"]["id"] == received["message"]["id"]
        assert counts["messages"] == 1
        assert ack["client_id"] == "c-1" and ack["message"]["id"] == received["message"]["id"]
        assert copy["message"]["id"] == received["message"]["id"]

        # typing reaches both of Alice's devices
        await bob_chat.send_json_to({"type": "typing", "is_typing": True})
        for socket in (alice_phone, alice_laptop):
            typing = await next_event(socket, "typing")
            assert typing == {"type": "typing", "user_id": str(bob.pk), "is_typing": True}

        # Bob reads; Alice sees the receipt and Bob's unread count drops
        await bob_chat.send_json_to({"type": "message.read", "up_to_message_id": received["message"]["id"]})
        receipt = await next_event(alice_phone, "message.read")
        assert receipt["reader_id"] == str(bob.pk)
        assert receipt["message_ids"] == [received["message"]["id"]]
        assert (await next_event(bob_stream, "unread.count"))["messages"] == 0

        await close_all(alice_phone, alice_laptop, bob_chat, bob_stream)
        return received["message"]["id"]

    message_id = run(scenario)

    stored = Message.objects.get(pk=message_id)
    assert stored.text == "Hi Bob!" and stored.client_id == "c-1"
    assert stored.read_at is not None
    # What was pushed can be read back over REST after a reconnect.
    items = client_for(bob).get(f"/api/v1/conversations/{stored.conversation_id}/messages").json()["items"]
    assert items[0]["id"] == message_id and items[0]["is_read"] is True


def test_a_resent_frame_with_the_same_client_id_is_stored_once():
    alice, bob = UserFactory(), UserFactory()

    async def scenario():
        socket = await open_socket(alice, chat(bob.pk))
        for _ in range(2):
            await socket.send_json_to({"type": "message.send", "text": "Once", "client_id": "same"})
            await next_event(socket, "message.sent")
        await socket.disconnect()

    run(scenario)

    assert Message.objects.filter(sender=alice, text="Once").count() == 1


def test_a_message_sent_over_rest_reaches_the_recipients_open_chat():
    alice, bob = UserFactory(), UserFactory()
    alice_api = client_for(alice)

    async def scenario():
        bob_chat = await open_socket(bob, chat(alice.pk))
        response = await sync_to_async(alice_api.post)(
            "/api/v1/messages", {"recipient_id": str(bob.pk), "text": "Sent by REST"}, format="json"
        )
        assert response.status_code == 201
        assert response.json()["is_delivered"] is True  # Bob had a socket open
        event = await next_event(bob_chat, "message.new")
        assert event["message"]["text"] == "Sent by REST"

        message_id = response.json()["id"]
        await sync_to_async(alice_api.patch)(
            f"/api/v1/messages/{message_id}", {"text": "Edited over REST"}, format="json"
        )
        assert (await next_event(bob_chat, "message.updated"))["message"]["text"] == "Edited over REST"
        await sync_to_async(alice_api.delete)(f"/api/v1/messages/{message_id}")
        deleted = await next_event(bob_chat, "message.deleted")
        assert deleted["message"]["is_deleted"] is True
        await bob_chat.disconnect()

    run(scenario)


def test_another_pairs_chat_hears_nothing():
    alice, bob, carol = UserFactory(), UserFactory(), UserFactory()

    async def scenario():
        carol_chat = await open_socket(carol, chat(alice.pk))
        await next_event(carol_chat, "presence")  # Alice's status, sent on connect
        bob_chat = await open_socket(bob, chat(alice.pk))
        await sync_to_async(services.message_send)(sender=alice, recipient_id=bob.pk, text="Only for Bob")
        await next_event(bob_chat, "message.new")
        # Bob has it, so anything meant for Carol would have arrived by now too.
        assert await carol_chat.receive_nothing(timeout=0.5)
        await close_all(carol_chat, bob_chat)

    run(scenario)


@pytest.mark.parametrize("token", ["", "garbage"])
def test_a_bad_token_closes_the_chat_with_4401(token):
    bob = UserFactory()

    async def scenario():
        socket = await open_socket(None, chat(bob.pk), token=token)
        assert await close_code(socket) == CLOSE_UNAUTHORIZED

    run(scenario)


def test_an_expired_token_closes_with_4401():
    alice, bob = UserFactory(), UserFactory()
    token = AccessToken.for_user(alice)
    token.set_exp(lifetime=-timedelta(minutes=1))

    async def scenario():
        socket = await open_socket(alice, chat(bob.pk), token=str(token))
        assert await close_code(socket) == CLOSE_UNAUTHORIZED

    run(scenario)


def test_a_stranger_who_may_not_message_closes_with_4403():
    # Not a participant of any thread with Bob, and not allowed to start one (unverified e-mail).
    stranger, bob = UserFactory(is_verified=False), UserFactory()

    async def scenario():
        socket = await open_socket(stranger, chat(bob.pk))
        assert await close_code(socket) == CLOSE_FORBIDDEN

    run(scenario)


def test_an_unverified_participant_may_listen_but_not_send():
    newcomer, mentor = UserFactory(is_verified=False), UserFactory()
    services.message_send(sender=mentor, recipient_id=newcomer.pk, text="Welcome!")

    async def scenario():
        socket = await open_socket(newcomer, chat(mentor.pk))
        await socket.send_json_to({"type": "message.send", "text": "Thanks", "client_id": "c-9"})
        error = await next_event(socket, "error")
        assert error["error"] == "FORBIDDEN"
        assert error["details"]["reason"] == "email_not_verified"
        assert error["client_id"] == "c-9"
        await socket.disconnect()

    run(scenario)


@pytest.mark.parametrize("target", ["unknown", "malformed", "yourself", "deleted"])
def test_an_unknown_chat_target_closes_with_4404(target):
    from django.utils import timezone

    alice = UserFactory()
    path = {
        "unknown": chat(uuid.uuid4()),
        "malformed": chat("not-a-uuid"),
        "yourself": chat(alice.pk),
        "deleted": chat(UserFactory(deleted_at=timezone.now()).pk),
    }[target]

    async def scenario():
        socket = await open_socket(alice, path)
        assert await close_code(socket) == CLOSE_NOT_FOUND

    run(scenario)


def test_bad_frames_get_an_error_event_and_the_socket_stays_open():
    alice, bob = UserFactory(), UserFactory()

    async def scenario():
        socket = await open_socket(alice, chat(bob.pk))
        await socket.send_to(text_data="not json")
        assert (await next_event(socket, "error"))["error"] == "VALIDATION_ERROR"
        await socket.send_json_to({"type": "message.send", "text": 42})
        assert "text" in (await next_event(socket, "error"))["details"]
        await socket.send_json_to({"type": "message.send", "text": "still open", "client_id": "ok"})
        assert (await next_event(socket, "message.sent"))["client_id"] == "ok"
        await socket.disconnect()

    run(scenario)


def test_the_socket_shares_the_30_a_minute_sending_limit():
    alice, bob = UserFactory(), UserFactory()

    async def scenario():
        socket = await open_socket(alice, chat(bob.pk))
        for i in range(30):
            await socket.send_json_to({"type": "message.send", "text": f"m{i}", "client_id": f"c{i}"})
            await next_event(socket, "message.sent")
        await socket.send_json_to({"type": "message.send", "text": "one too many", "client_id": "c30"})
        error = await next_event(socket, "error")
        await socket.disconnect()
        return error

    error = run(scenario)

    assert error["error"] == "RATE_LIMITED" and error["client_id"] == "c30"
    assert Message.objects.filter(sender=alice).count() == 30


def test_an_account_deactivated_while_connected_cannot_send():
    alice, bob = UserFactory(), UserFactory()

    async def scenario():
        socket = await open_socket(alice, chat(bob.pk))
        await next_event(socket, "presence")
        await sync_to_async(type(alice).objects.filter(pk=alice.pk).update)(is_active=False)
        await socket.send_json_to({"type": "message.send", "text": "after the ban", "client_id": "x"})
        assert await close_code(socket) == CLOSE_UNAUTHORIZED

    run(scenario)

    assert not Message.objects.exists()


# --- presence -------------------------------------------------------------------------------------


def test_presence_is_online_while_any_socket_is_open():
    alice, bob = UserFactory(), UserFactory()

    async def scenario():
        alice_chat = await open_socket(alice, chat(bob.pk))
        assert (await next_event(alice_chat, "presence"))["status"] == "offline"

        bob_stream = await open_socket(bob, "/ws/notifications/")
        online = await next_event(alice_chat, "presence")
        bob_chat = await open_socket(bob, chat(alice.pk))
        await bob_stream.disconnect()
        # Bob still has his chat open: no "offline" yet.
        await bob_chat.disconnect()
        offline = await next_event(alice_chat, "presence")
        await alice_chat.disconnect()
        return online, offline

    online, offline = run(scenario)

    assert online == {"type": "presence", "user_id": str(bob.pk), "status": "online", "last_seen_at": None}
    assert offline["status"] == "offline" and offline["last_seen_at"].endswith("Z")


def test_a_crashed_process_does_not_leave_anyone_online(settings):
    user_id = uuid.uuid4()
    with time_machine.travel("2026-03-01 12:00:00Z", tick=False) as clock:
        realtime.presence_join(user_id=user_id, socket_id="socket-of-a-process-that-dies")
        assert realtime.is_online(user_id)

        clock.shift(settings.MESSAGING_PRESENCE_REFRESH)
        assert realtime.is_online(user_id)  # a live socket would refresh now; a dead one does not

        clock.shift(settings.MESSAGING_PRESENCE_TTL)
        assert not realtime.is_online(user_id)
        assert realtime.presence_event(user_id)["last_seen_at"] == "2026-03-01T12:00:00Z"


# --- the personal stream --------------------------------------------------------------------------


def test_the_notification_stream_gets_new_notifications_and_counts():
    alice = UserFactory()

    async def scenario():
        stream = await open_socket(alice, "/ws/notifications/")
        assert (await next_event(stream, "unread.count")) == {
            "type": "unread.count",
            "notifications": 0,
            "messages": 0,
        }

        notification = await sync_to_async(services.notify)(
            user=alice,
            type=NotificationType.PAYMENT_SUCCESS,
            title="Payment received",
            data={"payment_id": "p1"},
        )
        new = await next_event(stream, "notification.new")
        counts = await next_event(stream, "unread.count")

        await sync_to_async(services.notification_mark_read)(user=alice, notification_id=notification.pk)
        read = await next_event(stream, "notification.read")
        await stream.disconnect()
        return notification, new, counts, read

    notification, new, counts, read = run(scenario)

    assert new["notification"]["id"] == str(notification.pk)
    assert new["notification"]["title"] == "Payment received"
    assert new["notification"]["data"] == {"payment_id": "p1"}
    assert counts["notifications"] == 1
    assert read["notification_ids"] == [str(notification.pk)]


def test_booking_updates_reach_the_parties_streams():
    alice = UserFactory()
    booking_id = uuid.uuid4()

    async def scenario():
        stream = await open_socket(alice, "/ws/notifications/")
        await sync_to_async(realtime.send_pushes)(
            realtime.booking_updated_pushes(booking_id=booking_id, status="confirmed", user_ids=[alice.pk])
        )
        event = await next_event(stream, "booking.updated")
        await stream.disconnect()
        return event

    assert run(scenario) == {"type": "booking.updated", "booking_id": str(booking_id), "status": "confirmed"}


# --- session rooms --------------------------------------------------------------------------------


def test_with_no_bookings_app_every_session_is_unknown():
    alice = UserFactory()

    async def scenario():
        socket = await open_socket(alice, f"/ws/session/{uuid.uuid4()}/")
        assert await close_code(socket) == CLOSE_NOT_FOUND

    run(scenario)


def test_the_registered_resolver_decides_who_joins_a_session():
    learner, mentor, outsider = UserFactory(), UserFactory(), UserFactory()
    booking_id = uuid.uuid4()

    def resolver(user, asked_id):
        if asked_id != booking_id:
            return realtime.SessionAccess.NOT_FOUND
        if user.pk in (learner.pk, mentor.pk):
            return realtime.SessionAccess.ALLOWED
        return realtime.SessionAccess.FORBIDDEN

    realtime.register_session_access(resolver)
    try:

        async def scenario():
            room = f"/ws/session/{booking_id}/"
            outsider_socket = await open_socket(outsider, room)
            assert await close_code(outsider_socket) == CLOSE_FORBIDDEN
            other_room = await open_socket(learner, f"/ws/session/{uuid.uuid4()}/")
            assert await close_code(other_room) == CLOSE_NOT_FOUND

            learner_socket = await open_socket(learner, room)
            mentor_socket = await open_socket(mentor, room)
            joined = await next_event(learner_socket, "participant.joined")
            while joined["user_id"] != str(mentor.pk):
                joined = await next_event(learner_socket, "participant.joined")

            await sync_to_async(realtime.session_event)(booking_id=booking_id, type="session.started")
            started = [await next_event(s, "session.started") for s in (learner_socket, mentor_socket)]

            await mentor_socket.disconnect()
            left = await next_event(learner_socket, "participant.left")
            await sync_to_async(realtime.session_event)(booking_id=booking_id, type="session.ended")
            ended = await next_event(learner_socket, "session.ended")
            await learner_socket.disconnect()
            return started, left, ended

        started, left, ended = run(scenario)
    finally:
        realtime.unregister_session_access(resolver)

    assert all(event["booking_id"] == str(booking_id) for event in started)
    assert left["user_id"] == str(mentor.pk)
    assert ended["type"] == "session.ended"


def test_an_unknown_session_event_is_refused():
    with pytest.raises(ValueError):
        realtime.session_event(booking_id=uuid.uuid4(), type="session.exploded")
