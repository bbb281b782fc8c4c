"""Parts of a mentor's public profile that higher apps own (DESIGN.md: mentors may not import
payments or bookings). Each registers a provider in its AppConfig.ready; without one, the part
is empty."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_packages: Callable[[Any], list[dict]] | None = None


def register_packages(provider: Callable[[Any], list[dict]]) -> None:
    """`provider(mentor)` returns the mentor's active packages, already in the API's shape."""
    global _packages
    _packages = provider


def packages_for(mentor) -> list[dict]:
    return _packages(mentor) if _packages is not None else []
