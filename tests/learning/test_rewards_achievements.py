"""Achievements (API.md §6): data rows with a condition over the ledger and activity, unlocked
exactly once (also when two events race) with one notification; the streak reminder job."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from learning.models import Achievement, AchievementAward, LearnerStanding
from learning.services.achievements import achievements_check
from learning.services.points import points_award
from learning.services.streaks import activity_record, streak_reminders_send, streak_reminders_set
from messaging.models import Notification
from tests.concurrency import run_together
from tests.factories import UserFactory


def _achievement(**fields) -> Achievement:
    defaults = {
        "slug": "two-reviews",
        "name": "Two reviews",
        "description": "Write two reviews.",
        "rarity": "rare",
        "icon": "R2",
        "metric": "reviews",
        "threshold": 2,
    }
    return Achievement.objects.create(**{**defaults, **fields})


@pytest.mark.django_db
def test_an_achievement_unlocks_when_its_condition_is_met_with_one_notification():
    user = UserFactory()
    two = _achievement()
    points_award(user=user, source="review", reference="review:1", description="r", activity=False)
    assert not AchievementAward.objects.filter(user=user, achievement=two).exists()
    result = points_award(user=user, source="review", reference="review:2", description="r", activity=False)
    assert [award.achievement for award in result.achievements_unlocked] == [two]
    points_award(user=user, source="review", reference="review:3", description="r", activity=False)
    achievements_check(user=user)
    assert AchievementAward.objects.filter(user=user, achievement=two).count() == 1
    notes = Notification.objects.filter(
        user=user, type="achievement_unlocked", data__achievement_id=str(two.pk)
    )
    assert notes.count() == 1
    assert notes.get().title == "Achievement unlocked: Two reviews"


@pytest.mark.django_db
def test_an_inactive_achievement_is_not_granted():
    user = UserFactory()
    _achievement(threshold=1, is_active=False)
    points_award(user=user, source="review", reference="review:1", description="r", activity=False)
    assert not AchievementAward.objects.filter(user=user, achievement__slug="two-reviews").exists()


@pytest.mark.django_db(transaction=True)
def test_two_racing_events_grant_an_achievement_once():
    user = UserFactory()
    two = _achievement()
    points_award(user=user, source="review", reference="review:0", description="r", activity=False)

    # Two reviews arrive at once: each would make the second review that unlocks it.
    def review(reference):
        return points_award(user=user, source="review", reference=reference, description="r", activity=False)

    results = run_together(review, ["review:a", "review:b"])
    assert not [result for result in results if isinstance(result, Exception)], results
    unlocked = [
        award
        for result in results
        for award in result.achievements_unlocked
        if award.achievement_id == two.pk
    ]
    assert len(unlocked) == 1
    assert AchievementAward.objects.filter(user=user, achievement=two).count() == 1
    assert Notification.objects.filter(user=user, data__achievement_id=str(two.pk)).count() == 1
    assert LearnerStanding.objects.get(user=user).total_points == 75


@pytest.mark.django_db(transaction=True)
def test_racing_checks_grant_an_achievement_once():
    user = UserFactory()
    one = _achievement(slug="one-review", threshold=1)
    points_award(user=user, source="review", reference="review:0", description="r", activity=False)
    AchievementAward.objects.all().delete()  # as if the achievement was added after the review
    results = run_together(lambda _: achievements_check(user=user), range(4))
    # Only this achievement: the shipped catalogue's "Reviewer" is there too unless a transactional
    # test that ran before in this worker flushed it.
    granted = [
        award
        for result in results
        if not isinstance(result, Exception)
        for award in result
        if award.achievement_id == one.pk
    ]
    assert len(granted) == 1, results
    assert AchievementAward.objects.filter(user=user, achievement=one).count() == 1


# --- the streak reminder ----------------------------------------------------------------------------


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.django_db
def test_an_opted_in_learner_is_reminded_once_in_their_evening_before_the_streak_breaks():
    user = UserFactory(timezone="Europe/Berlin")
    quiet = UserFactory(timezone="Europe/Berlin")  # did not opt in
    for person in (user, quiet):
        with time_machine.travel(at(2026, 3, 10, 9), tick=False):
            activity_record(user=person)
    streak_reminders_set(user=user, enabled=True)
    assert streak_reminders_send(now=at(2026, 3, 11, 12)) == 0  # 13:00 in Berlin: too early
    assert streak_reminders_send(now=at(2026, 3, 11, 17)) == 1  # 18:00 in Berlin
    assert streak_reminders_send(now=at(2026, 3, 11, 18)) == 0  # once a day
    reminders = Notification.objects.filter(type="streak_reminder")
    assert list(reminders.values_list("user", flat=True)) == [user.pk]
    # Learnt on the 11th: nothing to remind that evening.
    with time_machine.travel(at(2026, 3, 11, 19), tick=False):
        activity_record(user=user)
    assert streak_reminders_send(now=at(2026, 3, 11, 20)) == 0
    # Next evening, reminded again about the 2-day streak.
    assert streak_reminders_send(now=at(2026, 3, 12, 18)) == 1
    assert reminders.count() == 2
