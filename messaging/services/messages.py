"""Writes of conversations and messages. Each public function runs in one transaction
(STYLE.md); every socket push and file deletion it causes runs after that transaction commits.

The REST API, the site pages and the chat socket all send, edit, delete and read messages
through these functions, so a message sent over the socket is stored exactly like one sent
over REST.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import partial

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from accounts.errors import EmailNotVerified
from core.errors import ValidationFailed
from messaging import errors, payloads, realtime, selectors
from messaging.attachments import check_files
from messaging.models import MESSAGE_MAX_LENGTH, Attachment, Conversation, Message, NotificationType
from messaging.services.notifications import notify, unread_count_push
from messaging.storage import attachment_storage

logger = logging.getLogger("mentora.messaging")


# --- pushes ---------------------------------------------------------------------------------------


def _push_message_change(message: Message, event_type: str, *, unread_changed: bool = False) -> None:
    """message.updated / message.deleted to both people's open chats; if it was unread, the
    recipient's counts change too."""
    sender_id, recipient_id = message.sender_id, message.recipient_id
    event = {"type": event_type, "message": payloads.message(message)}
    groups = [realtime.chat_group(sender_id, recipient_id), realtime.chat_group(recipient_id, sender_id)]

    def build():
        pushes = [(groups, event)]
        if unread_changed:
            pushes.append(unread_count_push(message.recipient))
        return pushes

    realtime.push_on_commit(build)


# --- conversations and messages -------------------------------------------------------------------


def conversation_get_or_create(*, user, other, booking_id: uuid.UUID | None = None) -> Conversation:
    """The one thread of two people. Two first messages racing both land in it: the loser of the
    insert hits the pair's unique constraint and reads the winner's row (get_or_create retries
    the read after the IntegrityError, inside a savepoint)."""
    low, high = Conversation.ordered_pair(user.pk, other.pk)
    # Every message but a thread's first finds it here: one SELECT, without the SAVEPOINT that
    # get_or_create opens inside the sender's transaction.
    found = Conversation.objects.filter(user_low_id=low, user_high_id=high).first()
    if found is not None:
        return found
    with transaction.atomic():
        conversation, _ = Conversation.objects.get_or_create(
            user_low_id=low, user_high_id=high, defaults={"booking_id": booking_id}
        )
    return conversation


def _clean_text(text: str | None) -> str:
    text = (text or "").strip()
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationFailed.for_field(
            "text", f"A message can be at most {MESSAGE_MAX_LENGTH:,} characters."
        )
    return text


def _check_booking(*, booking_id: uuid.UUID, people: Iterable) -> None:
    # A message tied to a booking must be between that booking's parties; the bookings app
    # answers through the session-access registry (with none registered, every booking is unknown).
    for person in people:
        if realtime.session_access(user=person, booking_id=booking_id) is not realtime.SessionAccess.ALLOWED:
            raise errors.BookingNotFound(details={"booking_id": [errors.BookingNotFound.default_message]})


def _delete_files_later(names: Sequence[str]) -> None:
    storage = attachment_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete attachment file %s", name, exc_info=True)


def message_send(
    *,
    sender,
    text: str = "",
    recipient_id: uuid.UUID | None = None,
    conversation_id: uuid.UUID | None = None,
    booking_id: uuid.UUID | None = None,
    files: Sequence[UploadedFile] = (),
    client_id: str = "",
    ai_generated: bool = False,
) -> Message:
    """Store a message (creating the thread with the first one) and tell both people live."""
    text = _clean_text(text)
    if not selectors.user_may_start_conversations(user=sender):
        raise EmailNotVerified("Verify your e-mail address before sending messages.")
    if (recipient_id is None) == (conversation_id is None):
        raise ValidationFailed.for_field("recipient_id", "Give recipient_id or conversation_id.")
    if conversation_id is not None:
        conversation = selectors.conversation_for_participant(user=sender, conversation_id=conversation_id)
        recipient_id = conversation.other_id(sender.pk)
    recipient = selectors.reachable_user(sender=sender, user_id=recipient_id)
    if recipient is None:
        raise errors.RecipientNotFound()
    return _message_store(
        sender=sender,
        recipient=recipient,
        text=text,
        booking_id=booking_id,
        files=files,
        client_id=client_id,
        ai_generated=ai_generated,
    )


class SenderGone(Exception):
    """The account behind a socket was deleted or deactivated while the socket was open."""


