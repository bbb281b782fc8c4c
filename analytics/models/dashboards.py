"""Counters the dashboards read instead of scanning rows of other apps on every request."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class ProfileViewDay(models.Model):
    """How often a mentor's public profile was viewed on one day (UTC): one row per mentor per
    day, bumped with an upsert (count = count + 1), never a row per view, so the profile page
    stays one cheap write away from what it was."""

    mentor = models.ForeignKey("mentors.MentorProfile", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["mentor", "day"], name="profile_view_day_once")]

    def __str__(self) -> str:
        return f"{self.mentor_id} {self.day}: {self.views}"


class StaffFigure(models.Model):
    """A staff dashboard figure as the beat job last computed it (analytics.services): the
    endpoints read it while it is fresh instead of aggregating a million rows on a cold cache.
    `key` names the figure and its parameters (zone, months, period) as the selectors do."""

    key = models.CharField(max_length=64, unique=True)
    value = models.JSONField(encoder=DjangoJSONEncoder)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} ({self.computed_at:%Y-%m-%d %H:%M})"
