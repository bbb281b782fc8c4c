"""The learning app's opportunities, as bookings sees them (API.md §6: mentorship opportunities
are booked through POST /bookings with `opportunity_id`). learning sits above bookings, so it
registers the check in its AppConfig.ready; without it any id is kept as given."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# (opportunity_id, mentor) -> None, or raises a DomainError naming `opportunity_id`.
Check = Callable[[Any, Any], None]

_check: Check | None = None


def register_opportunity_check(check: Check) -> None:
    global _check
    _check = check


def opportunity_check(opportunity_id, mentor) -> None:
    if opportunity_id is not None and _check is not None:
        _check(opportunity_id, mentor)
