"""The assistant offered at the start of the interview (API.md §1: `ai_agent_id` for persona
disabled). The assistant app sits above accounts, so it registers a function here at start-up:
`register(offer)` where `offer(user) -> UUID | None` returns the user's agent id, creating the
agent if the app does that. Until an app registers, no agent is offered (`ai_agent_id` null).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

Offer = Callable[[object], "uuid.UUID | None"]
_offer: Offer | None = None

# The personas the assistant is offered to at the start of the interview.
OFFERED_TO = {"disabled"}


def register(offer: Offer | None) -> None:
    global _offer
    _offer = offer


def offer_agent(user) -> uuid.UUID | None:
    if _offer is None or user.persona not in OFFERED_TO:
        return None
    return _offer(user)
