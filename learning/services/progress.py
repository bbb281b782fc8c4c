"""Progress through an enrollment's lessons; the server computes the percentage (API.md §6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from core.errors import ValidationFailed
from core.locks import busy_as_error
from learning.errors import EnrollmentNotFound, IllegalTransition
from learning.models import Enrollment, EnrollmentStatus, Lesson, LessonProgress
from learning.signals import enrollment_completed, lesson_completed

MAX_MINUTES_PER_UPDATE = 24 * 60


@dataclass
class ProgressResult:
    enrollment: Enrollment
    completed_lessons: int
    total_lessons: int


def percentage(done: int, total: int) -> int:
    """Completed lessons ÷ all lessons, rounded down (3 of 12 → 25)."""
    return 0 if total == 0 else done * 100 // total


def progress_update(
    *,
    enrollment_id,
    user,
    completed_lesson_ids: list | None = None,
    current_lesson_id=None,
    time_spent_minutes: int = 0,
    progress_percentage: int | None = None,
    now: datetime | None = None,
) -> ProgressResult:
    """Adds completed lessons and time; the first update starts the enrollment, the last lesson
    completes it. A percentage sent by the client counts only for items without lessons."""
    now = now or timezone.now()
    if not 0 <= int(time_spent_minutes or 0) <= MAX_MINUTES_PER_UPDATE:
        raise ValidationFailed.for_field("time_spent_minutes", f"Use 0 to {MAX_MINUTES_PER_UPDATE} minutes.")
    with transaction.atomic(), busy_as_error():
        enrollment = (
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("opportunity")
            .filter(pk=enrollment_id, user=user)
            .first()
        )
        if enrollment is None:
            raise EnrollmentNotFound()
        if enrollment.status == EnrollmentStatus.PENDING_PAYMENT:
            raise IllegalTransition("Pay for the enrollment first.", details={"status": enrollment.status})
        if enrollment.status in (EnrollmentStatus.CANCELLED, EnrollmentStatus.DROPPED):
            raise IllegalTransition(details={"status": enrollment.status})
        lessons = {
            lesson.pk: lesson for lesson in Lesson.objects.filter(opportunity_id=enrollment.opportunity_id)
        }
        wanted = list(dict.fromkeys(completed_lesson_ids or []))
        unknown = [str(pk) for pk in wanted if pk not in lessons]
        if unknown:
            raise ValidationFailed(
                "Some lessons are not part of this opportunity.", details={"completed_lesson_ids": unknown}
            )
        if current_lesson_id is not None and current_lesson_id not in lessons:
            raise ValidationFailed.for_field(
                "current_lesson_id", "That lesson is not part of this opportunity."
            )
        rows = {row.lesson_id: row for row in LessonProgress.objects.filter(enrollment=enrollment)}
        minutes = int(time_spent_minutes or 0)
        for lesson_id in [*wanted, *([current_lesson_id] if current_lesson_id else [])]:
            if lesson_id not in rows:
                rows[lesson_id] = LessonProgress.objects.create(
                    enrollment=enrollment, lesson_id=lesson_id, last_accessed_at=now
                )
        target = current_lesson_id or (wanted[-1] if wanted else None)
        if target is not None:
            row = rows[target]
            row.time_spent_minutes += minutes
            row.last_accessed_at = now
            row.save(update_fields=["time_spent_minutes", "last_accessed_at"])
        for lesson_id in wanted:
            row = rows[lesson_id]
            if row.completed_at is None:
                row.completed_at = now
                row.save(update_fields=["completed_at"])
                lesson_completed.send(sender=LessonProgress, progress=row)
        done = sum(1 for row in rows.values() if row.completed_at is not None)
        total = len(lessons)
        if total:
            enrollment.progress_percentage = percentage(done, total)
        elif progress_percentage is not None:
            if not 0 <= int(progress_percentage) <= 100:
                raise ValidationFailed.for_field("progress_percentage", "Use 0 to 100.")
            enrollment.progress_percentage = max(enrollment.progress_percentage, int(progress_percentage))
        if current_lesson_id is not None:
            enrollment.current_lesson_id = current_lesson_id
        enrollment.total_time_spent_minutes += minutes
        enrollment.last_accessed_at = now
        finished = enrollment.status != EnrollmentStatus.COMPLETED and enrollment.progress_percentage >= 100
        if enrollment.status == EnrollmentStatus.ENROLLED:
            enrollment.status = EnrollmentStatus.IN_PROGRESS
            enrollment.status_changed_at = now
            enrollment.started_at = now
        if finished:
            enrollment.status = EnrollmentStatus.COMPLETED
            enrollment.status_changed_at = now
            enrollment.completed_at = now
        enrollment.save()
        if finished:
            enrollment_completed.send(sender=Enrollment, enrollment=enrollment)
    return ProgressResult(enrollment=enrollment, completed_lessons=done, total_lessons=total)


def lesson_opened(*, enrollment: Enrollment, lesson: Lesson, now: datetime | None = None) -> None:
    """The lesson page was opened: it is the current lesson, and the enrollment was accessed."""
    progress_update(enrollment_id=enrollment.pk, user=enrollment.user, current_lesson_id=lesson.pk, now=now)
