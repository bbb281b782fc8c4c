"""Points, levels, streaks, achievements and certificates (API.md §6).

Points are an append-only ledger like payments' credits: one `PointsEntry` per source event,
unique per user and `reference`, so the same milestone, session, course or review can never
score twice; `LearnerStanding.total_points` is the ledger's sum, kept next to the streak under
one row lock. Achievements are data (admin-editable): a metric over the ledger and the
activity days, and a threshold. An `AchievementAward` is unique per user and achievement, so
two racing events grant it once. A `Certificate` is one per enrollment.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Rarity(models.TextChoices):
    COMMON = "common"
    RARE = "rare"
    EPIC = "epic"
    LEGENDARY = "legendary"


class PointsSource(models.TextChoices):
    MILESTONE = "milestone", "Learning-path milestone"
    SESSION = "session", "Completed session"
    COURSE = "course", "Finished course"
    REVIEW = "review", "Written review"


class AchievementMetric(models.TextChoices):
    TOTAL_POINTS = "total_points", "Total points"
    MILESTONES = "milestones", "Milestones completed"
    SESSIONS = "sessions", "Sessions completed"
    COURSES = "courses", "Courses finished"
    REVIEWS = "reviews", "Reviews written"
    LONGEST_STREAK = "longest_streak", "Longest streak (days)"
    ACTIVE_DAYS = "active_days", "Days with learning activity"


# Which ledger source each count metric counts.
METRIC_SOURCES = {
    AchievementMetric.MILESTONES: PointsSource.MILESTONE,
    AchievementMetric.SESSIONS: PointsSource.SESSION,
    AchievementMetric.COURSES: PointsSource.COURSE,
    AchievementMetric.REVIEWS: PointsSource.REVIEW,
}


class LearnerStanding(models.Model):
    """A learner's points total and streak: the row every change locks."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="learning_standing"
    )
    total_points = models.PositiveIntegerField(default=0)
    current_streak_days = models.PositiveIntegerField(default=0)
    longest_streak_days = models.PositiveIntegerField(default=0)
    # The learner's local date (in their time zone at the time) of their latest activity.
    last_active_on = models.DateField(null=True, blank=True)
    # Opt-in: a reminder in the evening of a day that would break the streak.
    streak_reminders = models.BooleanField(default=False)
    # The activity date whose streak the last reminder was about: one reminder per day.
    streak_reminded_for = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(longest_streak_days__gte=F("current_streak_days")),
                name="standing_longest_streak_at_least_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.total_points} points of {self.user_id}"


class PointsEntry(models.Model):
    """One line of the append-only points ledger (never updated, never deleted)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="points_entries"
    )
    source = models.CharField(max_length=12, choices=PointsSource.choices)
    amount = models.PositiveIntegerField()
    balance_after = models.PositiveIntegerField()
    description = models.CharField(max_length=255)
    # What this line happens once for ("milestone:<id>", "booking:<id>", "enrollment:<id>",
    # "review:<id>"): unique per user, so a repeated signal can never score twice.
    reference = models.CharField(max_length=160)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "points entries"
        constraints = [
            models.UniqueConstraint(fields=["user", "reference"], name="points_entry_once_per_reference"),
            models.CheckConstraint(condition=Q(amount__gte=1), name="points_entry_amount_positive"),
        ]
        indexes = [models.Index(fields=["user", "source"], name="points_entry_user_source_idx")]

    def __str__(self) -> str:
        return f"{self.source} +{self.amount}"


class ActivityDay(models.Model):
    """A local date (in the learner's time zone then) on which they did something that counts."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_days")
    day = models.DateField()
    timezone = models.CharField(max_length=64)
    first_at = models.DateTimeField()

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="activity_day_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class Achievement(models.Model):
    """An achievement, defined as data: unlocked once `metric` reaches `threshold`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300)
    rarity = models.CharField(max_length=10, choices=Rarity.choices, default=Rarity.COMMON)
    icon = models.CharField(max_length=4, help_text="Up to four characters shown on the badge")
    metric = models.CharField(max_length=20, choices=AchievementMetric.choices)
    threshold = models.PositiveIntegerField()
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "threshold", "slug"]
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gte=1), name="achievement_threshold_positive")
        ]

    def __str__(self) -> str:
        return self.name


class AchievementAward(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="achievement_awards"
    )
    achievement = models.ForeignKey(Achievement, on_delete=models.PROTECT, related_name="awards")
    earned_at = models.DateTimeField()
    # Salts the holder's e-mail hash in the Open Badges credential.
    salt = models.CharField(max_length=32)

    class Meta:
        ordering = ["-earned_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "achievement"], name="achievement_award_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.achievement} for {self.user_id}"


class Certificate(models.Model):
    """Issued once per enrollment when a course or workshop is completed. The holder's name and
    the title are copied at issue, so the certificate says what it said on the day."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates")
    enrollment = models.OneToOneField(
        "learning.Enrollment", on_delete=models.PROTECT, related_name="certificate"
    )
    verification_code = models.CharField(max_length=40, unique=True)
    holder_name = models.CharField(max_length=200)
    opportunity_title = models.CharField(max_length=200)
    opportunity_type = models.CharField(max_length=20)
    issued_at = models.DateTimeField()
    salt = models.CharField(max_length=32)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["user", "-issued_at"], name="certificate_user_recent_idx")]

    def __str__(self) -> str:
        return self.verification_code

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
