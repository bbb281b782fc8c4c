"""Writes of messaging (STYLE.md): conversations and messages in `messages`, notifications and
their delivery in `notifications`. Every other app calls `messaging.services.notify`."""

from messaging.services.messages import (
    SenderGone,
    chat_message_send,
    conversation_get_or_create,
    conversation_mark_read,
    message_delete,
    message_edit,
    message_mark_read,
    message_send,
)
from messaging.services.notifications import (
    notification_delete,
    notification_deliver,
    notification_mark_read,
    notification_settings_update,
    notifications_batched,
    notifications_mark_all_read,
    notify,
    unread_count_push,
)

__all__ = [
    "SenderGone",
    "chat_message_send",
    "conversation_get_or_create",
    "conversation_mark_read",
    "message_delete",
    "message_edit",
    "message_mark_read",
    "message_send",
    "notification_delete",
    "notification_deliver",
    "notification_mark_read",
    "notification_settings_update",
    "notifications_batched",
    "notifications_mark_all_read",
    "notify",
    "unread_count_push",
]
