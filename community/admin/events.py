"""Admin for events and RSVPs. Who is going, the waitlist and reminders are written only by the
services (under the event's lock), so these rows are read-only here; cancelling an event is an
action that calls the service (everyone going is told, reminders stop, staff's act is audited)."""

from __future__ import annotations

from django.contrib import admin, messages

from community.models.events import Event, EventReminder, EventRSVP
from community.services.events import event_cancel
from core.admin import ReadOnlyAdminMixin
from core.errors import DomainError


class RSVPInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = EventRSVP
    extra = 0
    fields = ("user", "status", "enrollment", "waitlisted_at", "promoted_at", "updated_at")
    readonly_fields = fields
    ordering = ("status", "waitlisted_at", "created_at")


@admin.register(Event)
class EventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "title",
        "type",
        "status",
        "starts_at",
        "timezone",
        "is_online",
        "city",
        "capacity",
        "group",
    )
    list_filter = ("status", "type", "is_online")
    search_fields = ("title", "city", "host__email", "group__name")
    list_select_related = ("group",)
    date_hierarchy = "starts_at"
    inlines = [RSVPInline]
    actions = ["cancel"]

    @admin.action(description="Cancel the selected events (everyone going is notified)", permissions=["view"])
    def cancel(self, request, queryset):
        done = 0
        for event in queryset:
            try:
                event_cancel(event_id=event.pk, user=request.user, reason="Cancelled by the Mentora team.")
                done += 1
            except DomainError as error:
                self.message_user(request, f"{event}: {error.message}", level=messages.WARNING)
        if done:
            self.message_user(request, f"{done} event(s) cancelled.", level=messages.SUCCESS)


@admin.register(EventRSVP)
class EventRSVPAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("event", "user", "status", "waitlisted_at", "promoted_at", "updated_at")
    list_filter = ("status",)
    search_fields = ("event__title", "user__email")
    list_select_related = ("event", "user")


@admin.register(EventReminder)
class EventReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("event", "recipient", "due_at", "status", "attempts", "sent_at")
    list_filter = ("status",)
    search_fields = ("event__title", "recipient__email")
    list_select_related = ("event", "recipient")
