"""POST/PATCH/DELETE /messages, reads, unread counts, search and attachments (API.md §5)."""

from __future__ import annotations

import io
import uuid
import zipfile

import pytest
from django.utils import timezone

from messaging import services
from messaging.models import DELETED_PLACEHOLDER, Attachment, Conversation, Message
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.messaging.conftest import pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

MESSAGES = "/api/v1/messages"


def send(client, **body):
    return client.post(MESSAGES, body, format="json")


# --- sending --------------------------------------------------------------------------------------


def test_first_message_creates_the_conversation_and_returns_201(alice_api, alice, bob):
    response = send(alice_api, recipient_id=str(bob.pk), text="Hello Bob")

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "conversation_id", "created_at", "is_delivered", "attachments"}
    assert body["created_at"].endswith("Z")
    assert body["is_delivered"] is False  # Bob has no socket open
    conversation = Conversation.objects.get(pk=body["conversation_id"])
    assert {conversation.user_low_id, conversation.user_high_id} == {alice.pk, bob.pk}
    assert Message.objects.get(pk=body["id"]).text == "Hello Bob"


def test_a_pair_has_one_conversation_whoever_writes_first(alice_api, bob_api, alice, bob):
    first = send(alice_api, recipient_id=str(bob.pk), text="Hi").json()
    reply = send(bob_api, recipient_id=str(alice.pk), text="Hi back").json()
    by_id = send(alice_api, conversation_id=first["conversation_id"], text="Third").json()

    assert first["conversation_id"] == reply["conversation_id"] == by_id["conversation_id"]
    assert Conversation.objects.count() == 1


def test_sending_by_conversation_id_of_someone_elses_thread_is_404(alice_api, bob, carol_api):
    conversation_id = send(alice_api, recipient_id=str(bob.pk), text="Hi").json()["conversation_id"]

    response = send(carol_api, conversation_id=conversation_id, text="Sneaking in")

    assert response.status_code == 404
    assert response.json()["error"] == "NOT_FOUND"
    assert Message.objects.count() == 1


@pytest.mark.parametrize("who", ["yourself", "unknown", "deleted", "deactivated"])
def test_you_cannot_message_yourself_an_unknown_deleted_or_inactive_user(alice_api, alice, who):
    if who == "yourself":
        target = alice.pk
    elif who == "unknown":
        target = uuid.uuid4()
    elif who == "deleted":
        target = UserFactory(deleted_at=timezone.now()).pk
    else:
        target = UserFactory(is_active=False).pk

    response = send(alice_api, recipient_id=str(target), text="Hello?")

    assert response.status_code == 404
    assert response.json()["error"] == "NOT_FOUND"
    assert not Message.objects.exists()


def test_an_unverified_sender_gets_403_email_not_verified(bob):
    unverified = UserFactory(is_verified=False)

    response = send(client_for(unverified), recipient_id=str(bob.pk), text="Hi")

    assert response.status_code == 403
    body = response.json()
    assert body["error"] == "FORBIDDEN"
    assert body["details"]["reason"] == "email_not_verified"
    assert not Message.objects.exists()


def test_staff_can_message_before_verifying_their_email(bob):
    staff = UserFactory(is_staff=True, is_verified=False)

    response = send(client_for(staff), recipient_id=str(bob.pk), text="Support here")

    assert response.status_code == 201


def test_text_is_at_most_5000_characters(alice_api, bob):
    assert send(alice_api, recipient_id=str(bob.pk), text="x" * 5000).status_code == 201
    too_long = send(alice_api, recipient_id=str(bob.pk), text="x" * 5001)

    assert too_long.status_code == 400
    assert too_long.json()["error"] == "VALIDATION_ERROR"
    assert "text" in too_long.json()["details"]


def test_an_empty_message_is_refused(alice_api, bob):
    response = send(alice_api, recipient_id=str(bob.pk), text="   ")

    assert response.status_code == 400
    assert "text" in response.json()["details"]


