"""The assistant's tables: one agent per user and the log of what it did (API.md §8)."""

from assistant.models.agent import ActionType, Agent, AgentAction, Tone, Verbosity

__all__ = ["ActionType", "Agent", "AgentAction", "Tone", "Verbosity"]
