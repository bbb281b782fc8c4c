"""Staff can look at messaging in the admin; nothing there writes around the services."""

from __future__ import annotations

import pytest
from django.test import Client

from messaging import services
from messaging.models import NotificationType
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_see_threads_and_notifications_but_not_the_words(alice, bob):
    services.message_send(sender=alice, recipient_id=bob.pk, text="A private matter")
    services.notify(user=bob, type=NotificationType.GROUP_POST, title="New post")
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))

    for model in ("conversation", "message", "notification", "notificationdelivery", "notificationsettings"):
        response = admin.get(f"/admin/messaging/{model}/")
        assert response.status_code == 200, model
        assert b"A private matter" not in response.content
    assert b"New post" in admin.get("/admin/messaging/notification/").content
    assert admin.get("/admin/messaging/message/add/").status_code == 403
