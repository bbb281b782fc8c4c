"""Finished courses, certificates and achievements for a learner's resume and portfolio
(accounts.portfolio.facts). Only completed enrollments, certificates that are not revoked and
achievements actually earned; one query each."""

from __future__ import annotations

from accounts.portfolio import facts


def finished_courses(user) -> list[facts.Course]:
    from learning.models import Enrollment, EnrollmentStatus

    rows = (
        Enrollment.objects.filter(user=user, status=EnrollmentStatus.COMPLETED, completed_at__isnull=False)
        .select_related("opportunity__mentor__user")
        .order_by("-completed_at", "id")
    )
    return [
        facts.Course(
            title=row.opportunity.title,
            type=row.opportunity.type,
            completed_on=row.completed_at.date(),
            # The course's stated length; the learner's own tracked time when it states none.
            minutes=row.opportunity.duration_minutes or row.total_time_spent_minutes,
            provider=row.opportunity.mentor.user.display_name if row.opportunity.mentor else "Mentora",
        )
        for row in rows
    ]


def certificates(user) -> list[facts.Certificate]:
    from learning.models import Certificate
    from learning.services.certificates import verification_url

    rows = Certificate.objects.filter(user=user, revoked_at__isnull=True).order_by("-issued_at", "id")
    return [
        facts.Certificate(
            title=row.opportunity_title,
            type=row.opportunity_type,
            issued_on=row.issued_at.date(),
            verification_code=row.verification_code,
            verify_url=verification_url(row),
        )
        for row in rows
    ]


def achievements(user) -> list[facts.Achievement]:
    from learning.models import AchievementAward

    rows = (
        AchievementAward.objects.filter(user=user).select_related("achievement").order_by("-earned_at", "id")
    )
    return [
        facts.Achievement(
            name=row.achievement.name,
            description=row.achievement.description,
            rarity=row.achievement.rarity,
            icon=row.achievement.icon,
            earned_on=row.earned_at.date(),
        )
        for row in rows
    ]


def register_all() -> None:
    facts.register("courses", finished_courses)
    facts.register("certificates", certificates)
    facts.register("achievements", achievements)
