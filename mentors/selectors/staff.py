"""Reads behind staff review of mentor applications and profiles."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import F, Prefetch, Q, QuerySet

from accounts.models import Skill
from mentors import errors
from mentors.models import (
    MentorProfile,
    Subject,
)


def mentors_for_staff(
    *,
    status: str | None = None,
    q: str = "",
    submitted_from: date | None = None,
    submitted_to: date | None = None,
) -> QuerySet[MentorProfile]:
    """Applications and profiles for review, oldest submission first (the review queue's order).

    Dates are whole UTC days, both ends included.
    """
    mentors = MentorProfile.objects.select_related("user").prefetch_related(
        Prefetch("skills", queryset=Skill.objects.order_by("name")),
        Prefetch("subjects", queryset=Subject.objects.order_by("name")),
    )
    if status:
        mentors = mentors.filter(status=status)
    term = q.strip()
    if term:
        mentors = mentors.filter(
            Q(user__full_name__icontains=term)
            | Q(user__email__icontains=term)
            | Q(user__username__icontains=term)
            | Q(title__icontains=term)
            | Q(headline__icontains=term)
        )
    if submitted_from:
        mentors = mentors.filter(submitted_at__gte=datetime.combine(submitted_from, time.min, tzinfo=UTC))
    if submitted_to:
        mentors = mentors.filter(
            submitted_at__lt=datetime.combine(submitted_to + timedelta(days=1), time.min, tzinfo=UTC)
        )
    return mentors.order_by(F("submitted_at").asc(nulls_last=True), "created_at", "pk")


def mentor_get_for_staff(*, mentor_id: uuid.UUID) -> MentorProfile:
    mentor = MentorProfile.objects.select_related("user").filter(pk=mentor_id).first()
    if mentor is None:
        raise errors.MentorProfileNotFound()
    return mentor
