"""The admin of the catalogue, enrollments and learning paths. Staff edit an opportunity's
content here; publishing and archiving go through the services (admin actions), and counts,
seats, enrollments and paths are read-only (only services write them)."""

from __future__ import annotations

from django.contrib import admin, messages

from core.admin import LabelledAdminMixin, ReadOnlyAdminMixin, money_column
from core.errors import DomainError
from learning.models import (
    Enrollment,
    LearningPath,
    Lesson,
    LessonProgress,
    Milestone,
    Opportunity,
    StartReminder,
)
from learning.services import catalogue


class LessonInline(admin.StackedInline):
    model = Lesson
    extra = 0
    fields = ("order", "title", "duration_minutes", "content", "video_url", "external_url")
    ordering = ("order",)


def _run(model_admin, request, queryset, action, done_message: str) -> None:
    done = 0
    for item in queryset:
        try:
            action(item)
            done += 1
        except DomainError as error:
            model_admin.message_user(request, f"{item}: {error.message}", level=messages.WARNING)
    if done:
        model_admin.message_user(request, done_message.format(count=done), level=messages.SUCCESS)


@admin.register(Opportunity)
class OpportunityAdmin(LabelledAdminMixin, admin.ModelAdmin):
    list_display = (
        "title",
        "type",
        "status",
        "difficulty",
        "category",
        money_column("price"),
        "enrollment_count",
        "average_rating",
        "published_at",
    )
    list_filter = ("status", "type", "difficulty", "category")
    search_fields = ("title", "summary", "mentor__user__email")
    list_select_related = ("category", "mentor__user")
    raw_id_fields = ("mentor",)  # a labelled input (select2's combobox has no accessible name)
    filter_horizontal = ("subjects",)
    readonly_fields = (
        "status",
        "seats_taken",
        "enrollment_count",
        "average_rating",
        "rating_count",
        "published_at",
        "archived_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = [LessonInline]
    actions = ["publish", "archive"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish the selected opportunities", permissions=["change"])
    def publish(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda item: catalogue.opportunity_publish(opportunity_id=item.pk, user=request.user),
            "Published {count} opportunit(ies).",
        )

    @admin.action(description="Archive the selected opportunities", permissions=["change"])
    def archive(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda item: catalogue.opportunity_archive(opportunity_id=item.pk, user=request.user),
            "Archived {count} opportunit(ies).",
        )


class LessonProgressInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = LessonProgress
    extra = 0
    fields = ("lesson", "completed_at", "time_spent_minutes", "last_accessed_at")
    readonly_fields = fields


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "user",
        "opportunity",
        "status",
        "payment_method",
        money_column("price"),
        "progress_percentage",
        "enrolled_at",
    )
    list_filter = ("status", "payment_method", "opportunity__type")
    search_fields = ("id", "user__email", "opportunity__title")
    list_select_related = ("user", "opportunity")
    date_hierarchy = "enrolled_at"
    inlines = [LessonProgressInline]


@admin.register(StartReminder)
class StartReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("enrollment", "due_at", "status", "sent_at")
    list_filter = ("status",)


class MilestoneInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("step", "title", "difficulty", "estimated_duration_hours", "points", "completed_at")
    readonly_fields = fields


@admin.register(LearningPath)
class LearningPathAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "subcategory", "status", "current_step", "total_steps", "created_at")
    list_filter = ("status",)
    search_fields = ("user__email", "subcategory__name")
    list_select_related = ("user", "subcategory")
    inlines = [MilestoneInline]
