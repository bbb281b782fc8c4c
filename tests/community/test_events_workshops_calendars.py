"""A paid workshop is joined by enrolling (a confirmed enrollment counts as going); an event's
.ics file; the events people go to in their calendar feed (bookings' feed, community's entries)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import icalendar
import pytest
from django.test import Client

from community.services import events as services
from learning.models import OpportunityType
from learning.services.enrollment import enrollment_cancel, enrollment_mark_paid
from tests.community.events_factories import EVENTS_URL, an_event
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.learning.factories import opportunity

pytestmark = pytest.mark.django_db


def _enroll(user, workshop):
    from learning.services.enrollment import enrollment_create

    return enrollment_create(user=user, opportunity_id=workshop.pk).enrollment


def test_a_paid_workshop_is_joined_by_enrolling_and_the_confirmed_enrollment_counts_as_going():
    workshop = opportunity(type=OpportunityType.WORKSHOP, price=Decimal("35.00"), capacity=10)
    staff = UserFactory(is_staff=True)
    early = UserFactory()
    enrollment_mark_paid(enrollment_id=_enroll(early, workshop).pk, method="card")
    response = client_for(staff).post(
        EVENTS_URL,
        {
            "type": "workshop",
            "title": "Portfolio review",
            "starts_at": workshop.starts_at.isoformat(),
            "ends_at": (workshop.starts_at + timedelta(hours=2)).isoformat(),
            "online_url": "https://meet.example.com/portfolio",
            "opportunity_id": str(workshop.pk),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    event_id = response.json()["id"]
    assert response.json()["opportunity_id"] == str(workshop.pk)
    # Who enrolled before the event existed is going already.
    assert response.json()["attendee_count"] == 1

    learner = UserFactory()
    refused = client_for(learner).post(f"{EVENTS_URL}/{event_id}/rsvp", {"status": "going"}, format="json")
    assert refused.status_code == 409
    assert refused.json()["error"] == "ENROLLMENT_REQUIRED"
    assert refused.json()["details"]["enroll_url"] == f"/api/v1/opportunities/{workshop.pk}/enroll"

    enrollment = _enroll(learner, workshop)
    assert client_for(learner).get(f"{EVENTS_URL}/{event_id}").json()["rsvp_status"] is None
    enrollment_mark_paid(enrollment_id=enrollment.pk, method="card")
    body = client_for(learner).get(f"{EVENTS_URL}/{event_id}").json()
    assert (body["rsvp_status"], body["attendee_count"]) == ("going", 2)
    assert body["online_url"] == "https://meet.example.com/portfolio"

    # Leaving the workshop is cancelling the enrollment: then it no longer counts.
    enrollment_cancel(enrollment_id=enrollment.pk, user=learner)
    body = client_for(learner).get(f"{EVENTS_URL}/{event_id}").json()
    assert (body["attendee_count"], body["online_url"]) == (1, None)


def test_the_ics_file_describes_the_event_and_moves_with_it():
    host = UserFactory(is_staff=True)
    event = an_event(is_online=False, host=host, title="Berlin meetup")
    first = icalendar.Calendar.from_ical(client_for(None).get(f"{EVENTS_URL}/{event.pk}/ics").content)
    (entry,) = first.walk("VEVENT")
    assert str(entry["summary"]) == "Berlin meetup"
    assert "Impact Hub" in str(entry["location"])
    assert entry["dtstart"].dt == event.starts_at

    later = event.starts_at + timedelta(days=30)
    services.event_update(
        event_id=event.pk, user=host, data={"starts_at": later, "ends_at": later + timedelta(hours=1)}
    )
    page = Client().get(f"/community/events/{event.pk}/calendar.ics")
    (moved,) = icalendar.Calendar.from_ical(page.content).walk("VEVENT")
    assert page["Content-Type"] == "text/calendar; charset=utf-8"
    assert moved["dtstart"].dt == later
    assert int(moved["sequence"]) > int(entry["sequence"])


def test_events_you_go_to_are_in_your_calendar_feed():
    learner = UserFactory()
    going = an_event(title="Going to this")
    services.rsvp_set(event_id=going.pk, user=learner, status="going")
    services.rsvp_set(event_id=an_event(title="Interested").pk, user=learner, status="interested")
    client = client_for(learner)
    feed_url = client.post("/api/v1/calendar-feed").json()["url"]

    feed = Client().get(urlsplit(feed_url).path)
    summaries = [str(e["summary"]) for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")]

    assert summaries == ["Going to this"]
    assert b"meet.example.com" in feed.content


def test_a_paid_workshop_stays_a_workshop_with_the_opportunitys_seats():
    staff = UserFactory(is_staff=True)
    workshop = opportunity(type=OpportunityType.WORKSHOP, price=Decimal("35.00"), capacity=8)
    event = an_event(type="workshop", opportunity=workshop, host=staff, capacity=8)

    for change, field in (({"type": "meetup"}, "type"), ({"capacity": 50}, "capacity")):
        response = client_for(staff).patch(f"{EVENTS_URL}/{event.pk}", change, format="json")
        assert response.status_code == 400, response.json()
        assert field in response.json()["details"]
