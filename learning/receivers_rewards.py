"""Rewards' listeners: learning's own signals (lessons, courses, milestones, opportunity
reviews) and bookings' (completed sessions, reviews) turn into points, streak days,
achievements and certificates.

Every signal arrives inside the transaction of the change it reports, so the points line, the
certificate and the notifications commit with that change or not at all; each is written once
per source event (the ledger's unique reference, the certificate's one-per-enrollment).
"""

from __future__ import annotations

from django.dispatch import receiver

from bookings.models import Booking, Review, ReviewDirection
from bookings.signals import review_written, session_completed
from learning.models import Enrollment, LessonProgress, Milestone, PointsSource
from learning.signals import enrollment_completed, lesson_completed, milestone_completed, opportunity_reviewed


@receiver(milestone_completed, sender=Milestone, dispatch_uid="learning.rewards.milestone")
def milestone_points(sender, milestone: Milestone, **kwargs) -> dict:
    """Returns what learning-path's complete-milestone answers with (points_earned, and
    achievements_unlocked as plain dicts): the sender reads it from Signal.send's responses."""
    from learning.services.points import points_award

    result = points_award(
        user=milestone.path.user,
        source=PointsSource.MILESTONE,
        reference=f"milestone:{milestone.pk}",
        description=f"Milestone {milestone.step}: {milestone.title}",
        amount=milestone.points,
        at=milestone.completed_at,
    )
    return {
        "points_earned": result.points_earned,
        "achievements_unlocked": [_unlocked(award) for award in result.achievements_unlocked],
    }


def _unlocked(award) -> dict:
    """An unlocked achievement as GET /achievements/me shows it (plain JSON values)."""
    from django.conf import settings
    from django.urls import reverse

    achievement = award.achievement
    return {
        "id": str(achievement.pk),
        "name": achievement.name,
        "description": achievement.description,
        "icon_url": settings.SITE_URL + reverse("learning:achievement-icon", args=[achievement.slug]),
        "rarity": achievement.rarity,
        "earned_at": award.earned_at.isoformat(),
    }


@receiver(enrollment_completed, sender=Enrollment, dispatch_uid="learning.rewards.course")
def course_finished(sender, enrollment: Enrollment, **kwargs) -> None:
    from learning.services.certificates import certificate_issue
    from learning.services.points import points_award

    certificate_issue(enrollment=enrollment, now=enrollment.completed_at)
    points_award(
        user=enrollment.user,
        source=PointsSource.COURSE,
        reference=f"enrollment:{enrollment.pk}",
        description=f"Finished {enrollment.opportunity.title}",
        at=enrollment.completed_at,
    )


@receiver(lesson_completed, sender=LessonProgress, dispatch_uid="learning.rewards.lesson")
def lesson_done(sender, progress: LessonProgress, **kwargs) -> None:
    from learning.services.streaks import activity_record

    activity_record(user=progress.enrollment.user, at=progress.completed_at)


@receiver(opportunity_reviewed, sender=Enrollment, dispatch_uid="learning.rewards.opportunity_review")
def opportunity_review_points(sender, enrollment: Enrollment, **kwargs) -> None:
    from learning.services.points import points_award

    if (enrollment.review or "").strip():
        points_award(
            user=enrollment.user,
            source=PointsSource.REVIEW,
            reference=f"review:enrollment:{enrollment.pk}",
            description=f"Reviewed {enrollment.opportunity.title}",
            activity=False,
        )


@receiver(session_completed, sender=Booking, dispatch_uid="learning.rewards.session")
def session_points(sender, booking: Booking, **kwargs) -> None:
    from learning.services.points import points_award

    points_award(
        user=booking.learner,
        source=PointsSource.SESSION,
        reference=f"booking:{booking.pk}",
        description="Completed a mentoring session",
        at=booking.completed_at,
    )


@receiver(review_written, sender=Review, dispatch_uid="learning.rewards.session_review")
def session_review_points(sender, review: Review, **kwargs) -> None:
    from learning.services.points import points_award

    # A written review: a rating with words. The learner's review of the mentor scores.
    if review.direction == ReviewDirection.LEARNER_TO_MENTOR and (review.text or "").strip():
        points_award(
            user=review.reviewer,
            source=PointsSource.REVIEW,
            reference=f"review:booking:{review.pk}",
            description="Reviewed a mentoring session",
            activity=False,
        )
