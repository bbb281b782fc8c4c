"""POST /agents/me/respond-message: a draft from the message and the calendar; sent, flagged
ai_generated, only when allowed and asked."""

from __future__ import annotations

import pytest

from assistant.models import AgentAction
from messaging.models import Message
from messaging.services import message_send
from tests.assistant.conftest import api_as
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/agents/me/respond-message"


def test_asked_when_to_meet_it_proposes_the_mentors_free_times(clock, agent, client, dana, learner):
    asked = message_send(sender=dana.user, recipient_id=learner.pk, text="When can we meet next?")
    response = client.post(URL, {"message_id": str(asked.pk), "auto_respond": True}, format="json")
    assert response.status_code == 200
    body = response.json()
    # Auto-replies are off: only a draft, nothing sent.
    assert body["sent"] is False and body["message"] is None
    assert body["draft_text"].startswith("Hi Dana, I could meet Wednesday 3 March at 10 am; Thursday 4 March")
    assert Message.objects.count() == 1
    assert AgentAction.objects.get().action_type == "drafted_message"


def test_sent_only_with_the_setting_and_auto_respond(clock, agent, client, dana, learner):
    agent.auto_respond_messages = True
    agent.save()
    asked = message_send(sender=dana.user, recipient_id=learner.pk, text="Thanks for today!")
    draft = client.post(URL, {"message_id": str(asked.pk), "auto_respond": False}, format="json").json()
    assert draft["sent"] is False
    sent = client.post(URL, {"message_id": str(asked.pk), "auto_respond": True}, format="json").json()
    assert sent["sent"] is True
    assert sent["message"]["ai_generated"] is True
    assert sent["message"]["text"] == "Thank you, Dana! Talk soon."
    # The mentor sees it flagged in the thread.
    thread = api_as(dana.user).get(f"/api/v1/conversations/{asked.conversation_id}/messages").json()
    assert any(item["ai_generated"] for item in thread["items"])


def test_someone_elses_message_is_404_and_logged(clock, agent, client, dana):
    theirs = message_send(sender=dana.user, recipient_id=UserFactory().pk, text="Private")
    response = client.post(URL, {"message_id": str(theirs.pk), "auto_respond": True}, format="json")
    assert response.status_code == 404
    failed = AgentAction.objects.get()
    assert (failed.success, failed.error) == (False, "NOT_FOUND")
    # Your own sent message is not one to answer either.
    mine = message_send(sender=agent.user, recipient_id=dana.user.pk, text="Hello")
    assert client.post(URL, {"message_id": str(mine.pk)}, format="json").status_code == 404
