"""The filters of the assistant's list (API.md §8)."""

from __future__ import annotations

from assistant.models import ActionType, AgentAction
from core import filters as f


class ActionFilters(f.ListFilters):
    action_type = f.ChoiceInFilter(choices=ActionType.choices, help_text="Comma-separated; any of them.")

    class Meta:
        model = AgentAction
        fields: list[str] = []