def test_recipient_or_conversation_is_required(alice_api):
    response = send(alice_api, text="To whom?")

    assert response.status_code == 400
    assert "recipient_id" in response.json()["details"]


def test_a_booking_id_no_one_knows_is_404(alice_api, bob):
    # Until the bookings app registers who belongs to a booking, every booking id is unknown.
    response = send(
        alice_api, recipient_id=str(bob.pk), text="About our session", booking_id=str(uuid.uuid4())
    )

    assert response.status_code == 404
    assert not Message.objects.exists()


def test_sending_is_limited_to_30_messages_a_minute(alice_api, bob):
    statuses = [send(alice_api, recipient_id=str(bob.pk), text=f"m{i}").status_code for i in range(31)]

    assert statuses[:30] == [201] * 30
    assert statuses[30] == 429
    assert Message.objects.count() == 30


def test_reading_is_not_counted_against_the_sending_limit(alice_api, bob):
    for _ in range(31):
        alice_api.get(f"{MESSAGES}/unread-count")

    assert send(alice_api, recipient_id=str(bob.pk), text="still fine").status_code == 201


# --- attachments ----------------------------------------------------------------------------------


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><document/>')
    return buffer.getvalue()


def send_files(client, recipient, files, text="See attached"):
    return client.post(
        MESSAGES, {"recipient_id": str(recipient.pk), "text": text, "files[]": files}, format="multipart"
    )


