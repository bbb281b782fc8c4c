"""Reads of rewards: a learner's standing (points, level, streak), achievements, certificates,
and a certificate by its public code. Each runs a fixed number of queries, whatever it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from learning.models import Achievement, AchievementAward, Certificate, LearnerStanding, PointsEntry
from learning.services.points import level_for
from learning.services.streaks import current_streak


@dataclass
class Standing:
    total_points: int
    level: int
    level_starts_at: int
    next_level_points: int | None
    current_streak_days: int
    longest_streak_days: int
    streak_reminders: bool
    last_active_on: object = None

    @property
    def level_progress(self) -> int:
        """How far towards the next level, in whole per cent (100 at the top level)."""
        if self.next_level_points is None:
            return 100
        span = self.next_level_points - self.level_starts_at
        return int((self.total_points - self.level_starts_at) * 100 / span) if span else 100


def standing_for(*, user, now: datetime | None = None) -> Standing:
    row = LearnerStanding.objects.filter(user=user).first()
    points = row.total_points if row else 0
    level, next_at = level_for(points)
    from learning.services.points import level_thresholds

    return Standing(
        total_points=points,
        level=level,
        level_starts_at=level_thresholds()[level - 1],
        next_level_points=next_at,
        current_streak_days=current_streak(row, user=user, now=now or timezone.now()),
        longest_streak_days=row.longest_streak_days if row else 0,
        streak_reminders=row.streak_reminders if row else False,
        last_active_on=row.last_active_on if row else None,
    )


@dataclass
class AchievementRow:
    achievement: Achievement
    award: AchievementAward | None = None
    progress: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def earned_at(self):
        return self.award.earned_at if self.award else None


def achievements_for(*, user, include_locked: bool = False) -> list[AchievementRow]:
    """Earned achievements, newest first; with `include_locked`, then every active one not yet
    earned, in the catalogue's order. Two queries."""
    awards = list(
        AchievementAward.objects.filter(user=user).select_related("achievement").order_by("-earned_at")
    )
    rows = [AchievementRow(achievement=award.achievement, award=award) for award in awards]
    if include_locked:
        earned = {award.achievement_id for award in awards}
        rows += [
            AchievementRow(achievement=achievement)
            for achievement in Achievement.objects.filter(is_active=True)
            if achievement.pk not in earned
        ]
    return rows


def award_for_owner(*, user, award_id) -> AchievementAward | None:
    return (
        AchievementAward.objects.select_related("achievement", "user").filter(pk=award_id, user=user).first()
    )


def points_entries_for(*, user) -> QuerySet[PointsEntry]:
    return PointsEntry.objects.filter(user=user).order_by("-created_at", "-id")


def certificates_for(*, user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(user=user).order_by("-issued_at", "-id")


def certificate_for_owner(*, user, certificate_id) -> Certificate | None:
    return (
        Certificate.objects.select_related("user", "enrollment").filter(pk=certificate_id, user=user).first()
    )


def certificate_by_code(code: str) -> Certificate | None:
    from learning.services.certificates import normalise_code

    return Certificate.objects.filter(verification_code=normalise_code(code)).first()
