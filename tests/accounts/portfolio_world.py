"""A learner with real history for the resume, portfolio and share tests: completed sessions,
a finished course with its certificate, an achievement, skills; and the things that must never
show: another learner's session and course, a cancelled session, an unfinished course."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from django.utils import timezone

from bookings.models import BookingStatus
from learning.models import Achievement, AchievementAward, Enrollment
from learning.services.certificates import certificate_issue
from tests.bookings.factories import BookingFactory
from tests.factories import SkillFactory, UserFactory, UserSkillFactory
from tests.learning.rewards_factories import completed_enrollment, ensure_achievements
from tests.mentors.factories import MentorFactory

DAY = datetime(2026, 5, 4, 10, tzinfo=UTC)


def learner_with_history(*, full_name: str = "Анна Каренина", username: str = "anna") -> SimpleNamespace:
    ensure_achievements()
    learner = UserFactory(full_name=full_name, username=username)
    other = UserFactory(full_name="Olaf Other")
    mentor = MentorFactory(user__full_name="Zoë Brontë-Çelik")

    def session(who, topic, status, days):
        start = DAY + timedelta(days=days)
        return BookingFactory(
            mentor=mentor,
            learner=who,
            topic=topic,
            status=status,
            start_at=start,
            completed_at=start + timedelta(hours=1) if status == BookingStatus.COMPLETED else None,
        )

    session(learner, "Portfolio review", BookingStatus.COMPLETED, 0)
    session(learner, "Portfolio review", BookingStatus.COMPLETED, 7)
    session(learner, "Cancelled chat about taxes", BookingStatus.CANCELLED, 14)
    session(other, "Someone else's negotiation coaching", BookingStatus.COMPLETED, 1)

    finished = completed_enrollment(learner, title="Finished Figma Foundations", at=DAY + timedelta(days=20))
    certificate = certificate_issue(enrollment=finished)
    unfinished = completed_enrollment(learner, title="Unfinished Rust Adventures")
    Enrollment.objects.filter(pk=unfinished.pk).update(
        status="in_progress", completed_at=None, progress_percentage=40
    )
    completed_enrollment(other, title="Other Learner's Cooking Course")

    achievement = Achievement.objects.order_by("sort_order", "threshold").first()
    AchievementAward.objects.create(user=learner, achievement=achievement, earned_at=DAY, salt="s")
    UserSkillFactory(user=learner, skill=SkillFactory(name="Figma"), proficiency_level="advanced")
    return SimpleNamespace(
        learner=learner,
        other=other,
        mentor=mentor,
        certificate=certificate,
        achievement=achievement,
        now=timezone.now(),
    )
