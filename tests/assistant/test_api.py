"""/agents/me and its action log: one agent per user, settings, the log filtered and paged in a
constant number of queries, nobody reads anyone else's."""

from __future__ import annotations

import pytest

from assistant.models import Agent, AgentAction
from assistant.services.agents import action_log
from tests.assistant.conftest import ACTIONS_URL, AGENT_URL, api_as
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LIST_QUERIES = 6


def test_create_then_a_second_create_is_409(client, learner):
    body = {
        "agent_name": "Robin",
        "personality": {"tone": "calm", "verbosity": "brief"},
        "voice_id": "en-gb",
        "auto_schedule_enabled": True,
    }
    response = client.post(AGENT_URL, body, format="json")
    assert response.status_code == 201
    agent = response.json()
    assert agent["agent_name"] == "Robin"
    assert agent["personality"] == {"tone": "calm", "verbosity": "brief"}
    assert agent["auto_schedule_enabled"] is True
    assert agent["is_enabled"] is True
    again = client.post(AGENT_URL, {}, format="json")
    assert again.status_code == 409
    assert again.json()["error"] == "CONFLICT"
    assert Agent.objects.filter(user=learner).count() == 1


def test_get_and_patch_including_is_enabled(client, agent):
    assert client.get(AGENT_URL).json()["id"] == str(agent.pk)
    response = client.patch(
        AGENT_URL,
        {"is_enabled": False, "speak_replies": False, "personality": {"tone": "formal"}},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["is_enabled"] is False
    assert response.json()["personality"]["tone"] == "formal"
    agent.refresh_from_db()
    assert (agent.is_enabled, agent.speak_replies, agent.tone) == (False, False, "formal")


def test_bad_settings_are_400_and_nothing_changes(client, agent):
    response = client.patch(
        AGENT_URL, {"personality": {"tone": "sarcastic"}, "voice_id": "x y"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"
    agent.refresh_from_db()
    assert agent.tone == "friendly"


def test_without_an_agent_the_routes_say_404(client):
    assert client.get(AGENT_URL).status_code == 404
    assert client.get(ACTIONS_URL).status_code == 404
    assert client.post("/api/v1/agents/me/voice-command", {"text": "hi"}, format="json").status_code == 404


def test_anonymous_callers_get_401():
    from tests.api_client import APIClient

    assert APIClient().get(AGENT_URL).status_code == 401


def test_the_log_filters_by_action_type_and_shows_only_your_own(client, agent):
    action_log(agent=agent, action_type="sent_message", details={"text": "hi"})
    action_log(agent=agent, action_type="voice_command", details={"transcription": "hi"})
    other = Agent.objects.create(user=UserFactory())
    action_log(agent=other, action_type="sent_message", details={"text": "theirs"})
    items = client.get(ACTIONS_URL, {"action_type": "sent_message"}).json()["items"]
    assert [item["action_details"] for item in items] == [{"text": "hi"}]
    assert client.get(ACTIONS_URL, {"action_type": "nonsense"}).status_code == 400
    # Another user sees their own log only.
    theirs = api_as(other.user).get(ACTIONS_URL).json()["items"]
    assert [item["action_details"] for item in theirs] == [{"text": "theirs"}]


@pytest.mark.parametrize("rows", [5, 50])
def test_the_log_runs_a_constant_number_of_queries(rows, client, agent, django_assert_max_num_queries):
    AgentAction.objects.bulk_create(
        [AgentAction(agent=agent, action_type="voice_command", action_details={"n": n}) for n in range(rows)]
    )
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(ACTIONS_URL, {"limit": 50})
    assert response.json()["total"] == rows


def test_the_interview_start_offers_an_agent_to_the_disabled_persona(db):
    disabled = UserFactory(persona="disabled")
    response = api_as(disabled).post("/api/v1/ai-profiling/sessions", {}, format="json")
    assert response.status_code == 201, response.json()
    agent = Agent.objects.get(user=disabled)
    assert response.json()["ai_agent_id"] == str(agent.pk)
    # Started again, the same agent is offered.
    again = api_as(disabled).post("/api/v1/ai-profiling/sessions", {}, format="json")
    assert again.json()["ai_agent_id"] == str(agent.pk)
    other = UserFactory(persona="beginner")
    assert (
        api_as(other).post("/api/v1/ai-profiling/sessions", {}, format="json").json()["ai_agent_id"] is None
    )
    assert not Agent.objects.filter(user=other).exists()
