"""The events API (API.md §7): create with a place and its time zone, filters, the online link
only for people going, RSVP with capacity and a waitlist, private groups' events hidden, 400s
with field details, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models.events import Event, EventReminder, EventRSVP
from community.services import events as services
from messaging.models import Notification
from tests.community.events_factories import EVENTS_URL, a_group, an_event, join
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory

pytestmark = pytest.mark.django_db

LIST_QUERIES = 6


def _future(days: int = 7, hours: int = 0) -> str:
    return (timezone.now() + timedelta(days=days, hours=hours)).replace(microsecond=0).isoformat()


def _mentor():
    return MentorFactory().user


def test_a_mentor_creates_an_in_person_event_whose_time_zone_comes_from_its_coordinates():
    response = client_for(_mentor()).post(
        EVENTS_URL,
        {
            "type": "meetup",
            "title": "Data folks in Lisbon",
            "starts_at": _future(),
            "ends_at": _future(hours=2),
            "is_online": False,
            "venue": "LACS",
            "address": "Rua Cintura do Porto de Lisboa",
            "city": "Lisbon",
            "country": "pt",
            "latitude": 38.7053,
            "longitude": -9.1616,
            "capacity": 40,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["timezone"] == "Europe/Lisbon"
    assert body["location"]["city"] == "Lisbon"
    assert body["location"]["text"] == "LACS, Rua Cintura do Porto de Lisboa, Lisbon"
    assert (body["capacity"], body["attendee_count"], body["spots_left"]) == (40, 0, 40)
    assert body["online_url"] is None


def test_a_learner_cannot_create_an_event_but_a_group_moderator_can_for_the_group():
    learner = UserFactory()
    payload = {
        "type": "webinar",
        "title": "Ask me anything",
        "starts_at": _future(),
        "ends_at": _future(hours=1),
        "online_url": "https://meet.example.com/ama",
    }
    assert client_for(learner).post(EVENTS_URL, payload, format="json").status_code == 403

    group = a_group(owner=learner)
    response = client_for(learner).post(EVENTS_URL, {**payload, "group_id": str(group.pk)}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["group"]["id"] == str(group.pk)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"type": "party"}, "type"),
        ({"ends_at": _future(days=6)}, "ends_at"),
        ({"starts_at": _future(days=-1), "ends_at": _future(days=-1, hours=1)}, "starts_at"),
        ({"online_url": ""}, "online_url"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"is_online": False, "address": "Somewhere 1"}, "latitude"),
        ({"is_online": False, "latitude": 52.5, "longitude": 13.4}, "address"),
        ({"latitude": 91}, "latitude"),
        ({"capacity": 0}, "capacity"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"group_id": "00000000-0000-0000-0000-000000000000"}, "group_id"),
        ({"opportunity_id": "00000000-0000-0000-0000-000000000000", "type": "workshop"}, "opportunity_id"),
    ],
)
def test_bad_input_is_400_naming_the_field(changes, field):
    payload = {
        "type": "meetup",
        "title": "Meetup",
        "starts_at": _future(),
        "ends_at": _future(hours=2),
        "online_url": "https://meet.example.com/x",
        **changes,
    }
    response = client_for(_mentor()).post(EVENTS_URL, payload, format="json")

    assert response.status_code == 400, response.json()
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert field in response.json()["details"]
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"type": "party"}, "type"),
        ({"from": "2027-13-01"}, "from"),
        ({"from": "2027-03-02", "to": "2027-03-01"}, "to"),
        ({"online": "maybe"}, "online"),
        ({"lat": "52.5"}, "lng"),
        ({"lat": "52.5", "lng": "13.4", "radius_km": "500"}, "radius_km"),
    ],
)
def test_bad_filters_are_400_naming_the_parameter(query, field):
    response = client_for(None).get(EVENTS_URL, query)

    assert response.status_code == 400
    assert field in response.json()["details"]


def test_filters_by_type_online_dates_group_and_proximity():
    berlin = an_event(is_online=False, type="meetup", title="Berlin meetup")
    webinar = an_event(type="webinar", title="Webinar", starts_at=timezone.now() + timedelta(days=30))
    group = a_group()
    grouped = an_event(group=group, title="Group workshop", type="workshop")
    an_event(title="Cancelled", status="cancelled")
    client = client_for(None)

    def titles(**query):
        response = client.get(EVENTS_URL, query)
        assert response.status_code == 200, response.json()
        return [item["title"] for item in response.json()["items"]]

    assert set(titles()) == {berlin.title, webinar.title, grouped.title}
    assert titles(type="webinar") == [webinar.title]
    assert titles(type="webinar,workshop") == sorted(
        [grouped.title, webinar.title], key=[grouped.title, webinar.title].index
    )
    assert titles(online="false") == [berlin.title]
    assert titles(group_id=str(group.pk)) == [grouped.title]
    day = (timezone.now() + timedelta(days=30)).date().isoformat()
    assert titles(**{"from": day, "to": day}) == [webinar.title]
    # Potsdam is about 27 km from the venue; Hamburg about 255 km.
    near = client.get(EVENTS_URL, {"lat": 52.39, "lng": 13.06, "radius_km": 40}).json()["items"]
    assert [item["title"] for item in near] == [berlin.title]
    assert 20 < near[0]["distance_km"] < 30
    assert titles(lat=53.55, lng=9.99, radius_km=100) == []


def test_private_group_events_are_404_to_strangers_and_visible_to_members():
    owner = UserFactory()
    group = a_group(owner=owner, visibility="private")
    event = an_event(group=group, host=owner)
    stranger, member = UserFactory(), UserFactory()
    join(group, member)

    for client in (client_for(None), client_for(stranger)):
        assert client.get(f"{EVENTS_URL}/{event.pk}").status_code == 404
        assert client.get(f"{EVENTS_URL}/{event.pk}/ics").status_code == 404
        assert client.get(EVENTS_URL).json()["total"] == 0
    assert (
        client_for(stranger)
        .post(f"{EVENTS_URL}/{event.pk}/rsvp", {"status": "going"}, format="json")
        .status_code
        == 404
    )
    assert client_for(stranger).post(f"{EVENTS_URL}/{event.pk}/cancel", {}, format="json").status_code == 404
    assert (
        client_for(stranger).patch(f"{EVENTS_URL}/{event.pk}", {"title": "Mine"}, format="json").status_code
        == 404
    )

    assert client_for(member).get(f"{EVENTS_URL}/{event.pk}").status_code == 200
    assert client_for(member).get(EVENTS_URL).json()["total"] == 1


def test_the_online_link_is_shown_only_to_people_going():
    event = an_event(capacity=10)
    learner = UserFactory()
    client = client_for(learner)
    url = f"{EVENTS_URL}/{event.pk}"

    assert client.get(url).json()["online_url"] is None
    assert b"meet.example.com" not in client.get(f"{url}/ics").content
    assert (
        client.post(f"{url}/rsvp", {"status": "interested"}, format="json").json()["status"] == "interested"
    )
    assert client.get(url).json()["online_url"] is None

    response = client.post(f"{url}/rsvp", {"status": "going"}, format="json")
    assert response.status_code == 200
    assert response.json()["attendee_count"] == 1
    body = client.get(url).json()
    assert body["online_url"] == event.online_url
    assert body["rsvp_status"] == "going"
    assert b"meet.example.com" in client.get(f"{url}/ics").content
    assert client_for(UserFactory()).get(url).json()["online_url"] is None


def test_a_full_event_answers_409_or_waitlists_and_a_drop_out_promotes_the_first_waiting_once():
    event = an_event(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    url = f"{EVENTS_URL}/{event.pk}/rsvp"
    assert client_for(first).post(url, {"status": "going"}, format="json").json()["status"] == "going"

    full = client_for(second).post(url, {"status": "going"}, format="json")
    assert full.status_code == 409
    assert full.json()["error"] == "EVENT_FULL"
    assert full.json()["details"]["waitlist"] is True

    waiting = client_for(second).post(url, {"status": "going", "join_waitlist": True}, format="json").json()
    assert (waiting["status"], waiting["waitlist_position"]) == ("waitlisted", 1)
    third_waiting = (
        client_for(third).post(url, {"status": "going", "join_waitlist": True}, format="json").json()
    )
    assert third_waiting["waitlist_position"] == 2

    left = client_for(first).post(url, {"status": "not_going"}, format="json").json()
    assert left["status"] == "not_going"
    statuses = dict(EventRSVP.objects.filter(event=event).values_list("user_id", "status"))
    assert statuses == {first.pk: "not_going", second.pk: "going", third.pk: "waitlisted"}
    promoted = Notification.objects.filter(type="event_waitlist_promoted")
    assert list(promoted.values_list("user_id", flat=True)) == [second.pk]
    assert EventReminder.objects.filter(event=event, recipient=second, status="planned").exists()
    assert not EventReminder.objects.filter(event=event, recipient=first, status="planned").exists()

    # Answering not_going again promotes nobody twice, and the same person is told once.
    client_for(first).post(url, {"status": "not_going"}, format="json")
    assert Notification.objects.filter(type="event_waitlist_promoted").count() == 1
    assert client_for(third).get(f"{EVENTS_URL}/{event.pk}").json()["waitlist_position"] == 1


def test_more_places_promote_people_waiting():
    host = _mentor()
    event = an_event(capacity=1, host=host)
    services.rsvp_set(event_id=event.pk, user=UserFactory(), status="going")
    waiting = [UserFactory(), UserFactory()]
    for user in waiting:
        services.rsvp_set(event_id=event.pk, user=user, status="going", join_waitlist=True)

    response = client_for(host).patch(f"{EVENTS_URL}/{event.pk}", {"capacity": 3}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["attendee_count"] == 3
    assert Notification.objects.filter(type="event_waitlist_promoted").count() == 2
    lower = client_for(host).patch(f"{EVENTS_URL}/{event.pk}", {"capacity": 2}, format="json")
    assert lower.status_code == 400 and "capacity" in lower.json()["details"]


def test_cancelling_notifies_everyone_going_and_closes_answers():
    host = _mentor()
    event = an_event(capacity=5, host=host)
    going = [UserFactory(), UserFactory()]
    for user in going:
        services.rsvp_set(event_id=event.pk, user=user, status="going")
    services.rsvp_set(event_id=event.pk, user=UserFactory(), status="interested")

    assert (
        client_for(UserFactory()).post(f"{EVENTS_URL}/{event.pk}/cancel", {}, format="json").status_code
        == 404
    )
    response = client_for(host).post(
        f"{EVENTS_URL}/{event.pk}/cancel", {"reason": "Venue closed"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    told = Notification.objects.filter(type="event_cancelled")
    assert sorted(told.values_list("user_id", flat=True)) == sorted(u.pk for u in going)
    assert set(EventReminder.objects.filter(event=event).values_list("status", flat=True)) == {"cancelled"}
    again = client_for(going[0]).post(f"{EVENTS_URL}/{event.pk}/rsvp", {"status": "going"}, format="json")
    assert again.status_code == 409
    assert client_for(host).post(f"{EVENTS_URL}/{event.pk}/cancel", {}, format="json").status_code == 409


def test_only_the_host_the_group_moderators_and_staff_edit():
    owner = UserFactory()
    group = a_group(owner=owner)
    moderator = UserFactory()
    join(group, moderator, role="moderator")
    event = an_event(group=group, host=_mentor())
    member = UserFactory()
    join(group, member)

    assert (
        client_for(member).patch(f"{EVENTS_URL}/{event.pk}", {"title": "x"}, format="json").status_code == 404
    )
    response = client_for(moderator).patch(f"{EVENTS_URL}/{event.pk}", {"title": "Renamed"}, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "Renamed"
    staff = UserFactory(is_staff=True)
    assert (
        client_for(staff).patch(f"{EVENTS_URL}/{event.pk}", {"title": "Staff"}, format="json").status_code
        == 200
    )


def test_rsvp_needs_sign_in_and_a_valid_status():
    event = an_event()
    assert (
        client_for(None).post(f"{EVENTS_URL}/{event.pk}/rsvp", {"status": "going"}, format="json").status_code
        == 401
    )
    bad = client_for(UserFactory()).post(
        f"{EVENTS_URL}/{event.pk}/rsvp", {"status": "waitlisted"}, format="json"
    )
    assert bad.status_code == 400 and "status" in bad.json()["details"]


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_runs_a_constant_number_of_queries(rows, django_assert_max_num_queries):
    group = a_group()
    viewer = UserFactory()
    join(group, viewer)
    for n in range(rows):
        event = an_event(group=group if n % 2 else None, is_online=bool(n % 3), capacity=10)
        if n % 4 == 0:
            services.rsvp_set(event_id=event.pk, user=viewer, status="going")
    client = client_for(viewer)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(EVENTS_URL, {"limit": 50})

    assert response.json()["total"] == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_the_proximity_list_runs_a_constant_number_of_queries(rows, django_assert_max_num_queries):
    for _ in range(rows):
        an_event(is_online=False)
    client = client_for(None)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(EVENTS_URL, {"limit": 50, "lat": 52.5, "lng": 13.4, "radius_km": 10})

    assert response.json()["total"] == rows
