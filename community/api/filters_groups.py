"""The filters of the groups part's lists (API.md §7)."""

from __future__ import annotations

import django_filters

from community.models.groups import Group, GroupMembership, MembershipStatus, Report, ReportStatus
from core import filters as f


class GroupFilters(f.ListFilters):
    q = django_filters.CharFilter(max_length=200, help_text="Words in the name or description.")
    category_id = django_filters.UUIDFilter(help_text="A category or its parent category.")
    joined = f.BooleanFilter(help_text="true: groups you are an active member of; false: the others.")

    class Meta:
        model = Group
        fields: list[str] = []


class MemberFilters(f.ListFilters):
    status = django_filters.ChoiceFilter(
        choices=MembershipStatus.choices, help_text="Moderators see pending and declined requests too."
    )

    class Meta:
        model = GroupMembership
        fields: list[str] = []


class ReportFilters(f.ListFilters):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, help_text="open by default.")
    group_id = django_filters.UUIDFilter()

    class Meta:
        model = Report
        fields: list[str] = []
