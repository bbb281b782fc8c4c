"""The filters of bookings' lists (API.md §3 and the waitlist of issue 8)."""

from __future__ import annotations

import django_filters

from bookings.models import (
    Booking,
    BookingStatus,
    OfferStatus,
    Party,
    WaitlistEntry,
    WaitlistOffer,
    WaitlistStatus,
)
from core import filters as f


class BookingFilters(f.ListFilters):
    role = django_filters.ChoiceFilter(
        choices=[(Party.LEARNER.value, "Learner"), (Party.MENTOR.value, "Mentor")],
        help_text="Only as learner, or only as mentor.",
    )
    status = f.ChoiceInFilter(choices=BookingStatus.choices, help_text="Comma-separated; any of them.")
    upcoming = f.BooleanFilter(help_text="true: live and not yet over, soonest first; false: the rest.")
    mentor_id = django_filters.UUIDFilter()
    start_date = f.DateFilter(help_text="Starting on or after this day.")
    end_date = f.DateFilter(help_text="Starting on or before this day.")

    ranges = (("start_date", "end_date"),)

    class Meta:
        model = Booking
        fields: list[str] = []


class WaitlistFilters(f.ListFilters):
    status = django_filters.ChoiceFilter(
        choices=[*WaitlistStatus.choices, ("all", "All")],
        help_text="waiting (default), booked, cancelled, expired or all.",
    )

    class Meta:
        model = WaitlistEntry
        fields: list[str] = []


class OfferFilters(f.ListFilters):
    status = django_filters.ChoiceFilter(choices=OfferStatus.choices)

    class Meta:
        model = WaitlistOffer
        fields: list[str] = []
