"""seed_demo's assistant part: Ada has an agent, a short action history and a pending
confirmation; a second run adds nothing."""

from __future__ import annotations

import io

import pytest

from accounts import demo as accounts_demo
from assistant import demo
from assistant.models import Agent
from mentors import demo as mentors_demo
from messaging.models import Message
from tests.conftest import ensure_taxonomy

pytestmark = pytest.mark.django_db


def test_ada_has_an_agent_a_history_and_a_question_waiting():
    ensure_taxonomy()
    out = io.StringIO()
    for module in (accounts_demo, mentors_demo, demo):
        module.seed(out)
    agent = Agent.objects.get(user__email=demo.ADA)
    assert agent.actions.filter(action_type="voice_command").count() == 4
    assert agent.actions.filter(action_type="sent_message", success=True).exists()
    assert Message.objects.get(sender=agent.user).ai_generated is True
    assert agent.pending["kind"] == "confirm"
    assert agent.pending["action"]["op"] == "book"
    before = agent.actions.count()
    demo.seed(out)
    assert agent.actions.count() == before
