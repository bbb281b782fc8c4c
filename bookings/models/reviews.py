from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

ASPECTS = ("professionalism", "expertise", "communication", "value_for_money", "punctuality")


class ReviewDirection(models.TextChoices):
    # Public, and counted in the mentor's rating.
    LEARNER_TO_MENTOR = "learner_to_mentor"
    # Seen only by the learner and staff (API.md §3).
    MENTOR_TO_LEARNER = "mentor_to_learner"


class Review(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    booking = models.ForeignKey("bookings.Booking", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey("mentors.MentorProfile", on_delete=models.CASCADE, related_name="reviews")
    direction = models.CharField(max_length=20, choices=ReviewDirection.choices)
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    text = models.TextField(blank=True, max_length=5000)
    aspects = models.JSONField(default=dict, blank=True)
    skills_learned = models.JSONField(default=list, blank=True)
    mentor_response = models.TextField(blank=True, max_length=5000)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Once per reviewer per booking, whatever two taps at once try.
            models.UniqueConstraint(fields=["booking", "reviewer"], name="review_once_per_reviewer"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"),
        ]
        indexes = [
            models.Index(fields=["mentor", "direction", "-created_at"], name="review_mentor_public_idx")
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ on {self.booking_id}"
