"""The agent profile (API.md §8) and its action log."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from assistant import errors
from assistant.models import Agent, AgentAction
from core.errors import DomainError

SETTINGS = (
    "agent_name",
    "tone",
    "verbosity",
    "voice_id",
    "language",
    "auto_schedule_enabled",
    "auto_respond_messages",
    "auto_manage_calendar",
    "is_enabled",
    "speak_replies",
)


def agent_create(*, user, data: dict[str, Any] | None = None) -> Agent:
    """One agent per user: a second create is 409 (the unique user column decides a race)."""
    data = data or {}
    fields = {key: data[key] for key in SETTINGS if key in data}
    personality = data.get("personality") or {}
    fields.update({key: personality[key] for key in ("tone", "verbosity") if key in personality})
    try:
        with transaction.atomic():
            return Agent.objects.create(user=user, **fields)
    except IntegrityError:
        raise errors.AgentExists() from None


def agent_offer(*, user) -> Agent:
    """The agent a user with the disabled persona is offered at onboarding: theirs if they have
    one, else a new one with the defaults."""
    agent = Agent.objects.filter(user=user).first()
    if agent is not None:
        return agent
    try:
        return agent_create(user=user)
    except errors.AgentExists:
        return Agent.objects.get(user=user)


def agent_update(*, agent: Agent, data: dict[str, Any]) -> Agent:
    fields = {key: data[key] for key in SETTINGS if key in data}
    personality = data.get("personality") or {}
    fields.update({key: personality[key] for key in ("tone", "verbosity") if key in personality})
    for key, value in fields.items():
        setattr(agent, key, value)
    if fields:
        agent.save(update_fields=[*fields, "updated_at"])
    return agent


def action_log(
    *,
    agent: Agent,
    action_type: str,
    details: dict[str, Any] | None = None,
    error: DomainError | None = None,
) -> AgentAction:
    """One row of the log, success or the refusal's code. Written in its own statement, after
    the action's transaction ended, so a refused action is logged although it rolled back."""
    return AgentAction.objects.create(
        agent=agent,
        action_type=action_type,
        action_details=details or {},
        success=error is None,
        error=error.code if error is not None else "",
        error_message=(error.message if error is not None else "")[:500],
        created_at=timezone.now(),
    )
