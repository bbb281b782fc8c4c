"""The events admin: cancelling is an action that calls the service (everyone going is told,
staff's act is audited); RSVPs and reminders are read-only; every events page opens."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEntry
from community.models.events import EventRSVP
from community.services import events as services
from messaging.models import Notification
from tests.community.events_factories import an_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_browser(db):
    browser = Client()
    browser.force_login(UserFactory(is_staff=True, is_superuser=True))
    return browser


def test_the_cancel_action_goes_through_the_service(staff_browser):
    event = an_event(capacity=5)
    attendee = UserFactory()
    services.rsvp_set(event_id=event.pk, user=attendee, status="going")

    staff_browser.post(
        reverse("admin:community_event_changelist"),
        {"action": "cancel", "_selected_action": [str(event.pk)]},
        follow=True,
    )

    event.refresh_from_db()
    assert event.status == "cancelled"
    assert Notification.objects.filter(user=attendee, type="event_cancelled").count() == 1
    assert AuditEntry.objects.filter(action="community.event_cancelled").count() == 1


def test_rsvps_are_read_only_and_every_events_admin_page_opens(staff_browser):
    event = an_event()
    services.rsvp_set(event_id=event.pk, user=UserFactory(), status="going")
    rsvp = EventRSVP.objects.get()

    for name in ("event", "eventrsvp", "eventreminder"):
        assert staff_browser.get(reverse(f"admin:community_{name}_changelist")).status_code == 200
    assert staff_browser.get(reverse("admin:community_event_change", args=[event.pk])).status_code == 200
    page = staff_browser.get(reverse("admin:community_eventrsvp_change", args=[rsvp.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert staff_browser.get(reverse("admin:community_eventrsvp_add")).status_code == 403
