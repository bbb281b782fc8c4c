"""Factories and helpers of the learning tests."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from learning.models import Lesson, Opportunity, OpportunityStatus, OpportunityType
from mentors.models import Category

OPPORTUNITIES_URL = "/api/v1/opportunities"
ENROLLMENTS_URL = "/api/v1/enrollments"
PATHS_URL = "/api/v1/learning-paths"


def a_subcategory() -> Category:
    from tests.conftest import ensure_taxonomy

    ensure_taxonomy()
    return (
        Category.objects.filter(parent__isnull=False, subcategory_subjects__isnull=False).distinct().first()
    )


def opportunity(
    *,
    lessons: int = 0,
    price: Decimal | None = None,
    type: str = OpportunityType.COURSE,
    status: str = OpportunityStatus.PUBLISHED,
    subcategory: Category | None = None,
    **fields,
) -> Opportunity:
    subcategory = subcategory or a_subcategory()
    if type in (OpportunityType.WORKSHOP, OpportunityType.GROUP):
        fields.setdefault("starts_at", timezone.now() + timedelta(days=7))
    if type == OpportunityType.JOB:
        fields.setdefault("apply_url", "https://jobs.example.com/apply/1")
    item = Opportunity.objects.create(
        type=type,
        status=status,
        title=fields.pop("title", "Python for data analysis"),
        summary=fields.pop("summary", "Pandas, plots and notebooks from zero"),
        category=subcategory.parent,
        subcategory=subcategory,
        price=price,
        currency="USD",
        published_at=timezone.now() if status == OpportunityStatus.PUBLISHED else None,
        **fields,
    )
    for number in range(1, lessons + 1):
        Lesson.objects.create(opportunity=item, title=f"Lesson {number}", order=number, duration_minutes=10)
    return item
