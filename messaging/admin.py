"""Read-only admin views of messaging: staff look, services write (STYLE.md).

Message text is not shown: a private conversation is not staff reading. Staff see who wrote to
whom and when, which is what a report of abuse or a support question needs first.
"""

from django.contrib import admin

from core.admin import ReadOnlyAdminMixin
from messaging.models import Conversation, Message, Notification, NotificationDelivery, NotificationSettings


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "user_low", "user_high", "booking_id", "last_message_at", "created_at"]
    list_select_related = ["user_low", "user_high"]
    search_fields = ["user_low__email", "user_high__email", "id"]
    fields = ["id", "user_low", "user_high", "booking_id", "last_message_at", "created_at"]


@admin.register(Message)
class MessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "sender",
        "recipient",
        "created_at",
        "read_at",
        "edited_at",
        "deleted_at",
        "ai_generated",
    ]
    list_select_related = ["sender", "recipient"]
    list_filter = ["ai_generated", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["sender__email", "recipient__email", "id"]
    date_hierarchy = "created_at"
    fields = [
        "id",
        "conversation",
        "sender",
        "recipient",
        "booking_id",
        "created_at",
        "read_at",
        "edited_at",
        "deleted_at",
    ]


class DeliveryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = NotificationDelivery
    extra = 0
    can_delete = False
    fields = ["channel", "status", "provider", "attempts", "detail", "updated_at"]
    readonly_fields = fields


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "user", "type", "is_read", "created_at"]
    list_select_related = ["user"]
    list_filter = ["type", "is_read"]
    search_fields = ["user__email", "title", "dedupe_key"]
    date_hierarchy = "created_at"
    inlines = [DeliveryInline]


@admin.register(NotificationDelivery)
class NotificationDeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["notification", "channel", "status", "provider", "attempts", "updated_at"]
    list_select_related = ["notification"]
    list_filter = ["channel", "status"]


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "user",
        "email_enabled",
        "push_enabled",
        "sms_enabled",
        "quiet_hours_start",
        "quiet_hours_end",
    ]
    list_select_related = ["user"]
    search_fields = ["user__email"]
