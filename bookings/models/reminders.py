from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ReminderKind(models.TextChoices):
    DAY_BEFORE = "24h", "24 hours before"
    HOUR_BEFORE = "1h", "1 hour before"


REMINDER_OFFSETS_MINUTES = {ReminderKind.DAY_BEFORE: 24 * 60, ReminderKind.HOUR_BEFORE: 60}


class ReminderStatus(models.TextChoices):
    PLANNED = "planned"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    # Its time had passed when it was planned (a booking made 2 hours ahead gets no 24 h one).
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class Reminder(models.Model):
    """One planned reminder of one participant. Planned on confirmation, moved on reschedule,
    cancelled on cancellation; the job claims due rows one at a time, so each is sent once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    booking = models.ForeignKey("bookings.Booking", on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4, choices=ReminderKind.choices)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PLANNED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    notification = models.ForeignKey(
        "messaging.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "recipient", "kind"], name="reminder_once_per_kind"),
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="reminder_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.recipient_id} ({self.status})"


class ReminderAttempt(models.Model):
    """One delivery attempt of a reminder on one channel: what staff read in the admin."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="attempt_log")
    channel = models.CharField(max_length=10, help_text="in_app, socket, email, push or sms")
    status = models.CharField(max_length=10)
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.channel} {self.status}"
