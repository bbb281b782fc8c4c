"""Staff read agents and their action log (API.md §8: staff audit it); nothing is edited here."""

from django.contrib import admin

from assistant.models import Agent, AgentAction
from core.admin import ReadOnlyAdminMixin


@admin.register(Agent)
class AgentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "agent_name",
        "user",
        "is_enabled",
        "auto_schedule_enabled",
        "auto_respond_messages",
        "created_at",
    ]
    list_filter = ["is_enabled", "auto_schedule_enabled", "auto_respond_messages", "auto_manage_calendar"]
    search_fields = ["user__email", "agent_name"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "agent_name",
        "tone",
        "verbosity",
        "voice_id",
        "language",
        "auto_schedule_enabled",
        "auto_respond_messages",
        "auto_manage_calendar",
        "is_enabled",
        "speak_replies",
        "pending",
        "pending_until",
        "created_at",
        "updated_at",
    ]


@admin.register(AgentAction)
class AgentActionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "action_type", "agent", "success", "error"]
    list_filter = ["action_type", "success", "error"]
    search_fields = ["agent__user__email", "error"]
    raw_id_fields = ["agent"]
    list_select_related = ["agent", "agent__user"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "agent",
        "action_type",
        "action_details",
        "success",
        "error",
        "error_message",
        "created_at",
    ]
