"""Sections of the staff view of one account that higher apps contribute.

GET /staff/users/{id} shows the mentor profile and the credit balance, which the mentors and
payments apps own; accounts may not import them (DESIGN.md: lower layers never import higher
ones). Each of those apps registers a function here in its AppConfig.ready, e.g.

    staff_summaries.register("credit_balance", lambda user: wallet_balance(user=user))

and the detail view shows what the registered functions return (null for a section no
installed app provides).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SECTIONS = ("mentor_profile", "credit_balance")

_providers: dict[str, Callable[[Any], Any]] = {}


def register(section: str, provider: Callable[[Any], Any]) -> None:
    if section not in SECTIONS:
        raise ValueError(f"Unknown staff summary section {section!r}; known: {', '.join(SECTIONS)}")
    _providers[section] = provider


def collect(user) -> dict[str, Any]:
    return {section: (_providers[section](user) if section in _providers else None) for section in SECTIONS}
