"""Demo data for `manage.py seed_demo`: Ada (ada@mentora.local, the disability persona) has an
assistant with a short history, made by real commands through the assistant's own service (her
schedule read, a message sent to Dana Fischer, flagged ai_generated), and a booking with Dana
waiting for her yes or no. Safe to run again: an agent that exists is left as it is."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from assistant.models import Agent
from assistant.services import agents, commands
from mentors.models import MentorProfile

ADA = "ada@mentora.local"
# Long enough that someone trying the demo finds the question still open.
DEMO_PENDING_DAYS = 30


def seed(stdout) -> None:
    ada = User.objects.filter(email=ADA).first()
    if ada is None or Agent.objects.filter(user=ada).exists():
        return
    agent = agents.agent_create(
        user=ada,
        data={
            "agent_name": "Robin",
            "voice_id": "en-gb",
            "auto_schedule_enabled": True,
            "speak_replies": True,
        },
    )
    dana = MentorProfile.objects.bookable().filter(user__full_name="Dana Fischer").exists()
    said = ["what's on my schedule this week", "read my notifications"]
    if dana:
        said += [
            "tell Dana Fischer I'm looking forward to our first session",
            "book a session with Dana Fischer next week in the afternoon",
        ]
    for text in said:
        commands.voice_command(user=ada, text=text)
    agent.refresh_from_db()
    if agent.pending:
        agent.pending_until = timezone.now() + timedelta(days=DEMO_PENDING_DAYS)
        agent.save(update_fields=["pending_until"])
    stdout.write(f"  assistant: Ada's agent with {agent.actions.count()} logged actions")
