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


class ErrorCodeFilter(admin.SimpleListFilter):
    """The error codes failed actions carried. Django's own filter on the field also listed the
    successes' empty code, as a link with no text (a screen reader announced nothing)."""

    title = "error"
    parameter_name = "error"

    def lookups(self, request, model_admin):
        codes = AgentAction.objects.exclude(error="").order_by("error").values_list("error", flat=True)
        return [(code, code) for code in codes.distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(error=self.value()) if self.value() else queryset


@admin.register(AgentAction)
class AgentActionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "action_type", "agent", "success", "error"]
    list_filter = ["action_type", "success", ErrorCodeFilter]
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
