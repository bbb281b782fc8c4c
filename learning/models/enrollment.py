"""Enrollments, per-lesson progress and the once-only workshop reminders."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from learning.models.catalogue import RATING_VALIDATORS


class EnrollmentStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment"
    ENROLLED = "enrolled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DROPPED = "dropped"
    # Never paid (expired or cancelled before paying), or cancelled with a refund: the row
    # stays for the record and a new enrollment may be made.
    CANCELLED = "cancelled"


# Enrollments that hold a seat and count as "enrolled" on the opportunity.
LIVE_ENROLLMENT_STATUSES = (
    EnrollmentStatus.PENDING_PAYMENT,
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.IN_PROGRESS,
    EnrollmentStatus.COMPLETED,
)
# The learner has access to the lessons.
ACTIVE_ENROLLMENT_STATUSES = (
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.IN_PROGRESS,
    EnrollmentStatus.COMPLETED,
)


class EnrollmentPaymentMethod(models.TextChoices):
    FREE = "free"
    CARD = "card"
    CREDITS = "credits"


class Enrollment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    opportunity = models.ForeignKey(
        "learning.Opportunity", on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(max_length=20, choices=EnrollmentStatus.choices)
    status_changed_at = models.DateTimeField()
    enrolled_at = models.DateTimeField()
    # Whether this enrollment holds one of the opportunity's seats (counted in seats_taken).
    holds_seat = models.BooleanField(default=False)

    price = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    credit_price = models.PositiveIntegerField(null=True, blank=True)
    payment_method = models.CharField(max_length=10, choices=EnrollmentPaymentMethod.choices)
    payment_due_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    progress_percentage = models.PositiveSmallIntegerField(default=0)
    current_lesson = models.ForeignKey(
        "learning.Lesson", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    total_time_spent_minutes = models.PositiveIntegerField(default=0)
    last_accessed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    dropped_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=500, blank=True)
    # "full" once the learner left with a full refund owed (payments asks the resolver).
    refund_policy = models.CharField(max_length=4, blank=True)

    # The learner's review of the opportunity (counted in its rating under its row lock).
    rating = models.PositiveSmallIntegerField(null=True, blank=True, validators=RATING_VALIDATORS)
    review = models.TextField(blank=True, max_length=5000)
    rated_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-enrolled_at", "id"]
        constraints = [
            # Two enrollments racing for one user and item: the second INSERT fails here.
            models.UniqueConstraint(
                fields=["user", "opportunity"],
                condition=~Q(status="cancelled"),
                name="enrollment_one_per_user_and_opportunity",
            ),
            models.CheckConstraint(condition=Q(progress_percentage__lte=100), name="enrollment_progress_ok"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="enrollment_rating_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "status"], name="enrollment_user_status_idx"),
            models.Index(fields=["status", "payment_due_at"], name="enrollment_payment_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.opportunity_id} ({self.status})"


class LessonProgress(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey("learning.Lesson", on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField(null=True, blank=True)
    time_spent_minutes = models.PositiveIntegerField(default=0)
    last_accessed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["lesson__order", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "lesson"], name="lesson_progress_once"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} / {self.lesson_id}"


class StartReminderStatus(models.TextChoices):
    PLANNED = "planned"
    SENT = "sent"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class StartReminder(models.Model):
    """ "Your workshop starts in 24 hours": one row per enrollment, planned when the seat is
    confirmed; the job claims due rows (core.locks.claim_due), so each fires once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE, related_name="start_reminder")
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=StartReminderStatus.choices, default=StartReminderStatus.PLANNED
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"], name="start_reminder_due_idx")]

    def __str__(self) -> str:
        return f"start reminder {self.enrollment_id} ({self.status})"
