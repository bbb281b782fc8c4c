"""The filters of messaging's lists (API.md §5)."""

from __future__ import annotations

import django_filters

from core import filters as f
from messaging.models import Conversation, Message, Notification, NotificationType


class ConversationFilters(f.ListFilters):
    participant_id = django_filters.UUIDFilter(help_text="Only the thread with this person.")
    unread = f.BooleanFilter(help_text="true: only threads with unread messages.")

    class Meta:
        model = Conversation
        fields: list[str] = []


class MessageSearchFilters(f.ListFilters):
    q = django_filters.CharFilter(required=True, max_length=200, help_text="Words to find.")
    participant_id = django_filters.UUIDFilter(help_text="Only the thread with this person.")

    class Meta:
        model = Message
        fields: list[str] = []


class NotificationFilters(f.ListFilters):
    is_read = f.BooleanFilter()
    type = django_filters.ChoiceFilter(choices=NotificationType.choices)

    class Meta:
        model = Notification
        fields: list[str] = []
