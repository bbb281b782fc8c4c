from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting"
    BOOKED = "booked"  # an offer was accepted
    CANCELLED = "cancelled"  # the learner left the waitlist
    EXPIRED = "expired"  # its date range is over


class WaitlistEntry(models.Model):
    """A learner waiting for a mentor's time: a date range, an optional time of day (in the
    learner's zone) and a length."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waitlist")
    mentor = models.ForeignKey("mentors.MentorProfile", on_delete=models.CASCADE, related_name="waitlist")
    service = models.ForeignKey("mentors.Service", null=True, blank=True, on_delete=models.SET_NULL)
    start_date = models.DateField()
    end_date = models.DateField()
    time_from = models.TimeField(null=True, blank=True)
    time_to = models.TimeField(null=True, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "waitlist entries"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")), name="waitlist_dates_in_order"
            ),
            models.UniqueConstraint(
                fields=[
                    "learner",
                    "mentor",
                    "start_date",
                    "end_date",
                    "time_from",
                    "time_to",
                    "duration_minutes",
                ],
                condition=Q(status="waiting"),
                name="waitlist_entry_once",
            ),
        ]
        indexes = [models.Index(fields=["mentor", "status", "created_at"], name="waitlist_queue_idx")]

    def __str__(self) -> str:
        return f"{self.learner_id} waits for {self.mentor_id} {self.start_date}–{self.end_date}"


class OfferStatus(models.TextChoices):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"  # the time stopped being bookable (the mentor blocked it)


class WaitlistOffer(models.Model):
    """A freed time held for one waiting learner until `expires_at` (a busy interval of source
    hold, reference `offer:<id>`, so nobody else can take it meanwhile)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey(WaitlistEntry, on_delete=models.CASCADE, related_name="offers")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waitlist_offers"
    )
    mentor = models.ForeignKey(
        "mentors.MentorProfile", on_delete=models.CASCADE, related_name="waitlist_offers"
    )
    start_at = models.DateTimeField()
    end_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    expires_at = models.DateTimeField()
    booking = models.ForeignKey("bookings.Booking", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A learner holds at most one open offer: two freed times go to two learners.
            models.UniqueConstraint(
                fields=["learner"], condition=Q(status="open"), name="offer_one_open_per_learner"
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="offer_expiry_idx")]

    def __str__(self) -> str:
        return f"offer {self.start_at:%Y-%m-%d %H:%M} to {self.learner_id} ({self.status})"

    @property
    def hold_reference(self) -> str:
        return f"offer:{self.pk}"
