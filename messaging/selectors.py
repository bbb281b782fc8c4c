"""Reads of messaging. Every object read is scoped to the caller: a conversation, message,
attachment or notification of someone else is "not found" (no IDOR, no hint that it exists)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from messaging import errors
from messaging.models import (
    TYPES_OFF_BY_DEFAULT,
    Attachment,
    Conversation,
    Message,
    Notification,
    NotificationSettings,
    NotificationType,
)
from messaging.payloads import MARK_START, MARK_STOP

User = get_user_model()


# --- people ---------------------------------------------------------------------------------------


def user_may_start_conversations(*, user) -> bool:
    """API.md §5: no messages before the e-mail is verified. Staff are exempt: their accounts
    are made by the platform, not by a stranger signing up, and support must be able to write
    to anyone (the verification rule exists to keep throwaway accounts from spamming)."""
    return bool(user.is_verified or user.is_staff)


def reachable_user(*, sender, user_id: uuid.UUID) -> User | None:
    """The person `sender` may write to, or None: never yourself, a deleted or a deactivated
    account (API.md §5)."""
    if user_id == sender.pk:
        return None
    return User.objects.live().filter(pk=user_id, is_active=True).first()


def live_users(*, user_ids) -> list[User]:
    """The accounts among `user_ids` that are neither deleted nor deactivated, in one query."""
    return list(User.objects.live().filter(pk__in=list(user_ids), is_active=True))


@dataclass(frozen=True)
class ChatAccess:
    status: str  # "allowed", "forbidden" or "not_found"
    other: User | None = None
    conversation: Conversation | None = None


def chat_access(*, user, other_id: uuid.UUID) -> ChatAccess:
    """Who may open /ws/chat/{other_id}/: a participant of the thread with that person, or
    someone allowed to start it. Unknown, deleted or deactivated people, and yourself, are
    not found (4404); anyone else who may not message them is forbidden (4403)."""
    other = reachable_user(sender=user, user_id=other_id)
    if other is None:
        return ChatAccess("not_found")
    existing = conversation_between(user=user, other_id=other.pk)
    if existing is None and not user_may_start_conversations(user=user):
        return ChatAccess("forbidden", other=other)
    return ChatAccess("allowed", other=other, conversation=existing)


# --- conversations --------------------------------------------------------------------------------


def _involving(user) -> Q:
    return Q(user_low=user) | Q(user_high=user)


def conversation_between(*, user, other_id: uuid.UUID) -> Conversation | None:
    low, high = Conversation.ordered_pair(user.pk, other_id)
    return Conversation.objects.filter(user_low_id=low, user_high_id=high).first()


def _unread_in_conversation(user) -> Subquery:
    unread = (
        Message.objects.filter(
            conversation=OuterRef("pk"), recipient=user, read_at__isnull=True, deleted_at__isnull=True
        )
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))


def conversation_list(
    *, user, participant_id: uuid.UUID | None = None, unread: bool | None = None
) -> QuerySet[Conversation]:
    """The caller's threads, newest activity first; one query whatever the page holds."""
    qs = (
        Conversation.objects.filter(_involving(user), last_message__isnull=False)
        .select_related("user_low", "user_high", "last_message")
        .annotate(unread_count=_unread_in_conversation(user))
        .order_by("-last_message_at", "-id")
    )
    if participant_id is not None:
        if participant_id == user.pk:
            return qs.none()
        low, high = Conversation.ordered_pair(user.pk, participant_id)
        qs = qs.filter(user_low_id=low, user_high_id=high)
    if unread is True:
        qs = qs.filter(unread_count__gt=0)
    elif unread is False:
        qs = qs.filter(unread_count=0)
    return qs


def conversation_for_participant(*, user, conversation_id: uuid.UUID) -> Conversation:
    conversation = (
        Conversation.objects.filter(_involving(user), pk=conversation_id)
        .select_related("user_low", "user_high")
        .first()
    )
    if conversation is None:
        raise errors.ConversationNotFound()
    return conversation


# --- messages -------------------------------------------------------------------------------------


def _with_attachments(qs: QuerySet[Message]) -> QuerySet[Message]:
    return qs.prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("created_at", "id"))
    )


