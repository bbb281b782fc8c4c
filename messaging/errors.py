"""Errors of messaging, each with the stable code of API.md §0 through its core base class."""

from __future__ import annotations

from core.errors import Conflict, Forbidden, NotFound, RateLimited, ValidationFailed


class ConversationNotFound(NotFound):
    default_message = "Conversation not found."


class MessageNotFound(NotFound):
    default_message = "Message not found."


class AttachmentNotFound(NotFound):
    default_message = "Attachment not found."


class NotificationNotFound(NotFound):
    default_message = "Notification not found."


class RecipientNotFound(NotFound):
    # One answer for "no such user", "yourself", "deleted" and "deactivated" (API.md §5), so the
    # endpoint tells nobody which accounts exist or were closed.
    default_message = "There is no one to send this message to."


class BookingNotFound(NotFound):
    default_message = "Booking not found."


class NotTheSender(Forbidden):
    default_message = "Only the sender can change or delete this message."


class NotTheRecipient(Forbidden):
    default_message = "Only the recipient can mark this message read."


class MessageDeleted(Conflict):
    default_message = "This message was deleted and can no longer be edited."

    def __init__(self, message=None, *, details=None):
        super().__init__(message, details={"reason": "message_deleted", **(details or {})})


class AttachmentRejected(ValidationFailed):
    default_message = "This file cannot be attached."

    @classmethod
    def for_files(cls, message: str) -> AttachmentRejected:
        return cls(message, details={"files": [message]})


class SendingTooFast(RateLimited):
    default_message = "You are sending messages too fast. Wait a moment and try again."
