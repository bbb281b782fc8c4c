"""Query parameters of the calendar (the lists read theirs through FilterSets: mentors/api/filters.py)."""

from __future__ import annotations

from datetime import date

from rest_framework import serializers

from mentors.api.serializers.common import TimeZoneField


class CalendarQueryIn(serializers.Serializer):
    month = serializers.RegexField(
        r"^\d{4}-(0[1-9]|1[0-2])$", required=False, help_text="YYYY-MM; this month if left out."
    )
    timezone = TimeZoneField(required=False, help_text="The viewer's zone; yours by default.")

    def validate_month(self, value: str) -> date:
        year, month = map(int, value.split("-"))
        if not 2000 <= year <= 2100:
            raise serializers.ValidationError("Use a month between 2000-01 and 2100-12.")
        return date(year, month, 1)
