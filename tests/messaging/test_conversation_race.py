"""Two people writing to each other for the first time at the same instant share one thread."""

from __future__ import annotations

import pytest

from messaging import services
from messaging.models import Conversation, Message
from tests.concurrency import run_together
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_messages_create_one_conversation():
    alice, bob = UserFactory(), UserFactory()
    pairs = [(alice, bob), (bob, alice)] * 4

    def first_message(pair):
        sender, recipient = pair
        return services.message_send(sender=sender, recipient_id=recipient.pk, text="hi").conversation_id

    conversation_ids = run_together(first_message, pairs)

    assert len(set(conversation_ids)) == 1, conversation_ids
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 8
