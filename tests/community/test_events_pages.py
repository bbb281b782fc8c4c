"""The events pages: the list with location text and the near-me filter, an event with its
RSVP form (waitlist when full, enroll for a paid workshop) and .ics link; private groups' events
are 404 to strangers; descriptions are sanitized Markdown."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from community.models.events import EventRSVP
from community.services import events as services
from learning.models import OpportunityType
from tests.community.events_factories import a_group, an_event
from tests.factories import UserFactory
from tests.learning.factories import opportunity

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_list_shows_location_text_and_filters_near_a_place():
    berlin = an_event(is_online=False, title="Berlin meetup")
    online = an_event(title="Online webinar", type="webinar")
    page = _client().get("/community/events/")
    html = page.content.decode()

    assert page.status_code == 200
    assert "Impact Hub, Rudi-Dutschke-Str. 23, Berlin" in html
    assert online.title in html and berlin.title in html
    assert "data-near-me" in html and 'name="lat"' in html

    near = (
        _client()
        .get("/community/events/", {"lat": "52.52", "lng": "13.40", "radius_km": "10"})
        .content.decode()
    )
    assert berlin.title in near and online.title not in near
    assert "km away" in near
    far = (
        _client()
        .get("/community/events/", {"lat": "48.85", "lng": "2.35", "radius_km": "10"})
        .content.decode()
    )
    assert berlin.title not in far
    only_lat = _client().get("/community/events/", {"lat": "52.52"})
    assert "Give both latitude and longitude" in only_lat.content.decode()


def test_rsvp_from_the_event_page_then_the_waitlist_when_full():
    event = an_event(capacity=1)
    first, second = UserFactory(), UserFactory()
    url = f"/community/events/{event.pk}/"

    page = _client(first).get(url).content.decode()
    assert "The link is shown to people going" in page
    assert f"/community/events/{event.pk}/calendar.ics" in page
    response = _client(first).post(f"{url}rsvp/", {"status": "going"}, follow=True)
    assert "You&#x27;re going." in response.content.decode() or "You're going." in response.content.decode()
    assert "Join the event online" in response.content.decode()

    full = _client(second).get(url).content.decode()
    assert "put me on the waitlist" in full
    _client(second).post(f"{url}rsvp/", {"status": "going"})
    assert not EventRSVP.objects.filter(user=second).exists()
    _client(second).post(f"{url}rsvp/", {"status": "going", "join_waitlist": "1"})
    assert EventRSVP.objects.get(user=second).status == "waitlisted"
    assert "number 1" in _client(second).get(url).content.decode()


def test_a_paid_workshop_page_points_to_enrollment():
    workshop = opportunity(type=OpportunityType.WORKSHOP, price=Decimal("20.00"))
    event = an_event(type="workshop", opportunity=workshop)
    html = _client(UserFactory()).get(f"/community/events/{event.pk}/").content.decode()

    assert "join it by enrolling" in html
    assert f"/opportunities/{workshop.pk}/" in html


def test_private_group_event_pages_are_404_to_strangers():
    group = a_group(visibility="private")
    event = an_event(group=group)

    for client in (_client(), _client(UserFactory())):
        assert client.get(f"/community/events/{event.pk}/").status_code == 404
        assert client.get(f"/community/events/{event.pk}/calendar.ics").status_code == 404
        assert event.title not in client.get("/community/events/").content.decode()
    assert (
        _client(UserFactory()).post(f"/community/events/{event.pk}/rsvp/", {"status": "going"}).status_code
        == 404
    )


def test_the_description_is_sanitized_markdown():
    event = an_event(
        description='**Bold** <script>alert("x")</script> <img src=x onerror="alert(1)"> [link](javascript:alert(1))'
    )
    html = _client().get(f"/community/events/{event.pk}/").content.decode()

    assert "<strong>Bold</strong>" in html
    assert "<script>alert" not in html
    assert "onerror" not in html
    assert "javascript:alert" not in html


def test_a_cancelled_event_page_says_so_and_offers_no_answer():
    host = UserFactory(is_staff=True)
    event = an_event(host=host)
    services.event_cancel(event_id=event.pk, user=host, reason="The venue flooded")
    html = _client(UserFactory()).get(f"/community/events/{event.pk}/").content.decode()

    assert "This event is cancelled." in html and "The venue flooded" in html
    assert "Save my answer" not in html


def test_only_the_events_list_lets_the_page_ask_for_the_location():
    event = an_event()
    listing = _client().get("/community/events/")
    assert "geolocation=(self)" in listing["Permissions-Policy"]
    assert "camera=()" in listing["Permissions-Policy"]
    assert "geolocation=()" in _client().get(f"/community/events/{event.pk}/")["Permissions-Policy"]
