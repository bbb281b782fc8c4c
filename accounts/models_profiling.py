"""The onboarding interview and the AI profile built from it (issue 18), and spoken clips.

A ProfilingSession is one run of the interview: one ProfilingAnswer per step, typed or spoken
(the transcription is kept, never the recording). Completing a session builds the learner's one
AIProfile (accounts.profiling.builder): only the last completed session counts. SpeechClips are
what the platform says aloud (espeak-ng), stored outside MEDIA_ROOT for their owner only.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from accounts.speech.storage import clip_storage, clip_upload_to

__all__ = [
    "AIProfile",
    "AnswerType",
    "ProfilingAnswer",
    "ProfilingSession",
    "ProfilingStatus",
    "SpeechClip",
]


class SpeechClip(models.Model):
    """A WAV spoken by espeak-ng for one person (accounts.speech.speak)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="speech_clips")
    file = models.FileField(storage=clip_storage, upload_to=clip_upload_to, max_length=255)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.text[:40]}"

    @property
    def url(self) -> str:
        """The clip's private route (a path; it answers only the owner)."""
        return reverse("speech-clip", kwargs={"id": self.pk})


class ProfilingStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class AnswerType(models.TextChoices):
    TEXT = "text", "Typed"
    VOICE = "voice", "Spoken"


class ProfilingSession(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profiling_sessions"
    )
    # The persona when the interview started: it chose the questions.
    persona = models.CharField(max_length=20)
    total_steps = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=20, choices=ProfilingStatus.choices, default=ProfilingStatus.IN_PROGRESS
    )
    # Whether each question is also spoken (persona disabled).
    speaks = models.BooleanField(default=False)
    # The current question as speech (speaking sessions), for the interview page to play.
    question_clip = models.ForeignKey(
        SpeechClip, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="profiling_session_user")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.status} ({self.created_at:%Y-%m-%d})"


class ProfilingAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(ProfilingSession, on_delete=models.CASCADE, related_name="answers")
    step = models.PositiveSmallIntegerField()
    # The question asked at this step (accounts.profiling.questions), by key and in words.
    topic = models.CharField(max_length=30)
    question = models.TextField()
    answer_type = models.CharField(max_length=10, choices=AnswerType.choices)
    # What the learner sent (typed), or the transcription of what they said.
    text = models.TextField()
    audio_seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["step"]
        constraints = [models.UniqueConstraint(fields=["session", "step"], name="profiling_answer_once")]

    def __str__(self) -> str:
        return f"{self.session_id} #{self.step}: {self.text[:40]}"


class AIProfile(models.Model):
    """The learner's profile from their last completed interview; text fields editable by hand."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ai_profile")
    session = models.ForeignKey(ProfilingSession, on_delete=models.SET_NULL, null=True, related_name="+")
    # What the learner loves doing, as phrases in their words.
    passions = models.JSONField(default=list)
    # [{"name", "level", "category_id"|null, "category"|null}]; also upserted as UserSkill rows.
    skills = models.JSONField(default=list)
    goals = models.JSONField(default=list)  # phrases, as said
    time_commitment = models.CharField(max_length=200, blank=True)
    # Parsed from time_commitment: hours a week (null when unknown) and when (e.g. ["weekends"]).
    hours_per_week = models.FloatField(null=True, blank=True)
    schedule = models.JSONField(default=list)
    learning_style = models.CharField(max_length=200, blank=True)
    # [{"category_id", "name", "subcategory_id", "subcategory", "score", "reason"}], best first.
    recommended_categories = models.JSONField(default=list)
    # The profile's sentence embedding (float32 bytes; accounts.profiling.builder), server-side only.
    embedding = models.BinaryField(null=True, editable=False)
    embedding_model = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"AI profile of {self.user_id}"

    def vector(self):
        """The embedding as a float32 numpy vector, or None."""
        if not self.embedding:
            return None
        import numpy as np

        return np.frombuffer(bytes(self.embedding), dtype=np.float32)
