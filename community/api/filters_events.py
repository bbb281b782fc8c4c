"""The filters of the events list (API.md §7)."""

from __future__ import annotations

import django_filters

from community.models.events import Event, EventType
from core import filters as f
from core.errors import ValidationFailed


class EventFilters(f.ListFilters):
    type = f.ChoiceInFilter(choices=EventType.choices, help_text="Comma-separated; any of them.")
    group_id = django_filters.UUIDFilter()
    category_id = django_filters.UUIDFilter(help_text="A category or any of its subcategories.")
    # `from` and `to` are Python keywords: declared under these names, renamed below.
    from_ = f.DateFilter(help_text="Starting on or after this day (UTC). Default: events not over yet.")
    to_ = f.DateFilter(help_text="Starting on or before this day (UTC).")
    online = f.BooleanFilter(help_text="true: online only; false: in person only.")
    lat = f.FloatFilter(min_value=-90, max_value=90)
    lng = f.FloatFilter(min_value=-180, max_value=180)
    radius_km = f.FloatFilter(min_value=0.1, max_value=200, help_text="At most 200 km; with lat and lng.")

    ranges = (("from", "to"),)

    class Meta:
        model = Event
        fields: list[str] = []

    def check(self, values):
        near = [name for name in ("lat", "lng", "radius_km") if name in values]
        if near and len(near) != 3:
            missing = [name for name in ("lat", "lng", "radius_km") if name not in values]
            message = "lat, lng and radius_km go together."
            raise ValidationFailed(message, details={name: [message] for name in missing})
        return values


EventFilters.base_filters["from"] = EventFilters.base_filters.pop("from_")
EventFilters.base_filters["to"] = EventFilters.base_filters.pop("to_")
