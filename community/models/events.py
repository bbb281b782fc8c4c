"""Events, RSVPs, the waitlist and event reminders.

Who is going is decided under a lock on the event row (community.services.events), so `going`
never passes the capacity however many people answer at once. A paid workshop (an event with an
`opportunity`) is joined by enrolling in that learning opportunity: the confirmed enrollment
writes a `going` RSVP that points at it, and counts only while the enrollment is live.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class EventType(models.TextChoices):
    MEETUP = "meetup"
    WEBINAR = "webinar"
    WORKSHOP = "workshop"


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Event(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=10, choices=EventType.choices)
    status = models.CharField(max_length=10, choices=EventStatus.choices, default=EventStatus.SCHEDULED)
    title = models.CharField(max_length=200)
    # Markdown, rendered through learning.markdown (sanitized) on pages.
    description = models.TextField(blank=True, max_length=10000)
    # Optional: an event of a private group is seen only by the group's readers.
    group = models.ForeignKey(
        "community.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    category = models.ForeignKey(
        "mentors.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="community_events"
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_events",
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # The zone the event is held in (in person: from its coordinates); times are stored in UTC.
    timezone = models.CharField(max_length=64, default="UTC")

    is_online = models.BooleanField(default=True)
    # Shown only to people going (API.md §7).
    online_url = models.URLField(max_length=500, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    # Named as on mentor profiles, so the proximity search shares mentors.search's expressions.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    # Empty: unlimited. A paid workshop's seats are its opportunity's (learning caps them).
    capacity = models.PositiveIntegerField(null=True, blank=True)
    opportunity = models.ForeignKey(
        "learning.Opportunity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="community_events",
    )

    # Raised on every change of time or place: calendars move the event instead of adding one.
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="community_event_starts_before_end"
            ),
            # In person means a place the proximity search can find.
            models.CheckConstraint(
                condition=Q(is_online=True) | Q(latitude__isnull=False, longitude__isnull=False),
                name="community_event_in_person_has_coordinates",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="community_event_upcoming"),
            models.Index(fields=["latitude", "longitude"], name="community_event_place"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.type}, {self.starts_at:%Y-%m-%d %H:%M} UTC)"

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_paid_workshop(self) -> bool:
        return self.opportunity_id is not None

    @property
    def location_text(self) -> str:
        if self.is_online:
            return "Online"
        return ", ".join(part for part in (self.venue, self.address, self.city) if part)


class RSVPStatus(models.TextChoices):
    GOING = "going"
    INTERESTED = "interested"
    NOT_GOING = "not_going"
    # Asked to go when the event was full; promoted to going, first come first served.
    WAITLISTED = "waitlisted"


class EventRSVP(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_rsvps")
    status = models.CharField(max_length=12, choices=RSVPStatus.choices)
    # A paid workshop's attendee: going through this enrollment while it is live.
    enrollment = models.ForeignKey(
        "learning.Enrollment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The waitlist's order; kept when promoted, for the record.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "RSVP"
        constraints = [
            # Two answers racing for one person and event: the second INSERT fails here.
            models.UniqueConstraint(fields=["event", "user"], name="community_rsvp_once"),
        ]
        indexes = [models.Index(fields=["event", "status", "waitlisted_at"], name="community_rsvp_status")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status} for {self.event_id}"


class EventReminderStatus(models.TextChoices):
    PLANNED = "planned"
    SENT = "sent"
    FAILED = "failed"
    # Its time had passed when it was planned, or it was found too late to be useful.
    SKIPPED = "skipped"
    # The attendee stopped going, or the event was cancelled.
    CANCELLED = "cancelled"


class EventReminder(models.Model):
    """`event_reminder` 24 h before, one row per attendee (the pattern of bookings' reminders):
    planned when someone starts going, moved when the event moves, cancelled when they stop
    going or the event is cancelled; the beat job claims due rows one at a time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=EventReminderStatus.choices, default=EventReminderStatus.PLANNED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    notification = models.ForeignKey(
        "messaging.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="community_event_reminder_once"),
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="community_event_reminder_due")]

    def __str__(self) -> str:
        return f"event reminder for {self.recipient_id} ({self.status})"
