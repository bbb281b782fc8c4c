"""What keeps chat fast under load (issue 14), locked in by structure rather than timings: a
message sent over the socket costs a fixed set of statements whatever the thread's size, and
the sockets' database calls do not queue behind one another on a single thread."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from messaging import consumers, realtime, services
from messaging.models import Conversation, Message
from tests.factories import UserFactory
from tests.messaging.test_websockets import chat, next_event, open_socket, run

SOCKET_WAIT = 10  # seconds before a test gives up waiting (a failure guard, not a measurement)


def _statements(captured) -> list[str]:
    # The test's own transaction turns the service's BEGIN/COMMIT into savepoints: not counted.
    skipped = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")
    return [q["sql"] for q in captured if not q["sql"].upper().startswith(skipped)]


def _send_and_count(sender, recipient, django_capture_on_commit_callbacks, conversation_id=None) -> list[str]:
    with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
        consumers._send_from_socket(
            user_id=sender.pk,
            other_id=recipient.pk,
            text="hello",
            client_id="",
            conversation_id=conversation_id,
        )
    return _statements(captured.captured_queries)


@pytest.mark.django_db
def test_a_socket_message_costs_the_same_few_statements_however_long_the_thread(
    django_capture_on_commit_callbacks,
):
    alice, bob = UserFactory(), UserFactory()
    realtime.presence_join(user_id=bob.pk, socket_id="bob-phone")  # online: no notification
    try:
        for i in range(3):
            services.message_send(sender=alice, recipient_id=bob.pk, text=f"warm-up {i}")
        short = _send_and_count(alice, bob, django_capture_on_commit_callbacks)
        for i in range(30):
            services.message_send(sender=bob, recipient_id=alice.pk, text=f"reply {i}")
        long = _send_and_count(alice, bob, django_capture_on_commit_callbacks)
        thread = Conversation.objects.get()
        known = _send_and_count(alice, bob, django_capture_on_commit_callbacks, conversation_id=thread.pk)
    finally:
        realtime.presence_leave(user_id=bob.pk, socket_id="bob-phone")

    # Both people in one SELECT, the thread, the message, the thread's last message: no
    # pre-check for a repeated client_id (the unique constraint answers that), no read-back of
    # attachments for the pushed payload, no unread counts on the sender's path.
    assert len(short) == len(long) == 4, "\n".join(long)
    kinds = [sql.split()[0].upper() for sql in long]
    assert kinds == ["SELECT", "SELECT", "INSERT", "UPDATE"], "\n".join(long)
    # A socket that knows its thread (from its opening or its previous message) skips reading it.
    assert [sql.split()[0].upper() for sql in known] == ["SELECT", "INSERT", "UPDATE"], "\n".join(known)
    assert Message.objects.filter(sender=alice, text="hello").count() == 3
    thread.refresh_from_db()
    assert thread.last_message.text == "hello"


@pytest.mark.django_db
def test_a_message_to_someone_offline_adds_only_the_notification_statements(
    django_capture_on_commit_callbacks,
):
    alice, bob = UserFactory(), UserFactory()
    services.message_send(sender=alice, recipient_id=bob.pk, text="first")  # notifies Bob once
    for i in range(20):
        services.message_send(sender=alice, recipient_id=bob.pk, text=f"unread {i}")
    later = _send_and_count(alice, bob, django_capture_on_commit_callbacks)

    # Bob already has unread messages from Alice: one EXISTS tells, and no second notification.
    assert len(later) == 5, "\n".join(later)


@pytest.mark.django_db(transaction=True)
def test_two_sockets_store_their_messages_at_the_same_time(monkeypatch):
    """Were the consumers' database calls on the one thread database_sync_to_async uses by
    default, the first send would hold it until the barrier broke, and the second could never
    arrive at the barrier."""
    alice, bob, carol, dan = (UserFactory() for _ in range(4))
    barrier = threading.Barrier(2, timeout=SOCKET_WAIT)
    store = consumers._send_from_socket

    def send_when_both_are_in(**kwargs):
        barrier.wait()
        return store(**kwargs)

    monkeypatch.setattr(consumers, "_send_from_socket", send_when_both_are_in)

    async def scenario():
        first = await open_socket(alice, chat(bob.pk))
        second = await open_socket(carol, chat(dan.pk))
        await first.send_json_to({"type": "message.send", "text": "one", "client_id": "a1"})
        await second.send_json_to({"type": "message.send", "text": "two", "client_id": "c1"})
        sent = [await next_event(first, "message.sent"), await next_event(second, "message.sent")]
        await first.disconnect()
        await second.disconnect()
        return sent

    sent = run(scenario)

    assert [event["client_id"] for event in sent] == ["a1", "c1"]
    assert not barrier.broken
    assert Message.objects.count() == 2
