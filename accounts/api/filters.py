"""The filters of accounts' staff lists (API.md §1)."""

from __future__ import annotations

import django_filters

from accounts.models import AuditEntry, Role, User
from core import filters as f


class StaffUserFilters(f.ListFilters):
    role = django_filters.ChoiceFilter(choices=Role.choices)
    search = django_filters.CharFilter(max_length=200, help_text="E-mail or name.")
    is_active = f.BooleanFilter()
    deleted = f.BooleanFilter(help_text="true: only soft-deleted accounts.")

    class Meta:
        model = User
        fields: list[str] = []


class AuditFilters(f.ListFilters):
    action_type = django_filters.CharFilter(max_length=64)
    user_id = django_filters.UUIDFilter(help_text="The actor or the account acted on.")
    date_from = f.DateFilter()
    date_to = f.DateFilter()

    ranges = (("date_from", "date_to"),)

    class Meta:
        model = AuditEntry
        fields: list[str] = []
