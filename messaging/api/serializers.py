"""Input serializers check shape only (the rules live in messaging.services). Output serializers
declare the shapes of API.md §5 for the schema and render through messaging.payloads, the one
place those shapes are built (socket events use it too)."""

from __future__ import annotations

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from core.schema import LocalTimeField
from messaging import payloads
from messaging.models import MESSAGE_MAX_LENGTH, NotificationType

# --- outputs --------------------------------------------------------------------------------------


class AttachmentOut(serializers.Serializer):
    id = serializers.UUIDField()
    filename = serializers.CharField()
    size = serializers.IntegerField(help_text="Bytes.")
    content_type = serializers.CharField()


class MessageOut(serializers.Serializer):
    id = serializers.UUIDField()
    conversation_id = serializers.UUIDField()
    sender_id = serializers.UUIDField()
    recipient_id = serializers.UUIDField()
    text = serializers.CharField(help_text="For a deleted message, a placeholder.")
    attachments = AttachmentOut(many=True)
    ai_generated = serializers.BooleanField()
    is_read = serializers.BooleanField()
    read_at = serializers.DateTimeField(allow_null=True)
    edited_at = serializers.DateTimeField(allow_null=True)
    is_deleted = serializers.BooleanField()
    booking_id = serializers.UUIDField(allow_null=True)
    created_at = serializers.DateTimeField()

    def to_representation(self, instance):
        return payloads.message(instance)


class MessageSearchHitOut(MessageOut):
    highlight = serializers.CharField(help_text="HTML-escaped excerpt with matches in <mark>.")

    def to_representation(self, instance):
        return payloads.search_hit(instance, query=self.context["q"])


class MessageSentOut(serializers.Serializer):
    id = serializers.UUIDField()
    conversation_id = serializers.UUIDField()
    created_at = serializers.DateTimeField()
    is_delivered = serializers.BooleanField(help_text="The recipient had the app open and got it live.")
    attachments = AttachmentOut(many=True)

    def to_representation(self, instance):
        return payloads.message_sent(instance)


class ParticipantOut(serializers.Serializer):
    id = serializers.UUIDField()
    full_name = serializers.CharField()
    avatar_url = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())


class LastMessageOut(serializers.Serializer):
    id = serializers.UUIDField()
    text = serializers.CharField()
    sender_id = serializers.UUIDField()
    created_at = serializers.DateTimeField()
    is_read = serializers.BooleanField()


class ConversationOut(serializers.Serializer):
    id = serializers.UUIDField()
    participant = ParticipantOut()
    last_message = LastMessageOut(allow_null=True)
    unread_count = serializers.IntegerField()
    booking_id = serializers.UUIDField(allow_null=True)

    def to_representation(self, instance):
        return payloads.conversation(instance, user=self.context["request"].user)


class NotificationOut(serializers.Serializer):
    id = serializers.UUIDField()
    type = serializers.ChoiceField(choices=NotificationType.choices)
    title = serializers.CharField()
    body = serializers.CharField()
    action_url = serializers.CharField()
    data = serializers.DictField(help_text="Ids of the related objects, e.g. booking_id.")
    is_read = serializers.BooleanField()
    read_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    def to_representation(self, instance):
        return payloads.notification(instance)


class UpdatedOut(serializers.Serializer):
    updated = serializers.IntegerField(help_text="How many were marked read.")


class MessageReadOut(serializers.Serializer):
    is_read = serializers.BooleanField()
    read_at = serializers.DateTimeField()


class NotificationReadOut(serializers.Serializer):
    is_read = serializers.BooleanField()
    read_at = serializers.DateTimeField()


class UnreadCountOut(serializers.Serializer):
    unread_count = serializers.IntegerField(help_text="Messages you received and have not read.")
    unread_conversations = serializers.IntegerField(help_text="Threads with at least one of them.")


class ChannelsSettings(serializers.Serializer):
    email = serializers.BooleanField(required=False)
    push = serializers.BooleanField(required=False)
    sms = serializers.BooleanField(required=False)


class QuietHours(serializers.Serializer):
    start = LocalTimeField(help_text="HH:MM in your time zone.")
    end = LocalTimeField(help_text="HH:MM in your time zone; may be earlier than start (overnight).")


class TypesField(serializers.DictField):
    child = serializers.BooleanField()


TYPES_HELP = "One switch per notification type: " + ", ".join(NotificationType.values) + "."


class NotificationSettingsOut(serializers.Serializer):
    channels = ChannelsSettings(help_text="In-app and socket delivery cannot be switched off.")
    types = TypesField(help_text=TYPES_HELP)
    quiet_hours = QuietHours(allow_null=True, help_text="Push and SMS stay silent between start and end.")


# --- inputs ---------------------------------------------------------------------------------------


class MessageSendIn(serializers.Serializer):
    recipient_id = serializers.UUIDField(required=False, allow_null=True, default=None)
    conversation_id = serializers.UUIDField(required=False, allow_null=True, default=None)
    text = serializers.CharField(
        max_length=MESSAGE_MAX_LENGTH, required=False, allow_blank=True, default="", trim_whitespace=True
    )
    booking_id = serializers.UUIDField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if (attrs["recipient_id"] is None) == (attrs["conversation_id"] is None):
            raise serializers.ValidationError({"recipient_id": ["Give recipient_id or conversation_id."]})
        return attrs


MessageSendMultipartIn = inline_serializer(
    "MessageSendMultipartIn",
    {
        "recipient_id": serializers.UUIDField(required=False),
        "conversation_id": serializers.UUIDField(required=False),
        "text": serializers.CharField(max_length=MESSAGE_MAX_LENGTH, required=False),
        "booking_id": serializers.UUIDField(required=False),
        "files[]": serializers.ListField(
            child=serializers.FileField(),
            required=False,
            help_text="Up to 5 files of at most 10 MB each: images, PDF or office documents.",
        ),
    },
)


class MessageEditIn(serializers.Serializer):
    text = serializers.CharField(max_length=MESSAGE_MAX_LENGTH, allow_blank=True, trim_whitespace=True)


class NotificationSettingsIn(serializers.Serializer):
    channels = ChannelsSettings(required=False)
    types = TypesField(required=False, help_text=TYPES_HELP)
    quiet_hours = QuietHours(required=False, allow_null=True, help_text="null switches quiet hours off.")