def chat_message_send(
    *,
    sender_id: uuid.UUID,
    recipient_id: uuid.UUID,
    text: str,
    client_id: str = "",
    conversation_id: uuid.UUID | None = None,
) -> Message:
    """message.send over /ws/chat/: the same rules and storage as message_send, in a bounded
    number of statements whatever the thread's size: one SELECT reads both people (the sender
    is read again on every frame, since a socket may outlive the account: SenderGone), one the
    thread, then one INSERT and one UPDATE of the thread inside a single transaction.

    `conversation_id` is the thread of these two people as the socket already knows it (from
    its opening or its previous message): it saves reading the thread again. Threads are never
    deleted (accounts are deleted softly), so a known id stays right."""
    people = {person.pk: person for person in selectors.live_users(user_ids={sender_id, recipient_id})}
    sender = people.get(sender_id)
    if sender is None:
        raise SenderGone()
    text = _clean_text(text)
    if not selectors.user_may_start_conversations(user=sender):
        raise EmailNotVerified("Verify your e-mail address before sending messages.")
    recipient = people.get(recipient_id) if recipient_id != sender_id else None
    if recipient is None:
        raise errors.RecipientNotFound()
    known = None
    if conversation_id is not None:
        low, high = Conversation.ordered_pair(sender.pk, recipient.pk)
        known = Conversation(pk=conversation_id, user_low_id=low, user_high_id=high)
    return _message_store(
        sender=sender, recipient=recipient, text=text, client_id=client_id, conversation=known
    )


def _message_store(
    *,
    sender,
    recipient,
    text: str,
    booking_id: uuid.UUID | None = None,
    files: Sequence[UploadedFile] = (),
    client_id: str = "",
    ai_generated: bool = False,
    conversation: Conversation | None = None,
) -> Message:
    checked = check_files(list(files))
    if not text and not checked:
        raise ValidationFailed.for_field("text", "Write a message or attach a file.")
    if booking_id is not None:
        _check_booking(booking_id=booking_id, people=[sender, recipient])

    client_id = client_id or ""
    if len(client_id) > 64:
        raise ValidationFailed.for_field("client_id", "client_id can be at most 64 characters.")

    # A frame sent again (a reconnecting client resends what it has no acknowledgement for) is
    # found by the unique (sender, client_id) constraint rather than by a SELECT before every
    # insert: the repeat is the rare case, so the common one costs no extra statement.
    saved_files: list[str] = []
    try:
        with transaction.atomic():
            if conversation is None:
                conversation = conversation_get_or_create(user=sender, other=recipient, booking_id=booking_id)
            recipient_online = realtime.is_online(recipient.pk)
            now = timezone.now()
            message = Message.objects.create(
                conversation=conversation,
                sender=sender,
                recipient=recipient,
                text=text,
                booking_id=booking_id,
                ai_generated=ai_generated,
                client_id=client_id,
                created_at=now,
                delivered_at=now if recipient_online else None,
            )
            attachments = []
            for item in checked:
                attachment = Attachment(
                    message=message, filename=item.filename, size=item.size, content_type=item.content_type
                )
                attachment.file.save(f"upload{item.extension}", item.upload, save=False)
                saved_files.append(attachment.file.name)
                attachment.save()
                attachments.append(attachment)
            # The pushed payload lists the files just stored without reading them back.
            _known_attachments(message, attachments)
            # Two sends committing out of order must not make the older one the thread's last.
            Conversation.objects.filter(
                Q(last_message_at__isnull=True) | Q(last_message_at__lte=now), pk=conversation.pk
            ).update(last_message=message, last_message_at=now)
            if booking_id is not None and conversation.booking_id is None:
                Conversation.objects.filter(pk=conversation.pk, booking_id__isnull=True).update(
                    booking_id=booking_id
                )
            if not recipient_online:
                _notify_offline_recipient(message, sender=sender, recipient=recipient)
            _push_new(message, client_id=client_id)
    except BaseException as exc:
        # The row is gone with the rollback; its files must go too, or they are orphans no
        # one can ever download or delete.
        _delete_files_later(saved_files)
        if client_id and isinstance(exc, IntegrityError):
            # The same frame again: acknowledge the stored one instead of storing a second.
            earlier = selectors.message_by_client_id(sender=sender, client_id=client_id)
            if earlier is not None:
                _push_sent(earlier, client_id=client_id)
                return earlier
        raise
    return message


def _known_attachments(message: Message, attachments: list[Attachment]) -> None:
    # What prefetch_related leaves behind: message.attachments.all() answers from this list.
    queryset = message.attachments.all()
    queryset._result_cache = attachments
    queryset._prefetch_done = True
    message._prefetched_objects_cache = {"attachments": queryset}


def _notify_offline_recipient(message: Message, *, sender, recipient) -> None:
    # One notification (and so at most one mail) per run of unread messages from this sender,
    # not one per message: the first unread message opens the run.
    earlier_unread = (
        Message.objects.filter(
            conversation=message.conversation,
            recipient=recipient,
            read_at__isnull=True,
            deleted_at__isnull=True,
        )
        .exclude(pk=message.pk)
        .exists()
    )
    if earlier_unread:
        return
    preview = message.text or "Sent you a file."
    notify(
        user=recipient,
        type=NotificationType.MESSAGE_RECEIVED,
        title=f"New message from {sender.display_name}",
        body=Truncator(preview).chars(140),
        action_url=reverse("messaging:thread", args=[sender.pk]),
        data={"conversation_id": str(message.conversation_id), "message_id": str(message.pk)},
        dedupe_key=f"message_received:{message.pk}",
    )


