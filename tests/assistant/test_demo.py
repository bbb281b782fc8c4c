"""seed_demo's assistant part: Ada has an agent, a short action history and a pending
confirmation; a second run adds nothing."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from accounts import demo as accounts_demo
from assistant import demo
from assistant.models import Agent
from mentors import demo as mentors_demo
from messaging.models import Message
from tests.conftest import ensure_taxonomy

pytestmark = pytest.mark.django_db


# A Monday, a Friday and a Sunday, late in the day: the question Ada finds waiting never depends on
# the day the demo was loaded (it once asked for "next Tuesday", which on a Monday is tomorrow,
# inside Dana's notice).
@pytest.mark.parametrize("day", [0, 4, 6], ids=["monday", "friday", "sunday"])
def test_ada_has_an_agent_a_history_and_a_question_waiting(day):
    monday_evening = datetime(2026, 12, 7, 22, 30, tzinfo=UTC)
    with time_machine.travel(monday_evening + timedelta(days=day)):
        _ada_has_an_agent_a_history_and_a_question_waiting()


def _ada_has_an_agent_a_history_and_a_question_waiting():
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
