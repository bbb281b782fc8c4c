"""Reads of the taxonomy: categories, subcategories, subjects and skill tags."""

from __future__ import annotations

import uuid

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import Skill
from accounts.services.profiles import normalize_skill_name
from mentors import errors
from mentors.models import (
    Category,
    MentorProfile,
    Subject,
)


def categories_top_level() -> QuerySet[Category]:
    return Category.objects.filter(parent__isnull=True, is_active=True).annotate(
        subcategory_count=Count("subcategories", filter=Q(subcategories__is_active=True))
    )


def category_get(*, category_id: uuid.UUID, top_level: bool = False, active_only: bool = True) -> Category:
    categories = Category.objects.select_related("parent")
    if top_level:
        categories = categories.filter(parent__isnull=True)
    if active_only:
        categories = categories.filter(is_active=True)
    category = categories.filter(pk=category_id).first()
    if category is None:
        raise errors.CategoryNotFound()
    return category


def subcategories_of(*, category: Category) -> QuerySet[Category]:
    return category.subcategories.filter(is_active=True).order_by("sort_order", "name")


def subject_list(
    *, category_id: uuid.UUID | None = None, q: str = "", include_inactive: bool = False
) -> QuerySet[Subject]:
    subjects = Subject.objects.select_related("category")
    if not include_inactive:
        subjects = subjects.filter(is_active=True)
    if category_id:
        subjects = subjects.filter(Q(category_id=category_id) | Q(subcategory_id=category_id))
    if q.strip():
        subjects = subjects.filter(Q(name__icontains=q.strip()) | Q(description__icontains=q.strip()))
    return subjects.order_by("name", "pk")


def subject_get(*, subject_id: uuid.UUID) -> Subject:
    subject = Subject.objects.select_related("category").filter(pk=subject_id).first()
    if subject is None:
        raise errors.SubjectNotFound()
    return subject


def skill_list(*, q: str = "", category_id: uuid.UUID | None = None) -> QuerySet[Skill]:
    """Skill tags for autocomplete. With `category_id`, the tags mentors of that category use."""
    skills = Skill.objects.all()
    if q.strip():
        skills = skills.filter(normalized_name__contains=normalize_skill_name(q))
    if category_id:
        in_category = MentorProfile.skills.through.objects.filter(skill_id=OuterRef("pk")).filter(
            Q(mentorprofile__categories=category_id) | Q(mentorprofile__categories__parent=category_id)
        )
        skills = skills.filter(Exists(in_category))
    return skills.order_by("normalized_name", "pk")
