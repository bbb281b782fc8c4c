"""Parts of a mentor's public profile that higher apps own (DESIGN.md: mentors may not import
payments or bookings). Each registers a provider in its AppConfig.ready; without one, the part
is empty."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_packages: Callable[[Any], list[dict]] | None = None
_payouts_enabled: Callable[[Any], bool] | None = None
_reviews: Callable[..., Any] | None = None


def register_packages(provider: Callable[[Any], list[dict]]) -> None:
    """`provider(mentor)` returns the mentor's active packages, already in the API's shape."""
    global _packages
    _packages = provider


def packages_for(mentor) -> list[dict]:
    return _packages(mentor) if _packages is not None else []


def register_payouts_enabled(provider: Callable[[Any], bool]) -> None:
    """`provider(mentor)` says whether the mentor's payout account can receive transfers."""
    global _payouts_enabled
    _payouts_enabled = provider


def payouts_enabled(mentor) -> bool:
    return bool(_payouts_enabled(mentor)) if _payouts_enabled is not None else False


def register_reviews(provider: Callable[..., Any]) -> None:
    """`provider(mentor=, rating=, has_response=, sort=)` returns the mentor's public reviews
    (a queryset or list of rows shaped for ReviewOut: id, booking_id, reviewer {name,
    avatar_url}, rating, text, aspects, skills_learned, mentor_response, created_at)."""
    global _reviews
    _reviews = provider


def reviews_for(mentor, *, rating: int | None = None, has_response: bool | None = None, sort: str = "newest"):
    if _reviews is None:
        return []
    return _reviews(mentor=mentor, rating=rating, has_response=has_response, sort=sort)
