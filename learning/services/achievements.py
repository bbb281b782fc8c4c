"""Achievements: data rows (admin-editable) each with a metric over the points ledger and the
activity days, and a threshold. Checked after every change to a learner's standing, under that
row's lock; the award's unique (user, achievement) constraint is the last guard, so two racing
events grant an achievement once, and only the one that wrote it notifies.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from core.locks import busy_as_error
from learning.models import (
    METRIC_SOURCES,
    Achievement,
    AchievementAward,
    AchievementMetric,
    ActivityDay,
    LearnerStanding,
    PointsEntry,
)
from messaging.services import notify


def metric_values(standing: LearnerStanding) -> dict[str, int]:
    counts = dict(
        PointsEntry.objects.filter(user_id=standing.user_id)
        .values_list("source")
        .annotate(n=Count("id"))
        .values_list("source", "n")
    )
    values = {metric: counts.get(source, 0) for metric, source in METRIC_SOURCES.items()}
    values[AchievementMetric.TOTAL_POINTS] = standing.total_points
    values[AchievementMetric.LONGEST_STREAK] = standing.longest_streak_days
    values[AchievementMetric.ACTIVE_DAYS] = ActivityDay.objects.filter(user_id=standing.user_id).count()
    return {str(key): value for key, value in values.items()}


def _grant(*, user, achievement: Achievement, now: datetime) -> AchievementAward | None:
    try:
        with transaction.atomic():
            award = AchievementAward.objects.create(
                user=user, achievement=achievement, earned_at=now, salt=secrets.token_hex(16)
            )
    except IntegrityError:  # the other event got there first
        return None
    notify(
        user=user,
        type="achievement_unlocked",
        title=f"Achievement unlocked: {achievement.name}",
        body=achievement.description,
        action_url=reverse("learning:achievements"),
        data={"achievement_id": achievement.pk, "rarity": achievement.rarity, "award_id": award.pk},
        dedupe_key=f"achievement:{achievement.pk}",
    )
    return award


def check_locked(standing: LearnerStanding, *, now: datetime) -> list[AchievementAward]:
    """Grant every active achievement `standing` now meets and does not have yet."""
    due = Achievement.objects.filter(is_active=True).exclude(awards__user_id=standing.user_id)
    due = list(due)
    if not due:
        return []
    values = metric_values(standing)
    granted = []
    for achievement in due:
        if values.get(achievement.metric, 0) >= achievement.threshold:
            award = _grant(user=standing.user, achievement=achievement, now=now)
            if award is not None:
                granted.append(award)
    return granted


def achievements_check(*, user, now: datetime | None = None) -> list[AchievementAward]:
    """Check a learner's achievements on their own (after an admin adds one, say)."""
    from learning.services.points import standing_locked

    with transaction.atomic(), busy_as_error():
        return check_locked(standing_locked(user), now=now or timezone.now())


# --- Open Badges ----------------------------------------------------------------------------------


def award_credential(award: AchievementAward) -> dict:
    """The award as a signed OpenBadgeCredential (deterministic, like a certificate's)."""
    from django.conf import settings

    from learning.services import badges

    achievement = award.achievement
    document = badges.credential_document(
        credential_id=f"urn:uuid:{award.pk}",
        name=achievement.name,
        description=achievement.description,
        achievement_id=f"urn:uuid:{achievement.pk}",
        achievement_type="Achievement",
        criteria=f"{achievement.get_metric_display()}: at least {achievement.threshold}.",
        image_url=settings.SITE_URL + reverse("learning:achievement-icon", args=[achievement.slug]),
        holder_name=award.user.display_name,
        holder_email=award.user.email,
        salt=award.salt,
        valid_from=award.earned_at,
    )
    return badges.sign(document, created=award.earned_at)


def achievement_icon(achievement: Achievement) -> bytes:
    from learning.services import badges

    return badges.badge_png(label=achievement.icon, rarity=achievement.rarity)


def award_badge(award: AchievementAward) -> bytes:
    from learning.services import badges

    return badges.bake(achievement_icon(award.achievement), award_credential(award))
