"""Rows the rewards tests need: a completed enrollment of a course or workshop, a milestone."""

from __future__ import annotations

from django.utils import timezone

from learning.models import Enrollment, LearningPath, Milestone, Opportunity
from mentors.models import Category


def category():
    found = Category.objects.filter(parent__isnull=False).first()
    if found is None:
        parent = Category.objects.create(name="Rewards tests", slug="rewards-tests")
        found = Category.objects.create(name="Rewards sub", slug="rewards-sub", parent=parent)
    return found


def completed_enrollment(user, *, type: str = "course", title: str = "Python basics", at=None) -> Enrollment:
    at = at or timezone.now()
    sub = category()
    opportunity = Opportunity.objects.create(
        type=type, status="published", title=title, category=sub.parent, subcategory=sub
    )
    return Enrollment.objects.create(
        user=user,
        opportunity=opportunity,
        status="completed",
        status_changed_at=at,
        enrolled_at=at,
        payment_method="free",
        progress_percentage=100,
        completed_at=at,
    )


def milestone(user, *, step: int = 1, at=None) -> Milestone:
    sub = category()
    path = LearningPath.objects.filter(user=user, subcategory=sub).first() or LearningPath.objects.create(
        user=user, subcategory=sub, total_steps=8
    )
    return Milestone.objects.create(
        path=path, step=step, title=f"Step {step}", completed_at=at or timezone.now()
    )


def ensure_achievements() -> None:
    """The starting achievements come from a data migration, and a transactional test (a race
    test) that ran earlier in this database flushed every table: load them again then."""
    from importlib import import_module

    from django.apps import apps

    import_module("learning.migrations.0004_seed_achievements").seed(apps, None)
