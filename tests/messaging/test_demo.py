"""seed_demo grows conversations between the demo users and some unread notifications, once."""

from __future__ import annotations

import io

import pytest

from accounts import demo as accounts_demo
from messaging import demo as messaging_demo
from messaging.models import Conversation, Message, Notification

pytestmark = pytest.mark.django_db


def test_demo_data_is_loaded_once_however_often_it_runs():
    for _ in range(2):
        accounts_demo.seed(io.StringIO())
        messaging_demo.seed(io.StringIO())

    assert Conversation.objects.count() == 2
    assert Message.objects.count() == 4
    learner_inbox = Notification.objects.filter(user__email="learner@mentora.local", is_read=False)
    assert learner_inbox.count() >= 2
    assert Notification.objects.filter(dedupe_key__startswith="demo:").count() == 3
