"""The parameters of analytics' lists and figures (API.md §9)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from analytics.selectors.staff import ACTIVITY_TYPES
from analytics.selectors.timeline import TIMELINE_TYPES
from bookings.models import Booking
from core import filters as f


class _Period(f.ListFilters):
    """`from` and `to` (YYYY-MM-DD, both days included, in the caller's time zone), handed to the
    selector as `first` and `last` (`from` is a Python keyword)."""

    locals()["from"] = f.DateFilter(help_text="First day (YYYY-MM-DD), included.")
    to = f.DateFilter(help_text="Last day (YYYY-MM-DD), included.")
    ranges = (("from", "to"),)

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        if "from" in values:
            values["first"] = values.pop("from")
        if "to" in values:
            values["last"] = values.pop("to")
        return values


class ActivityFilters(_Period):
    type = f.ChoiceInFilter(
        choices=[(t, t) for t in TIMELINE_TYPES], help_text="Comma-separated; any of them."
    )

    class Meta:
        model = Booking
        fields: list[str] = []


class RecentActivityFilters(f.ListFilters):
    type = f.ChoiceInFilter(
        choices=[(t, t) for t in ACTIVITY_TYPES], help_text="Comma-separated; any of them."
    )

    class Meta:
        model = User
        fields: list[str] = []


class SubjectDistributionFilters(_Period):
    class Meta:
        model = Booking
        fields: list[str] = []


class UpcomingFilters(f.ListFilters):
    class Meta:
        model = Booking
        fields: list[str] = []
