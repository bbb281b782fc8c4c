"""GET /conversations, GET /conversations/{id}/messages, POST /conversations/{id}/read."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from messaging import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONVERSATIONS = "/api/v1/conversations"


def test_conversations_list_the_other_person_last_message_and_unread_count(alice_api, alice, bob, carol):
    services.message_send(sender=alice, recipient_id=bob.pk, text="To Bob")
    services.message_send(sender=carol, recipient_id=alice.pk, text="From Carol 1")
    services.message_send(sender=carol, recipient_id=alice.pk, text="From Carol 2")

    body = alice_api.get(CONVERSATIONS).json()

    assert body["total"] == 2
    newest, older = body["items"]
    assert newest["participant"]["id"] == str(carol.pk)
    assert newest["participant"]["full_name"] == "Carol Curious"
    assert newest["participant"]["avatar_url"]
    assert newest["participant"]["roles"] == ["learner"]
    assert newest["last_message"]["text"] == "From Carol 2"
    assert newest["last_message"]["sender_id"] == str(carol.pk)
    assert newest["last_message"]["is_read"] is False
    assert newest["unread_count"] == 2
    assert newest["booking_id"] is None
    assert older["participant"]["id"] == str(bob.pk)
    assert older["unread_count"] == 0


def test_filters_participant_id_and_unread(alice_api, alice, bob, carol):
    services.message_send(sender=alice, recipient_id=bob.pk, text="To Bob")
    services.message_send(sender=carol, recipient_id=alice.pk, text="From Carol")

    with_bob = alice_api.get(CONVERSATIONS, {"participant_id": str(bob.pk)}).json()["items"]
    unread = alice_api.get(CONVERSATIONS, {"unread": "true"}).json()["items"]
    read = alice_api.get(CONVERSATIONS, {"unread": "false"}).json()["items"]

    assert [c["participant"]["id"] for c in with_bob] == [str(bob.pk)]
    assert [c["participant"]["id"] for c in unread] == [str(carol.pk)]
    assert [c["participant"]["id"] for c in read] == [str(bob.pk)]


def test_a_bad_filter_is_a_validation_error(alice_api):
    response = alice_api.get(CONVERSATIONS, {"participant_id": "not-a-uuid"})

    assert response.status_code == 400
    assert "participant_id" in response.json()["details"]


def test_other_peoples_conversations_are_not_listed(carol_api, alice, bob):
    services.message_send(sender=alice, recipient_id=bob.pk, text="Private")

    assert carol_api.get(CONVERSATIONS).json()["total"] == 0


def test_messages_page_1_is_the_newest(alice_api, alice, bob):
    sent = [
        services.message_send(sender=alice, recipient_id=bob.pk, text="m0"),
        services.message_send(sender=bob, recipient_id=alice.pk, text="m1"),
        services.message_send(sender=alice, recipient_id=bob.pk, text="m2"),
    ]

    body = alice_api.get(f"{CONVERSATIONS}/{sent[0].conversation_id}/messages", {"limit": 2}).json()

    assert body["total"] == 3 and body["pages"] == 2
    assert [m["text"] for m in body["items"]] == ["m2", "m1"]
    first = body["items"][1]
    assert set(first) == {
        "id",
        "sender_id",
        "recipient_id",
        "text",
        "attachments",
        "ai_generated",
        "is_read",
        "read_at",
        "edited_at",
        "is_deleted",
        "booking_id",
        "created_at",
        "conversation_id",
    }
    assert first["sender_id"] == str(bob.pk) and first["recipient_id"] == str(alice.pk)


def test_read_marks_everything_you_received_and_returns_updated(alice_api, bob_api, alice, bob):
    services.message_send(sender=bob, recipient_id=alice.pk, text="one")
    last = services.message_send(sender=bob, recipient_id=alice.pk, text="two")
    services.message_send(sender=alice, recipient_id=bob.pk, text="mine")

    response = alice_api.post(f"{CONVERSATIONS}/{last.conversation_id}/read")
    again = alice_api.post(f"{CONVERSATIONS}/{last.conversation_id}/read")

    assert response.status_code == 200
    assert response.json() == {"updated": 2}
    assert again.json() == {"updated": 0}
    items = bob_api.get(f"{CONVERSATIONS}/{last.conversation_id}/messages").json()["items"]
    assert {m["text"]: m["is_read"] for m in items} == {"one": True, "two": True, "mine": False}


@pytest.mark.parametrize("method, suffix", [("get", "messages"), ("post", "read")])
def test_conversation_routes_are_404_for_a_non_participant_and_an_unknown_id(
    carol_api, alice, bob, method, suffix
):
    conversation_id = services.message_send(sender=alice, recipient_id=bob.pk, text="Private").conversation_id

    for target in (conversation_id, uuid.uuid4()):
        response = getattr(carol_api, method)(f"{CONVERSATIONS}/{target}/{suffix}")
        assert response.status_code == 404
        assert response.json()["error"] == "NOT_FOUND"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"limit": 100})
    assert response.status_code == 200
    return len(captured)


def test_conversation_list_runs_the_same_queries_for_5_and_50_threads(alice_api, alice):
    """auth user, count, the page (people, last message and unread count joined in)."""
    counts = {}
    for size in (5, 50):
        while alice_api.get(CONVERSATIONS).json()["total"] < size:
            other = UserFactory()
            services.message_send(sender=other, recipient_id=alice.pk, text=f"hi from {other.full_name}")
        counts[size] = _queries(alice_api, CONVERSATIONS)

    assert counts[5] == counts[50] == 3


def test_message_list_runs_the_same_queries_for_5_and_50_messages(alice_api, alice, bob):
    from tests.messaging.conftest import png_bytes, upload

    counts = {}
    conversation_id = None
    for size in (5, 50):
        while (
            conversation_id is None
            or alice_api.get(f"{CONVERSATIONS}/{conversation_id}/messages").json()["total"] < size
        ):
            message = services.message_send(
                sender=bob, recipient_id=alice.pk, text="with a picture", files=[upload("p.png", png_bytes())]
            )
            conversation_id = message.conversation_id
        counts[size] = _queries(alice_api, f"{CONVERSATIONS}/{conversation_id}/messages")

    # auth user, the conversation check, count, the page, its attachments
    assert counts[5] == counts[50] == 5
