"""Points: an append-only ledger per learner, its sum kept on LearnerStanding under a row lock
(the shape of payments' credits ledger). Every line has a `reference` unique per learner: the
same milestone, session, course or review scores once however often its signal arrives.

Levels come from settings.LEARNING_LEVEL_THRESHOLDS, the points at which each level starts
(level 1 at 0). With the default table 1,250 points is level 7 and the next level is at 1,500.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.locks import busy_as_error
from learning.models import AchievementAward, LearnerStanding, PointsEntry, PointsSource


def level_thresholds() -> list[int]:
    table = sorted({int(value) for value in settings.LEARNING_LEVEL_THRESHOLDS} | {0})
    return table


def level_for(points: int) -> tuple[int, int | None]:
    """(level, points at which the next level starts, or None at the top level)."""
    table = level_thresholds()
    level = sum(1 for start in table if start <= points)
    return level, (table[level] if level < len(table) else None)


def points_for(source: str) -> int:
    return int(settings.LEARNING_POINTS[source])


def standing_locked(user) -> LearnerStanding:
    """The learner's standing row, created if missing, locked for this transaction."""
    LearnerStanding.objects.get_or_create(user=user)
    return LearnerStanding.objects.select_for_update().get(user=user)


@dataclass
class PointsResult:
    entry: PointsEntry | None
    points_earned: int = 0
    achievements_unlocked: list[AchievementAward] = field(default_factory=list)


def points_award(
    *,
    user,
    source: str,
    reference: str,
    description: str,
    amount: int | None = None,
    at: datetime | None = None,
    activity: bool = True,
) -> PointsResult:
    """Write one ledger line (once per `reference`), count the day towards the streak when it is
    a learning activity, and unlock what that makes due. Runs in the caller's transaction when
    there is one (learning's and bookings' signals arrive inside theirs)."""
    from learning.services import achievements, streaks

    if source not in PointsSource.values:
        raise ValueError(f"Unknown points source {source!r}")
    amount = points_for(source) if amount is None else int(amount)
    at = at or timezone.now()
    with transaction.atomic(), busy_as_error():
        standing = standing_locked(user)
        try:
            with transaction.atomic():
                entry = PointsEntry.objects.create(
                    user=user,
                    source=source,
                    amount=amount,
                    balance_after=standing.total_points + amount,
                    description=description[:255],
                    reference=reference,
                )
        except IntegrityError:
            return PointsResult(entry=None)
        standing.total_points += amount
        standing.save(update_fields=["total_points", "updated_at"])
        if activity:
            streaks.record_locked(standing, at=at)
        unlocked = achievements.check_locked(standing, now=at)
    return PointsResult(entry=entry, points_earned=amount, achievements_unlocked=unlocked)
