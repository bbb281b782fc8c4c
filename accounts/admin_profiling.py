"""Staff views of the onboarding interviews and AI profiles: read-only, as only the services
write them (the learner answers and edits; staff look)."""

from django.contrib import admin

from accounts.models import AIProfile, ProfilingAnswer, ProfilingSession
from core.admin import ReadOnlyAdminMixin


class ProfilingAnswerInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ProfilingAnswer
    fields = ["step", "topic", "question", "answer_type", "text", "audio_seconds"]
    readonly_fields = fields
    extra = 0


@admin.register(ProfilingSession)
class ProfilingSessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "persona", "status", "total_steps", "created_at", "completed_at"]
    list_filter = ["status", "persona"]
    search_fields = ["user__email"]
    raw_id_fields = ["user", "question_clip"]
    inlines = [ProfilingAnswerInline]


@admin.register(AIProfile)
class AIProfileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "time_commitment", "learning_style", "updated_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user", "session"]
    exclude = ["embedding"]