def test_multipart_send_stores_images_pdf_and_office_documents(alice_api, bob, attachment_folder):
    files = [
        upload("photo.png", png_bytes(), "image/png"),
        upload("notes.pdf", pdf_bytes(), "application/pdf"),
        upload("plan.docx", docx_bytes()),
    ]

    response = send_files(alice_api, bob, files)

    assert response.status_code == 201, response.json()
    attachments = response.json()["attachments"]
    assert [(a["filename"], a["content_type"]) for a in attachments] == [
        ("photo.png", "image/png"),
        ("notes.pdf", "application/pdf"),
        ("plan.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]
    stored = Attachment.objects.get(filename="notes.pdf")
    # Stored under a random name in the private folder, not under the uploader's file name.
    assert "notes" not in stored.file.name
    assert (attachment_folder / stored.file.name).read_bytes() == pdf_bytes()


def test_a_file_that_only_claims_to_be_a_pdf_is_refused(alice_api, bob):
    fake = upload("invoice.pdf", b"#!/bin/sh\nrm -rf /\n" * 20, "application/pdf")

    response = send_files(alice_api, bob, [fake])

    assert response.status_code == 400
    assert "files" in response.json()["details"]
    assert not Message.objects.exists()


def test_an_image_that_pillow_cannot_read_is_refused(alice_api, bob):
    broken = upload("broken.png", png_bytes()[:40], "image/png")

    response = send_files(alice_api, bob, [broken])

    assert response.status_code == 400
    assert "not a readable image" in response.json()["message"]


def test_at_most_five_attachments(alice_api, bob, attachment_folder):
    files = [upload(f"p{i}.png", png_bytes(), "image/png") for i in range(6)]

    response = send_files(alice_api, bob, files)

    assert response.status_code == 400
    assert "at most 5" in response.json()["message"]
    assert not Message.objects.exists()
    assert not attachment_folder.exists() or not any(attachment_folder.rglob("*.png"))


def test_a_file_over_10_mb_is_refused(alice_api, bob):
    big = upload("scan.pdf", pdf_bytes() + b"0" * (10 * 1024 * 1024))

    response = send_files(alice_api, bob, [big])

    assert response.status_code == 400
    assert "at most 10" in response.json()["message"]


def test_a_message_can_be_only_files(alice_api, bob):
    response = send_files(alice_api, bob, [upload("a.png", png_bytes())], text="")

    assert response.status_code == 201
    assert len(response.json()["attachments"]) == 1


def test_both_participants_download_an_attachment_and_no_one_else(alice_api, bob_api, carol_api, bob):
    attachment_id = send_files(alice_api, bob, [upload("notes.pdf", pdf_bytes())]).json()["attachments"][0][
        "id"
    ]
    url = f"/api/v1/attachments/{attachment_id}/download"

    for client in (alice_api, bob_api):
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf_bytes()
        assert response["Content-Type"] == "application/pdf"
        assert 'attachment; filename="notes.pdf"' in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]

    stranger = carol_api.get(url)
    assert stranger.status_code == 404
    assert stranger.json()["error"] == "NOT_FOUND"


def test_a_client_that_asks_for_bytes_gets_the_file(alice_api, bob):
    attachment_id = send_files(alice_api, bob, [upload("notes.pdf", pdf_bytes())]).json()["attachments"][0][
        "id"
    ]

    response = alice_api.get(
        f"/api/v1/attachments/{attachment_id}/download", HTTP_ACCEPT="application/octet-stream"
    )

    assert response.status_code == 200


def test_attachments_have_no_public_url(alice_api, bob, client, settings):
    attachment_id = send_files(alice_api, bob, [upload("notes.pdf", pdf_bytes())]).json()["attachments"][0][
        "id"
    ]
    stored = Attachment.objects.get(pk=attachment_id)

    anonymous = client.get(f"/api/v1/attachments/{attachment_id}/download")
    assert anonymous.status_code == 401
    # Not under MEDIA_ROOT, so no media URL (in DEBUG or behind a web server) can reach it.
    assert not (settings.MEDIA_ROOT / stored.file.name).exists()
    assert client.get(f"{settings.MEDIA_URL}{stored.file.name}").status_code == 404


def test_a_deleted_messages_attachments_are_gone(
    alice_api, bob_api, bob, attachment_folder, django_capture_on_commit_callbacks
):
    sent = send_files(alice_api, bob, [upload("notes.pdf", pdf_bytes())]).json()
    attachment_id = sent["attachments"][0]["id"]
    name = Attachment.objects.get(pk=attachment_id).file.name

    with django_capture_on_commit_callbacks(execute=True):
        alice_api.delete(f"{MESSAGES}/{sent['id']}")

    assert bob_api.get(f"/api/v1/attachments/{attachment_id}/download").status_code == 404
    assert not (attachment_folder / name).exists()


# --- edit, delete, read ---------------------------------------------------------------------------


@pytest.fixture
def sent(alice_api, bob):
    return send(alice_api, recipient_id=str(bob.pk), text="Original").json()


def test_the_sender_edits_and_edited_at_is_set(alice_api, sent):
    response = alice_api.patch(f"{MESSAGES}/{sent['id']}", {"text": "Fixed typo"}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["text"] == "Fixed typo"
    assert body["edited_at"] is not None and body["edited_at"].endswith("Z")


def test_the_recipient_cannot_edit_or_delete(bob_api, sent):
    assert bob_api.patch(f"{MESSAGES}/{sent['id']}", {"text": "Not mine"}, format="json").status_code == 403
    assert bob_api.delete(f"{MESSAGES}/{sent['id']}").status_code == 403
    assert Message.objects.get(pk=sent["id"]).text == "Original"


def test_delete_leaves_a_placeholder_in_the_thread(alice_api, bob_api, sent):
    response = alice_api.delete(f"{MESSAGES}/{sent['id']}")

    assert response.status_code == 204
    items = bob_api.get(f"/api/v1/conversations/{sent['conversation_id']}/messages").json()["items"]
    assert len(items) == 1
    assert items[0]["is_deleted"] is True
    assert items[0]["text"] == DELETED_PLACEHOLDER
    assert Message.objects.get(pk=sent["id"]).text == ""  # the words themselves are gone


def test_a_deleted_message_cannot_be_edited(alice_api, sent):
    alice_api.delete(f"{MESSAGES}/{sent['id']}")

    response = alice_api.patch(f"{MESSAGES}/{sent['id']}", {"text": "Back"}, format="json")

    assert response.status_code == 409
    assert response.json()["details"]["reason"] == "message_deleted"


def test_the_recipient_marks_one_message_read(bob_api, alice_api, sent):
    response = bob_api.post(f"{MESSAGES}/{sent['id']}/read")

    assert response.status_code == 200
    assert response.json()["is_read"] is True
    assert response.json()["read_at"].endswith("Z")
    assert alice_api.post(f"{MESSAGES}/{sent['id']}/read").status_code == 403


@pytest.mark.parametrize(
    "method, suffix",
    [("patch", ""), ("delete", ""), ("post", "/read")],
)
def test_every_message_route_is_404_for_a_non_participant(carol_api, sent, method, suffix):
    response = getattr(carol_api, method)(f"{MESSAGES}/{sent['id']}{suffix}", {"text": "x"}, format="json")

    assert response.status_code == 404
    assert response.json()["error"] == "NOT_FOUND"
    assert Message.objects.get(pk=sent["id"]).text == "Original"


def test_unread_count_counts_messages_and_conversations(alice_api, bob_api, carol_api, bob):
    send(alice_api, recipient_id=str(bob.pk), text="one")
    send(alice_api, recipient_id=str(bob.pk), text="two")
    send(carol_api, recipient_id=str(bob.pk), text="three")

    before = bob_api.get(f"{MESSAGES}/unread-count").json()
    conversation_id = Conversation.objects.filter(last_message__text="three").get().pk
    bob_api.post(f"/api/v1/conversations/{conversation_id}/read")
    after = bob_api.get(f"{MESSAGES}/unread-count").json()

    assert before == {"unread_count": 3, "unread_conversations": 2}
    assert after == {"unread_count": 2, "unread_conversations": 1}
    assert alice_api.get(f"{MESSAGES}/unread-count").json() == {"unread_count": 0, "unread_conversations": 0}


# --- search ---------------------------------------------------------------------------------------


def test_search_finds_your_messages_with_a_highlight(alice_api, bob_api, carol_api, alice, bob, carol):
    send(alice_api, recipient_id=str(bob.pk), text="Shall we review the <b>budget</b> plan tomorrow?")
    send(bob_api, recipient_id=str(alice.pk), text="Sure, let us meet at noon")
    send(carol_api, recipient_id=str(bob.pk), text="My budget is secret")

    response = alice_api.get(f"{MESSAGES}/search", {"q": "budget"})

    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 1  # Carol's message to Bob is not Alice's to see
    hit = items[0]
    assert hit["conversation_id"]
    assert "<mark>budget</mark>" in hit["highlight"]
    # The user's own markup never becomes markup: escaped (SQLite) or dropped by ts_headline (PostgreSQL).
    assert "<b>" not in hit["highlight"]


def test_search_by_participant_and_deleted_messages_are_not_found(alice_api, carol_api, alice, bob, carol):
    kept = send(alice_api, recipient_id=str(bob.pk), text="planning notes for Bob").json()
    gone = send(alice_api, recipient_id=str(bob.pk), text="planning mistake").json()
    send(carol_api, recipient_id=str(alice.pk), text="planning with Carol")
    alice_api.delete(f"{MESSAGES}/{gone['id']}")

    items = alice_api.get(f"{MESSAGES}/search", {"q": "planning", "participant_id": str(bob.pk)}).json()[
        "items"
    ]

    assert [item["id"] for item in items] == [kept["id"]]


def test_search_needs_words(alice_api):
    response = alice_api.get(f"{MESSAGES}/search")

    assert response.status_code == 400
    assert "q" in response.json()["details"]


@pytest.mark.parametrize("size", [5, 50])
def test_search_runs_a_fixed_number_of_queries_at_5_and_50_hits(
    alice_api, alice, bob, size, django_assert_max_num_queries
):
    for n in range(size):
        services.message_send(sender=bob, recipient_id=alice.pk, text=f"budget line {n}")
    with django_assert_max_num_queries(4):  # auth user, count, the page, its attachments
        response = alice_api.get(f"{MESSAGES}/search", {"q": "budget", "limit": 100})
    assert response.json()["total"] == size
