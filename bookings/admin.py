"""Admin of bookings. Staff watch bookings, reminders, reviews and waitlists here; every change
goes through bookings.services (locked, audited and notified like the API's), never a form that
writes the row."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone

from bookings import services
from bookings.models import (
    Booking,
    Recording,
    Reminder,
    ReminderAttempt,
    ReminderStatus,
    Review,
    SessionNote,
    SessionParticipant,
    WaitlistEntry,
    WaitlistOffer,
)
from core.admin import ReadOnlyAdminMixin, money_column
from core.errors import DomainError
from messaging.models import DeliveryStatus, NotificationDelivery
from messaging.tasks import deliver_notification

# Links typed without a scheme are read as https (Django 6's default, asked for now).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class ParticipantInline(ReadOnlyInline):
    model = SessionParticipant
    fields = readonly_fields = ("user", "joined_at", "left_at", "join_count")


class ReminderInline(ReadOnlyInline):
    model = Reminder
    fields = readonly_fields = ("recipient", "kind", "due_at", "status", "attempts", "sent_at", "last_error")


class ReviewInline(ReadOnlyInline):
    model = Review
    fields = readonly_fields = ("reviewer", "direction", "rating", "text", "mentor_response", "created_at")


def _run(model_admin, request, queryset, call, done_message: str) -> None:
    done = 0
    for booking in queryset:
        try:
            call(booking)
            done += 1
        except DomainError as error:
            model_admin.message_user(request, f"{booking}: {error.message}", level=messages.WARNING)
    if done:
        model_admin.message_user(request, done_message.format(count=done), level=messages.SUCCESS)


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ("start_at", "mentor", "learner", "status", "payment_method", money_column("price"))
    list_filter = ("status", "payment_method", "lesson_type")
    search_fields = ("id", "learner__email", "mentor__user__email", "topic")
    list_select_related = ("mentor__user", "learner")
    date_hierarchy = "start_at"
    inlines = [ParticipantInline, ReminderInline, ReviewInline]
    actions = ["cancel_with_refund", "mark_mentor_no_show"]

    @admin.action(description="Cancel the selected bookings (full refund)", permissions=["view"])
    def cancel_with_refund(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda booking: services.booking_cancel(
                booking_id=booking.pk,
                user=request.user,
                reason="Cancelled by staff",
                request=request,
                staff_ok=True,
            ),
            "Cancelled {count} booking(s); the learners are refunded in full.",
        )

    @admin.action(description="Mark the mentor absent (no-show, full refund)", permissions=["view"])
    def mark_mentor_no_show(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda booking: services.booking_mark_no_show(
                booking_id=booking.pk, user=request.user, absent="mentor", request=request
            ),
            "Marked {count} booking(s) as a mentor no-show.",
        )


class ReminderAttemptInline(ReadOnlyInline):
    model = ReminderAttempt
    fields = readonly_fields = ("created_at", "channel", "status", "detail")


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("due_at", "kind", "recipient", "booking", "status", "attempts", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("booking__id", "recipient__email")
    list_select_related = ("recipient", "booking")
    date_hierarchy = "due_at"
    readonly_fields = ("last_error", "notification", "deliveries")
    inlines = [ReminderAttemptInline]

    @admin.display(description="E-mail, push and SMS copies")
    def deliveries(self, reminder) -> str:
        rows = NotificationDelivery.objects.filter(notification_id=reminder.notification_id).order_by(
            "channel"
        )
        lines = [
            f"{row.channel}: {row.status} after {row.attempts} attempt(s){f' ({row.detail})' if row.detail else ''}"
            for row in rows
        ]
        return "\n".join(lines) or "None (in-app only, or not sent yet)"

    actions = ["retry"]

    @admin.action(
        description="Retry: send the reminder again now, and its failed e-mail/push/SMS copies",
        permissions=["view"],
    )
    def retry(self, request, queryset):
        sent = requeued = 0
        for reminder in queryset:
            if reminder.status in (ReminderStatus.FAILED, ReminderStatus.SKIPPED):
                if services.reminder_send_one(reminder_id=reminder.pk, force=True, now=timezone.now()):
                    sent += 1
                continue
            if reminder.notification_id:
                for delivery in NotificationDelivery.objects.filter(
                    notification_id=reminder.notification_id, status=DeliveryStatus.FAILED
                ):
                    deliver_notification.delay(str(reminder.notification_id), delivery.channel)
                    requeued += 1
        self.message_user(
            request,
            f"Sent {sent} reminder(s) again; queued {requeued} failed delivery(ies).",
            level=messages.SUCCESS,
        )


class RecordingForm(forms.ModelForm):
    # Empty: the booking's room provider (recording_register fills it in).
    provider = forms.CharField(max_length=20, required=False, help_text="Empty: the booking's video provider")
    url = forms.URLField(max_length=1000, assume_scheme="https")
    transcript_url = forms.URLField(max_length=1000, required=False, assume_scheme="https")

    class Meta:
        model = Recording
        fields = ("booking", "url", "transcript_url", "duration_seconds", "provider", "external_id")


@admin.register(Recording)
class RecordingAdmin(admin.ModelAdmin):
    """Staff attach a recording the provider made (Jitsi's Jibri, a Daily or Zoom export): the
    service stores it, private until the mentor shares it."""

    form = RecordingForm
    list_display = ("booking", "provider", "recorded_at", "shared_at", "share_expires_at", "delete_after")
    raw_id_fields = ("booking",)

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        saved = services.recording_register(
            booking_id=data["booking"].pk,
            url=data["url"],
            transcript_url=data.get("transcript_url") or "",
            duration_seconds=data.get("duration_seconds") or 0,
            provider=data.get("provider") or "",
            external_id=data.get("external_id") or "",
        )
        obj.pk = saved.pk


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "mentor", "reviewer", "direction", "rating", "responded_at")
    list_filter = ("direction", "rating")
    search_fields = ("booking__id", "reviewer__email", "mentor__user__email", "text")
    list_select_related = ("mentor__user", "reviewer")


@admin.register(SessionNote)
class SessionNoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "booking", "author", "is_public")
    list_select_related = ("author", "booking")


class OfferInline(ReadOnlyInline):
    model = WaitlistOffer
    fields = readonly_fields = ("start_at", "status", "expires_at", "booking", "created_at")


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "learner", "mentor", "start_date", "end_date", "duration_minutes", "status")
    list_filter = ("status",)
    search_fields = ("learner__email", "mentor__user__email")
    list_select_related = ("learner", "mentor__user")
    inlines = [OfferInline]


@admin.register(WaitlistOffer)
class WaitlistOfferAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "learner", "mentor", "start_at", "status", "expires_at")
    list_filter = ("status",)
    list_select_related = ("learner", "mentor__user")
