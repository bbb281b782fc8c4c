"""Rewards' demo data, run at the end of learning's demo (learning/demo.py) once the catalogue
exists. The demo learner's finished course and first milestone there already went through the
real services, so rewards' receivers issued her certificate, scored the points and unlocked her
first achievements. Should she still have no certificate, she finishes a free course here, one
lesson a day up to today, through the same services. Safe to run again."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from learning.models import Certificate, Opportunity

DEMO_LEARNER = "learner@mentora.local"


def _free_course_for(learner) -> Opportunity | None:
    return (
        Opportunity.objects.filter(type="course", status="published", price__isnull=True)
        .exclude(enrollments__user=learner)
        .annotate(lesson_count=Count("lessons"))
        .filter(lesson_count__gte=2)
        .order_by("lesson_count", "title")
        .first()
    )


def seed(stdout) -> None:
    from learning.services.enrollment import enrollment_create
    from learning.services.progress import progress_update

    learner = User.objects.filter(email=DEMO_LEARNER).first()
    if learner is None:
        return
    if Certificate.objects.filter(user=learner).exists():
        _report(stdout, learner)
        return
    course = _free_course_for(learner)
    if course is None:
        stdout.write("learning rewards: no free course with lessons to finish")
        return
    lessons = list(course.lessons.order_by("order", "created_at"))
    now = timezone.now()
    # One lesson a day, the last one today: a streak as long as the course.
    start = now - timedelta(days=len(lessons) - 1, hours=1)
    enrollment = enrollment_create(user=learner, opportunity_id=course.pk, now=start).enrollment
    for index, lesson in enumerate(lessons):
        progress_update(
            enrollment_id=enrollment.pk,
            user=learner,
            completed_lesson_ids=[lesson.pk],
            current_lesson_id=lesson.pk,
            time_spent_minutes=lesson.duration_minutes or 20,
            now=start + timedelta(days=index),
        )
    _report(stdout, learner)


def _report(stdout, learner) -> None:
    from learning.models import AchievementAward, LearnerStanding

    codes = ", ".join(Certificate.objects.filter(user=learner).values_list("verification_code", flat=True))
    standing = LearnerStanding.objects.filter(user=learner).first()
    stdout.write(
        f"Learning rewards: {learner.email} holds certificate(s) {codes or 'none'}, "
        f"{standing.total_points if standing else 0} points and "
        f"{AchievementAward.objects.filter(user=learner).count()} achievements."
    )
