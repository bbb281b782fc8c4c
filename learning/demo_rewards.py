"""Rewards' demo data, run by learning's `seed_demo` module after the catalogue exists: the demo
learner finishes a free course through the real enrollment and progress services, one lesson a
day over the last week, so the signals issue the certificate, score the points, build a streak
and unlock achievements as they would for a person. Safe to run again."""

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
    if learner is None or Certificate.objects.filter(user=learner).exists():
        stdout.write("learning rewards: nothing to add")
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
    certificate = Certificate.objects.filter(user=learner).first()
    code = certificate.verification_code if certificate else "none"
    stdout.write(f"learning rewards: {learner.email} finished “{course.title}” (certificate {code})")
