"""Fixtures of the assistant tests: a learner in London with an agent, mentors with free time
every day, and a frozen clock on a Wednesday morning."""

from __future__ import annotations

import base64
import datetime
from datetime import UTC

import pytest
import time_machine

from assistant.models import Agent
from tests.api_client import APIClient
from tests.bookings.factories import bookable_mentor
from tests.factories import UserFactory

NOW = datetime.datetime(2027, 3, 3, 10, 0, tzinfo=UTC)  # Wednesday 10:00 in London (GMT)
AGENT_URL = "/api/v1/agents/me"
COMMAND_URL = "/api/v1/agents/me/voice-command"
ACTIONS_URL = "/api/v1/agents/me/actions"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def mentor_named(name: str, **fields):
    mentor = bookable_mentor(**fields)
    mentor.user.full_name = name
    mentor.user.save(update_fields=["full_name"])
    return mentor


@pytest.fixture
def learner(db):
    return UserFactory(full_name="Ada Byron", timezone="Europe/London")


@pytest.fixture
def agent(learner):
    return Agent.objects.create(user=learner)


@pytest.fixture
def client(learner):
    return api_as(learner)


@pytest.fixture
def dana(db):
    return mentor_named("Dana Fischer")


def say(client, text: str):
    response = client.post(COMMAND_URL, {"text": text}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def spoken(text: str, *, voice: str = "en-us", speed: int = 150) -> str:
    """`text` as espeak-ng speaks it, base64 as a client sends a recording."""
    from accounts.speech import synthesise_wav

    return base64.b64encode(synthesise_wav(text, voice=voice, speed=speed)).decode()


def say_aloud(client, text: str, **voice):
    response = client.post(COMMAND_URL, {"audio": spoken(text, **voice)}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()
