"""Learning paths: a learner's ordered plan of milestones for one subcategory, with the
opportunities and mentors the embeddings ranked for each step."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

MILESTONE_POINTS = 50  # API.md §6 (S example)


class PathStatus(models.TextChoices):
    ACTIVE = "active"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class LearningPath(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_paths"
    )
    subcategory = models.ForeignKey(
        "mentors.Category", on_delete=models.PROTECT, related_name="learning_paths"
    )
    status = models.CharField(max_length=10, choices=PathStatus.choices, default=PathStatus.ACTIVE)
    # The step to complete next (1-based); total_steps + 1 once every step is done.
    current_step = models.PositiveSmallIntegerField(default=1)
    total_steps = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    abandoned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "subcategory"],
                condition=Q(status="active"),
                name="learning_path_one_active_per_subcategory",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.subcategory_id} ({self.status})"

    @property
    def completion_percentage(self) -> int:
        if not self.total_steps:
            return 0
        done = min(self.current_step - 1, self.total_steps)
        return done * 100 // self.total_steps


class Milestone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="milestones")
    step = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    subject = models.ForeignKey(
        "mentors.Subject", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    difficulty = models.CharField(max_length=12, blank=True)
    estimated_duration_hours = models.DecimalField(max_digits=6, decimal_places=1, default=0)
    points = models.PositiveIntegerField(default=MILESTONE_POINTS)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["path", "step"]
        constraints = [models.UniqueConstraint(fields=["path", "step"], name="milestone_step_unique_in_path")]

    def __str__(self) -> str:
        return f"{self.step}. {self.title}"


class MilestoneOpportunity(models.Model):
    """An opportunity suggested for a milestone, with the embeddings' score and its rank."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="suggested_opportunities")
    opportunity = models.ForeignKey("learning.Opportunity", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()

    class Meta:
        ordering = ["milestone", "rank"]
        verbose_name_plural = "milestone opportunities"
        constraints = [
            models.UniqueConstraint(fields=["milestone", "opportunity"], name="milestone_opportunity_once")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.opportunity_id} ({self.score:.2f})"


class MilestoneMentor(models.Model):
    """An approved mentor suggested for a milestone, with the embeddings' score and its rank."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="suggested_mentors")
    mentor = models.ForeignKey("mentors.MentorProfile", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()

    class Meta:
        ordering = ["milestone", "rank"]
        constraints = [models.UniqueConstraint(fields=["milestone", "mentor"], name="milestone_mentor_once")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.mentor_id} ({self.score:.2f})"
