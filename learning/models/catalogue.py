"""The catalogue: opportunities (courses, workshops, jobs, mentorship offers, cohorts) and their
ordered lessons. Rating and enrollment figures are written only by learning.services under a
lock on the opportunity row, so racing enrollments and reviews never lose a count."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q


class OpportunityType(models.TextChoices):
    COURSE = "course"
    JOB = "job"
    MENTORSHIP = "mentorship"
    WORKSHOP = "workshop"
    # A paid, structured cohort (API.md §6).
    GROUP = "group"


# Joined through POST /opportunities/{id}/enroll (mentorship goes through POST /bookings, jobs
# through their apply_url).
ENROLLABLE_TYPES = (OpportunityType.COURSE, OpportunityType.WORKSHOP, OpportunityType.GROUP)
# Types with a date and seats: a schedule and a capacity.
SCHEDULED_TYPES = (OpportunityType.WORKSHOP, OpportunityType.GROUP)
# Completing one of these issues a certificate (issue 16).
CERTIFIED_TYPES = (OpportunityType.COURSE, OpportunityType.WORKSHOP)


class Difficulty(models.TextChoices):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


DIFFICULTY_RANK = {Difficulty.BEGINNER: 1, Difficulty.INTERMEDIATE: 2, Difficulty.ADVANCED: 3}


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Opportunity(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=12, choices=OpportunityType.choices)
    status = models.CharField(
        max_length=10, choices=OpportunityStatus.choices, default=OpportunityStatus.DRAFT
    )
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    # Markdown, rendered through learning.markdown (sanitized) on pages.
    description = models.TextField(blank=True, max_length=20000)
    difficulty = models.CharField(max_length=12, choices=Difficulty.choices, default=Difficulty.BEGINNER)
    # The mentors taxonomy: a top-level category, optionally one of its subcategories, and subjects.
    category = models.ForeignKey("mentors.Category", on_delete=models.PROTECT, related_name="opportunities")
    subcategory = models.ForeignKey(
        "mentors.Category",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subcategory_opportunities",
    )
    subjects = models.ManyToManyField("mentors.Subject", blank=True, related_name="opportunities")
    tags = models.JSONField(default=list, blank=True, help_text="Short lower-case tags")

    # Free items have price null (API.md §6: is_paid=false, price=null).
    price = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(max_length=3, default="USD")
    credit_price = models.PositiveIntegerField(null=True, blank=True, help_text="Credits to enroll, if any")
    duration_minutes = models.PositiveIntegerField(default=0)

    # Workshops and cohorts: when they run and how many seats they have.
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    schedule = models.TextField(blank=True, max_length=2000, help_text="The sessions, in words")
    location = models.CharField(max_length=200, blank=True, help_text="Online, or a place")
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: unlimited")
    # Seats held by live enrollments (pending payment included), kept under the row lock.
    seats_taken = models.PositiveIntegerField(default=0)

    # Jobs: where to apply.
    apply_url = models.URLField(max_length=500, blank=True)
    employer = models.CharField(max_length=200, blank=True)

    # The provider: a mentor, or the platform when null.
    mentor = models.ForeignKey(
        "mentors.MentorProfile", null=True, blank=True, on_delete=models.PROTECT, related_name="opportunities"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    average_rating = models.DecimalField(max_digits=3, decimal_places=2, default=0)
    rating_count = models.PositiveIntegerField(default=0)
    enrollment_count = models.PositiveIntegerField(default=0)

    published_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Sentence embedding of title + summary + tags (learning.services.recommend), as in mentors.
    embedding = models.BinaryField(null=True, blank=True, editable=False)
    embedding_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-created_at", "id"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0), name="opportunity_price_ok"
            ),
            # The seats hold even if a code path forgot the lock: an over-full row cannot be saved.
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="opportunity_seats_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(starts_at__lte=F("ends_at")),
                name="opportunity_starts_before_it_ends",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "type"], name="opportunity_status_type_idx"),
            models.Index(fields=["status", "starts_at"], name="opportunity_status_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.type}, {self.status})"

    @property
    def is_paid(self) -> bool:
        return self.price is not None and self.price > 0

    @property
    def is_enrollable(self) -> bool:
        return self.type in ENROLLABLE_TYPES

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)


class Lesson(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)
    duration_minutes = models.PositiveIntegerField(default=0)
    # Markdown; rendered through learning.markdown, which strips anything but safe tags.
    content = models.TextField(blank=True, max_length=50000)
    video_url = models.URLField(max_length=500, blank=True)
    external_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["opportunity", "order", "created_at"]
        indexes = [models.Index(fields=["opportunity", "order"], name="lesson_order_idx")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
