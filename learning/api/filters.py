"""The filters of learning's lists (API.md §6)."""

from __future__ import annotations

import django_filters

from core import filters as f
from learning.models import (
    Difficulty,
    Enrollment,
    EnrollmentStatus,
    LearningPath,
    Opportunity,
    OpportunityType,
    PathStatus,
)
from learning.selectors import SORTS
from mentors.api.filters import _RankingFilters


class OpportunityFilters(f.ListFilters):
    type = f.ChoiceInFilter(choices=OpportunityType.choices, help_text="Comma-separated; any of them.")
    category_id = django_filters.UUIDFilter()
    subcategory_id = django_filters.UUIDFilter()
    difficulty = f.ChoiceInFilter(choices=Difficulty.choices, help_text="Comma-separated; any of them.")
    is_paid = f.BooleanFilter()
    q = django_filters.CharFilter(
        max_length=200, help_text="Words in the title, summary, description or tags."
    )
    tags = f.CharInFilter(help_text="Comma-separated; every one of them.")
    sort = django_filters.ChoiceFilter(choices=[(s, s) for s in SORTS])

    class Meta:
        model = Opportunity
        fields: list[str] = []


class EnrollmentFilters(f.ListFilters):
    status = f.ChoiceInFilter(choices=EnrollmentStatus.choices, help_text="Comma-separated; any of them.")
    type = f.ChoiceInFilter(choices=OpportunityType.choices, help_text="The opportunity's type.")

    class Meta:
        model = Enrollment
        fields: list[str] = []


class PathFilters(f.ListFilters):
    status = f.ChoiceInFilter(choices=PathStatus.choices)

    class Meta:
        model = LearningPath
        fields: list[str] = []


class RecommendedFilters(_RankingFilters):
    class Meta:
        model = Opportunity
        fields: list[str] = []
