"""Authoring the catalogue: create, edit, publish and archive opportunities and their lessons
(mentors their own, staff any), and the learners' ratings. Each function is one transaction."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone

from accounts.services.audit import audit_entry_create
from core.errors import ValidationFailed
from core.locks import busy_as_error
from learning import notifications
from learning.errors import IllegalTransition, NotAnAuthor, OpportunityNotFound
from learning.models import (
    ACTIVE_ENROLLMENT_STATUSES,
    SCHEDULED_TYPES,
    Enrollment,
    Lesson,
    Opportunity,
    OpportunityStatus,
    OpportunityType,
)
from learning.signals import opportunity_reviewed
from mentors.models import Category, MentorProfile, MentorStatus, Subject

MAX_TAGS = 12
EDITABLE_FIELDS = (
    "title", "summary", "description", "difficulty", "tags", "price", "currency", "credit_price",
    "duration_minutes", "starts_at", "ends_at", "timezone", "schedule", "location", "capacity",
    "apply_url", "employer",
)  # fmt: skip
LESSON_FIELDS = ("title", "order", "duration_minutes", "content", "video_url", "external_url")


def author_mentor(user) -> MentorProfile | None:
    """The approved mentor profile `user` authors as, or None."""
    return MentorProfile.objects.filter(user=user, status=MentorStatus.APPROVED).first()


def may_author(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_staff or author_mentor(user) is not None))


def may_edit(user, opportunity: Opportunity) -> bool:
    if not (user and user.is_authenticated):
        return False
    if user.is_staff:
        return True
    return opportunity.mentor_id is not None and opportunity.mentor.user_id == user.pk


def normalize_tags(tags: list[str]) -> list[str]:
    seen: list[str] = []
    for tag in tags or []:
        cleaned = re.sub(r"\s+", " ", str(tag)).strip().lower()[:40]
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    if len(seen) > MAX_TAGS:
        raise ValidationFailed.for_field("tags", f"Use at most {MAX_TAGS} tags.")
    return seen


def _taxonomy(data: dict[str, Any], opportunity: Opportunity | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    category = opportunity.category if opportunity else None
    if "category_id" in data:
        category = Category.objects.filter(
            pk=data["category_id"], parent__isnull=True, is_active=True
        ).first()
        if category is None:
            raise ValidationFailed.for_field("category_id", "Choose a top-level category.")
        out["category"] = category
    subcategory = opportunity.subcategory if opportunity else None
    if "subcategory_id" in data:
        subcategory = None
        if data["subcategory_id"] is not None:
            subcategory = Category.objects.filter(pk=data["subcategory_id"], is_active=True).first()
            if subcategory is None:
                raise ValidationFailed.for_field("subcategory_id", "Unknown subcategory.")
        out["subcategory"] = subcategory
    if subcategory is not None and category is not None and subcategory.parent_id != category.pk:
        raise ValidationFailed.for_field("subcategory_id", "The subcategory is not in that category.")
    if "subject_ids" in data:
        ids = list(dict.fromkeys(data["subject_ids"] or []))
        subjects = list(Subject.objects.filter(pk__in=ids, is_active=True))
        if len(subjects) != len(ids):
            raise ValidationFailed.for_field("subject_ids", "Unknown subject.")
        if category is not None and any(s.category_id != category.pk for s in subjects):
            raise ValidationFailed.for_field("subject_ids", "Each subject must be in the category.")
        out["subjects"] = subjects
    return out


def _check(opportunity: Opportunity) -> None:
    """The rules across fields, on the opportunity as it would be saved."""
    errors: dict[str, list[str]] = {}
    if opportunity.type == OpportunityType.JOB and not opportunity.apply_url:
        errors["apply_url"] = ["A job needs the address where people apply."]
    if opportunity.price is not None and opportunity.price < 0:
        errors["price"] = ["A price cannot be negative."]
    if opportunity.starts_at and opportunity.ends_at and opportunity.ends_at < opportunity.starts_at:
        errors["ends_at"] = ["ends_at must not be before starts_at."]
    if opportunity.capacity is not None and opportunity.capacity < opportunity.seats_taken:
        errors["capacity"] = [f"{opportunity.seats_taken} seats are taken already."]
    published = opportunity.status == OpportunityStatus.PUBLISHED
    if opportunity.type in SCHEDULED_TYPES and published and opportunity.starts_at is None:
        errors["starts_at"] = ["A workshop or cohort needs a start time before it is published."]
    if errors:
        name, messages = next(iter(errors.items()))
        raise ValidationFailed(messages[0], details=errors)


def _lessons_replace(opportunity: Opportunity, lessons: list[dict[str, Any]]) -> None:
    keep = []
    existing = {lesson.pk: lesson for lesson in opportunity.lessons.all()}
    for position, item in enumerate(lessons, start=1):
        lesson = existing.get(item.get("id")) if item.get("id") else None
        if item.get("id") and lesson is None:
            raise ValidationFailed.for_field("lessons", f"Lesson {item['id']} is not in this opportunity.")
        lesson = lesson or Lesson(opportunity=opportunity)
        for name in LESSON_FIELDS:
            if name in item:
                setattr(lesson, name, item[name])
        if "order" not in item:
            lesson.order = position
        lesson.save()
        keep.append(lesson.pk)
    opportunity.lessons.exclude(pk__in=keep).delete()


def opportunity_create(*, user, data: dict[str, Any]) -> Opportunity:
    """A draft opportunity. A mentor provides it; staff may create the platform's own (no
    provider) or name a mentor with `mentor_id`."""
    mentor = author_mentor(user)
    if not user.is_staff and mentor is None:
        raise NotAnAuthor()
    if user.is_staff and data.get("mentor_id"):
        mentor = MentorProfile.objects.filter(pk=data["mentor_id"], status=MentorStatus.APPROVED).first()
        if mentor is None:
            raise ValidationFailed.for_field("mentor_id", "Unknown or unapproved mentor.")
    elif user.is_staff and mentor is not None and data.get("platform", False):
        mentor = None
    with transaction.atomic():
        taxonomy = _taxonomy(data, None)
        opportunity = Opportunity(
            type=data["type"],
            category=taxonomy["category"],
            subcategory=taxonomy.get("subcategory"),
            mentor=mentor,
            created_by=user,
        )
        for name in EDITABLE_FIELDS:
            if name in data:
                setattr(opportunity, name, data[name])
        opportunity.tags = normalize_tags(opportunity.tags)
        _check(opportunity)
        opportunity.save()
        if "subjects" in taxonomy:
            opportunity.subjects.set(taxonomy["subjects"])
        _lessons_replace(opportunity, data.get("lessons") or [])
        _refresh_duration(opportunity)
        audit_entry_create(actor=user, action="opportunity.created", target=opportunity)
    if data.get("status") == OpportunityStatus.PUBLISHED:
        return opportunity_publish(opportunity_id=opportunity.pk, user=user)
    return opportunity


def _refresh_duration(opportunity: Opportunity) -> None:
    """A course's duration is its lessons' unless the author gave one."""
    if opportunity.duration_minutes:
        return
    total = sum(lesson.duration_minutes for lesson in opportunity.lessons.all())
    if total:
        Opportunity.objects.filter(pk=opportunity.pk).update(duration_minutes=total)
        opportunity.duration_minutes = total


def _locked(opportunity_id) -> Opportunity:
    opportunity = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("mentor")
        .filter(pk=opportunity_id)
        .first()
    )
    if opportunity is None:
        raise OpportunityNotFound()
    return opportunity


def opportunity_update(*, opportunity_id, user, data: dict[str, Any]) -> Opportunity:
    """Edits; `status` publishes or archives (API.md §6, PATCH /opportunities/{id}). Enrolled
    learners hear about a changed course (course_update)."""
    status = data.get("status")
    with transaction.atomic(), busy_as_error():
        opportunity = _locked(opportunity_id)
        if not may_edit(user, opportunity):
            raise OpportunityNotFound()
        if "type" in data and data["type"] != opportunity.type:
            if opportunity.enrollment_count:
                raise IllegalTransition("The type cannot change once people have enrolled.")
            opportunity.type = data["type"]
        taxonomy = _taxonomy(data, opportunity)
        for name in ("category", "subcategory"):
            if name in taxonomy:
                setattr(opportunity, name, taxonomy[name])
        changed = []
        for name in EDITABLE_FIELDS:
            if name in data and getattr(opportunity, name) != data[name]:
                setattr(opportunity, name, data[name])
                changed.append(name)
        if "tags" in data:
            opportunity.tags = normalize_tags(opportunity.tags)
        # A new price applies to new enrollments: each enrollment keeps the price it was made at.
        _check(opportunity)
        opportunity.save()
        if "subjects" in taxonomy:
            opportunity.subjects.set(taxonomy["subjects"])
        lessons_changed = "lessons" in data
        if lessons_changed:
            _lessons_replace(opportunity, data["lessons"])
        audit_entry_create(
            actor=user, action="opportunity.updated", target=opportunity, details={"fields": changed}
        )
        if opportunity.status == OpportunityStatus.PUBLISHED and (lessons_changed or changed):
            notifications.course_updated(opportunity, what="lessons" if lessons_changed else "details")
    if status == OpportunityStatus.PUBLISHED and opportunity.status != OpportunityStatus.PUBLISHED:
        return opportunity_publish(opportunity_id=opportunity.pk, user=user)
    if status == OpportunityStatus.ARCHIVED and opportunity.status != OpportunityStatus.ARCHIVED:
        return opportunity_archive(opportunity_id=opportunity.pk, user=user)
    if status == OpportunityStatus.DRAFT and opportunity.status != OpportunityStatus.DRAFT:
        raise IllegalTransition("A published or archived opportunity does not go back to draft.")
    return opportunity


def opportunity_publish(*, opportunity_id, user, now: datetime | None = None) -> Opportunity:
    now = now or timezone.now()
    with transaction.atomic(), busy_as_error():
        opportunity = _locked(opportunity_id)
        if not may_edit(user, opportunity):
            raise OpportunityNotFound()
        if opportunity.status == OpportunityStatus.PUBLISHED:
            return opportunity
        opportunity.status = OpportunityStatus.PUBLISHED
        if opportunity.type == OpportunityType.COURSE and not opportunity.lessons.exists():
            raise ValidationFailed.for_field(
                "lessons", "A course needs at least one lesson before it is published."
            )
        _check(opportunity)
        opportunity.published_at = opportunity.published_at or now
        opportunity.archived_at = None
        opportunity.save(update_fields=["status", "published_at", "archived_at", "updated_at"])
        audit_entry_create(actor=user, action="opportunity.published", target=opportunity)
    _embedding_refresh_later(opportunity)
    return opportunity


def opportunity_archive(*, opportunity_id, user, now: datetime | None = None) -> Opportunity:
    """Off the catalogue; enrolled learners keep their access and progress."""
    now = now or timezone.now()
    with transaction.atomic(), busy_as_error():
        opportunity = _locked(opportunity_id)
        if not may_edit(user, opportunity):
            raise OpportunityNotFound()
        if opportunity.status == OpportunityStatus.ARCHIVED:
            return opportunity
        opportunity.status = OpportunityStatus.ARCHIVED
        opportunity.archived_at = now
        opportunity.save(update_fields=["status", "archived_at", "updated_at"])
        audit_entry_create(actor=user, action="opportunity.archived", target=opportunity)
    return opportunity


def _embedding_refresh_later(opportunity: Opportunity) -> None:
    from learning import tasks

    tasks.opportunity_embedding_refresh.delay_on_commit(str(opportunity.pk))


# --- lessons ------------------------------------------------------------------------------------


def lesson_save(*, opportunity_id, user, data: dict[str, Any], lesson_id=None) -> Lesson:
    """Adds a lesson (at the end unless `order` is given) or edits one; learners enrolled in a
    published course hear about it."""
    with transaction.atomic(), busy_as_error():
        opportunity = _locked(opportunity_id)
        if not may_edit(user, opportunity):
            raise OpportunityNotFound()
        if lesson_id is None:
            last = opportunity.lessons.order_by("-order").values_list("order", flat=True).first() or 0
            lesson = Lesson(opportunity=opportunity, order=last + 1)
        else:
            lesson = opportunity.lessons.filter(pk=lesson_id).first()
            if lesson is None:
                raise OpportunityNotFound("Lesson not found.")
        for name in LESSON_FIELDS:
            if name in data:
                setattr(lesson, name, data[name])
        if not lesson.title:
            raise ValidationFailed.for_field("title", "A lesson needs a title.")
        lesson.save()
        if opportunity.status == OpportunityStatus.PUBLISHED:
            notifications.course_updated(opportunity, what="lessons", lesson=lesson)
    return lesson


def lesson_delete(*, opportunity_id, user, lesson_id) -> None:
    with transaction.atomic(), busy_as_error():
        opportunity = _locked(opportunity_id)
        if not may_edit(user, opportunity):
            raise OpportunityNotFound()
        deleted, _ = opportunity.lessons.filter(pk=lesson_id).delete()
        if not deleted:
            raise OpportunityNotFound("Lesson not found.")


# --- ratings ------------------------------------------------------------------------------------


def opportunity_rate(*, enrollment_id, user, rating: int, review: str = "", now=None) -> Enrollment:
    """The learner rates what they enrolled in (once per enrollment; a second call edits it).
    The opportunity's figures are recomputed from every rating under its row lock, so racing
    ratings never lose one."""
    now = now or timezone.now()
    if not 1 <= int(rating) <= 5:
        raise ValidationFailed.for_field("rating", "Give a whole number from 1 to 5.")
    with transaction.atomic(), busy_as_error():
        enrollment = Enrollment.objects.filter(pk=enrollment_id, user=user).first()
        if enrollment is None:
            from learning.errors import EnrollmentNotFound

            raise EnrollmentNotFound()
        if enrollment.status not in ACTIVE_ENROLLMENT_STATUSES:
            raise IllegalTransition("Only enrolled learners rate an opportunity.")
        opportunity = _locked(enrollment.opportunity_id)
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        first = enrollment.rating is None
        enrollment.rating = int(rating)
        enrollment.review = review
        enrollment.rated_at = now
        enrollment.save(update_fields=["rating", "review", "rated_at", "updated_at"])
        figures = Enrollment.objects.filter(opportunity=opportunity, rating__isnull=False).aggregate(
            average=Avg("rating"), count=Count("id")
        )
        Opportunity.objects.filter(pk=opportunity.pk).update(
            average_rating=Decimal(figures["average"] or 0).quantize(Decimal("0.01")),
            rating_count=figures["count"],
        )
        if first:
            opportunity_reviewed.send(sender=Enrollment, enrollment=enrollment)
    return enrollment
