from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Tone(models.TextChoices):
    FRIENDLY = "friendly", "Friendly"
    FORMAL = "formal", "Formal"
    CALM = "calm", "Calm"


class Verbosity(models.TextChoices):
    BRIEF = "brief", "Brief"
    NORMAL = "normal", "Normal"
    DETAILED = "detailed", "Detailed"


class ActionType(models.TextChoices):
    """API.md §8's action types."""

    SCHEDULED_BOOKING = "scheduled_booking", "Scheduled a booking"
    SENT_MESSAGE = "sent_message", "Sent a message"
    DRAFTED_MESSAGE = "drafted_message", "Drafted a message"
    CANCELLED_BOOKING = "cancelled_booking", "Cancelled a booking"
    CALENDAR_UPDATE = "calendar_update", "Moved a booking"
    VOICE_COMMAND = "voice_command", "Voice command"


class Agent(models.Model):
    """A user's assistant and its settings. `pending` is the conversation's open question: a
    command waiting for a yes or no, or for the answer to a clarifying question; it lapses at
    `pending_until` so an old "yes" never books anything."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ai_agent")
    agent_name = models.CharField(max_length=60, default="Assistant")
    tone = models.CharField(max_length=20, choices=Tone.choices, default=Tone.FRIENDLY)
    verbosity = models.CharField(max_length=20, choices=Verbosity.choices, default=Verbosity.NORMAL)
    voice_id = models.CharField(max_length=40, blank=True, default="")
    language = models.CharField(max_length=10, default="en")
    auto_schedule_enabled = models.BooleanField(default=False)
    auto_respond_messages = models.BooleanField(default=False)
    auto_manage_calendar = models.BooleanField(default=False)
    is_enabled = models.BooleanField(default=True)
    # The page speaks each reply aloud unless the user turned that off.
    speak_replies = models.BooleanField(default=True)
    pending = models.JSONField(null=True, blank=True)
    pending_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.agent_name} ({self.user_id})"


class AgentAction(models.Model):
    """One thing the agent did or tried, kept for the user and for staff to audit."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="actions")
    action_type = models.CharField(max_length=30, choices=ActionType.choices)
    action_details = models.JSONField(default=dict, blank=True)
    success = models.BooleanField(default=True)
    # The API error code of a refused action (SLOT_NOT_AVAILABLE, NOT_FOUND, ...) and its words.
    error = models.CharField(max_length=40, blank=True, default="")
    error_message = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agent", "-created_at"], name="agent_action_recent_idx")]

    def __str__(self) -> str:
        return f"{self.action_type} ({'ok' if self.success else self.error})"

    @property
    def error_or_none(self) -> str | None:
        return self.error or None