def _push_new(message: Message, *, client_id: str) -> None:
    sender_id, recipient_id = message.sender_id, message.recipient_id

    def build():
        body = payloads.message(message)
        return [
            (
                [realtime.chat_group(recipient_id, sender_id), realtime.notifications_group(recipient_id)],
                {"type": "message.new", "message": body},
            ),
            (
                # The acknowledgement to the sending socket and the copy for the sender's other
                # devices (API.md §5) are the same event.
                [realtime.chat_group(sender_id, recipient_id), realtime.notifications_group(sender_id)],
                {"type": "message.sent", "message": body, "client_id": client_id or None},
            ),
            # The recipient's unread.count follows from their notifications socket, which
            # reads the counts when it forwards this message.new (NotificationConsumer).
        ]

    realtime.push_on_commit(build)


def _push_sent(message: Message, *, client_id: str) -> None:
    event = {"type": "message.sent", "message": payloads.message(message), "client_id": client_id}
    groups = [realtime.chat_group(message.sender_id, message.recipient_id)]
    realtime.push_on_commit(lambda: [(groups, event)])


def _message_for_change(*, user, message_id: uuid.UUID) -> Message:
    message = (
        Message.objects.select_for_update(of=("self",))
        .filter(Q(sender=user) | Q(recipient=user), pk=message_id)
        .select_related("recipient", "conversation")
        .first()
    )
    if message is None:
        raise errors.MessageNotFound()
    return message


def message_edit(*, user, message_id: uuid.UUID, text: str) -> Message:
    text = _clean_text(text)
    with transaction.atomic():
        message = _message_for_change(user=user, message_id=message_id)
        if message.sender_id != user.pk:
            raise errors.NotTheSender()
        if message.is_deleted:
            raise errors.MessageDeleted()
        if not text and not message.attachments.exists():
            raise ValidationFailed.for_field("text", "A message cannot be empty.")
        message.text = text
        message.edited_at = timezone.now()
        message.save(update_fields=["text", "edited_at"])
        _push_message_change(message, "message.updated")
    return message


def message_delete(*, user, message_id: uuid.UUID) -> Message:
    """The sender deletes: the words and files go, a placeholder keeps the thread readable."""
    with transaction.atomic():
        message = _message_for_change(user=user, message_id=message_id)
        if message.sender_id != user.pk:
            raise errors.NotTheSender()
        if message.is_deleted:
            return message  # deleting twice is the same as once
        was_unread = message.read_at is None
        files = list(message.attachments.values_list("file", flat=True))
        message.attachments.all().delete()
        message.text = ""
        message.deleted_at = timezone.now()
        message.save(update_fields=["text", "deleted_at"])
        transaction.on_commit(partial(_delete_files_later, files))
        _push_message_change(message, "message.deleted", unread_changed=was_unread)
    return message


def _push_read(*, reader, conversation: Conversation, message_ids: list[str], read_at: datetime) -> None:
    other_id = conversation.other_id(reader.pk)
    event = {
        "type": "message.read",
        "conversation_id": str(conversation.pk),
        "reader_id": str(reader.pk),
        "message_ids": message_ids,
        "up_to_message_id": message_ids[-1] if message_ids else None,
        "read_at": payloads.iso(read_at),
    }

    def build():
        return [
            # The sender sees the receipt; the reader's other devices drop their badges.
            ([realtime.chat_group(other_id, reader.pk), realtime.chat_group(reader.pk, other_id)], event),
            unread_count_push(reader),
        ]

    realtime.push_on_commit(build)


def message_mark_read(*, user, message_id: uuid.UUID) -> Message:
    with transaction.atomic():
        message = _message_for_change(user=user, message_id=message_id)
        if message.recipient_id != user.pk:
            raise errors.NotTheRecipient()
        if message.read_at is None:
            message.read_at = timezone.now()
            message.save(update_fields=["read_at"])
            _push_read(
                reader=user,
                conversation=message.conversation,
                message_ids=[str(message.pk)],
                read_at=message.read_at,
            )
    return message


def conversation_mark_read(
    *, user, conversation_id: uuid.UUID, up_to_message_id: uuid.UUID | None = None
) -> int:
    """Mark what `user` received in the thread as read (up to one message, or all of it)."""
    with transaction.atomic():
        conversation = selectors.conversation_for_participant(user=user, conversation_id=conversation_id)
        unread = Message.objects.filter(conversation=conversation, recipient=user, read_at__isnull=True)
        if up_to_message_id is not None:
            up_to = conversation.messages.filter(pk=up_to_message_id).first()
            if up_to is None:
                raise errors.MessageNotFound()
            unread = unread.filter(created_at__lte=up_to.created_at)
        ids = [str(pk) for pk in unread.order_by("created_at", "id").values_list("pk", flat=True)]
        if not ids:
            return 0
        now = timezone.now()
        # read_at__isnull again: a concurrent read of the same messages keeps its own time.
        updated = Message.objects.filter(pk__in=ids, read_at__isnull=True).update(read_at=now)
        _push_read(reader=user, conversation=conversation, message_ids=ids, read_at=now)
    return updated