def message_list(*, user, conversation_id: uuid.UUID) -> QuerySet[Message]:
    """Page 1 is the newest (API.md §5)."""
    conversation = conversation_for_participant(user=user, conversation_id=conversation_id)
    return _with_attachments(conversation.messages.order_by("-created_at", "-id"))


def message_for_participant(*, user, message_id: uuid.UUID) -> Message:
    found = (
        _with_attachments(Message.objects.filter(Q(sender=user) | Q(recipient=user), pk=message_id))
        .select_related("conversation")
        .first()
    )
    if found is None:
        raise errors.MessageNotFound()
    return found


def message_by_client_id(*, sender, client_id: str) -> Message | None:
    return _with_attachments(Message.objects.filter(sender=sender, client_id=client_id)).first()


def message_search(*, user, q: str, participant_id: uuid.UUID | None = None) -> QuerySet[Message]:
    """PostgreSQL full-text search (stemmed, ranked, with a headline); a plain case-insensitive
    match on SQLite. Only the caller's own threads are searched, so the scan is bounded by one
    person's messages and needs no full-text index."""
    qs = Message.objects.filter(Q(sender=user) | Q(recipient=user), deleted_at__isnull=True)
    if participant_id is not None:
        qs = qs.filter(
            Q(sender_id=participant_id, recipient=user) | Q(sender=user, recipient_id=participant_id)
        )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector

        config = settings.MESSAGING_SEARCH_CONFIG
        vector = SearchVector("text", config=config)
        query = SearchQuery(q, config=config, search_type="websearch")
        qs = (
            qs.annotate(search=vector)
            .filter(search=query)
            .annotate(
                rank=SearchRank(vector, query),
                headline=SearchHeadline(
                    "text",
                    query,
                    config=config,
                    start_sel=MARK_START,
                    stop_sel=MARK_STOP,
                    max_words=25,
                    min_words=8,
                ),
            )
            .order_by("-rank", "-created_at", "-id")
        )
    else:
        qs = qs.filter(text__icontains=q).order_by("-created_at", "-id")
    return _with_attachments(qs)


def unread_message_counts(*, user) -> dict[str, int]:
    totals = Message.objects.filter(recipient=user, read_at__isnull=True, deleted_at__isnull=True).aggregate(
        messages=Count("pk"), conversations=Count("conversation", distinct=True)
    )
    return {"unread_count": totals["messages"], "unread_conversations": totals["conversations"]}


def attachment_for_participant(*, user, attachment_id: uuid.UUID) -> Attachment:
    found = (
        Attachment.objects.filter(
            Q(message__sender=user) | Q(message__recipient=user),
            pk=attachment_id,
            message__deleted_at__isnull=True,
        )
        .select_related("message")
        .first()
    )
    if found is None:
        raise errors.AttachmentNotFound()
    return found


# --- notifications --------------------------------------------------------------------------------


def notification_list(
    *, user, is_read: bool | None = None, type: str | None = None
) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user).order_by("-created_at", "-id")
    if is_read is not None:
        qs = qs.filter(is_read=is_read)
    if type:
        qs = qs.filter(type=type)
    return qs


def notification_for_owner(*, user, notification_id: uuid.UUID) -> Notification:
    found = Notification.objects.filter(user=user, pk=notification_id).first()
    if found is None:
        raise errors.NotificationNotFound()
    return found


def notification_unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, is_read=False).count()


def unread_counts(*, user) -> dict[str, int]:
    """The unread.count event: {notifications, messages}."""
    return {
        "notifications": notification_unread_count(user=user),
        "messages": unread_message_counts(user=user)["unread_count"],
    }


def notification_settings_for(*, user) -> NotificationSettings:
    """The saved settings, or the defaults (unsaved: reading them writes nothing)."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found if found is not None else NotificationSettings(user=user)


def type_enabled(prefs: NotificationSettings, type: str) -> bool:
    return bool(prefs.types.get(type, type not in TYPES_OFF_BY_DEFAULT))


def types_state(prefs: NotificationSettings) -> dict[str, bool]:
    return {value: type_enabled(prefs, value) for value in NotificationType.values}


def in_quiet_hours(prefs: NotificationSettings, *, local_time: time) -> bool:
    start, end = prefs.quiet_hours_start, prefs.quiet_hours_end
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local_time < end
    return local_time >= start or local_time < end  # wraps past midnight, e.g. 22:00-07:00
