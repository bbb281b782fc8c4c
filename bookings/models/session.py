from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class SessionParticipant(models.Model):
    """Who was in a session and when: the first join, the last leave, from joins and sockets."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    booking = models.ForeignKey("bookings.Booking", on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    join_count = models.PositiveIntegerField(default=1)
    # Open live-room sockets right now; the person left when it falls back to zero.
    open_sockets = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "user"], name="participant_once_per_booking")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.booking_id}"


class SessionNote(models.Model):
    """A post-session note: private to its author unless shared with the other party."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    booking = models.ForeignKey("bookings.Booking", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=10000)
    is_public = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["booking", "created_at"], name="session_note_booking_idx")]

    def __str__(self) -> str:
        return f"note by {self.author_id} on {self.booking_id}"


class Recording(models.Model):
    """A session's recording as the video provider reported it. The file stays with the
    provider; we keep its URL and show it only to the participants, once shared, until it expires."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    booking = models.OneToOneField("bookings.Booking", on_delete=models.CASCADE, related_name="recording")
    provider = models.CharField(max_length=20)
    external_id = models.CharField(max_length=255, blank=True)
    url = models.URLField(max_length=1000)
    transcript_url = models.URLField(max_length=1000, blank=True)
    duration_seconds = models.PositiveIntegerField(default=0)
    recorded_at = models.DateTimeField()
    shared_at = models.DateTimeField(null=True, blank=True)
    share_expires_at = models.DateTimeField(null=True, blank=True)
    downloadable = models.BooleanField(default=False)
    include_transcript = models.BooleanField(default=False)
    # API.md §3: deleted 30 days after the session unless shared for longer.
    delete_after = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["delete_after"], name="recording_delete_after_idx")]

    def __str__(self) -> str:
        return f"recording of {self.booking_id}"
