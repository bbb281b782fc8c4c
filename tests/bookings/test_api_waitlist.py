"""The waitlist routes of issue 8: join, list, leave, and the offers (list, detail, accept,
decline), with API.md §0's errors and pages, and constant queries per list."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest

from bookings import services
from bookings.models import WaitlistEntry, WaitlistOffer
from tests.bookings.conftest import NOW, api_as
from tests.bookings.factories import (
    BOOKINGS_URL,
    WaitlistEntryFactory,
    WaitlistOfferFactory,
    at,
    booked,
    give_credits,
    slot_id_for,
)
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory, mentor_with_weekly_hours

ELEVEN = at(2, 11)
MINE = "/api/v1/waitlist/me"
OFFERS = "/api/v1/waitlist-offers"
_JOINED = itertools.count(1)


def _join_url(mentor) -> str:
    return f"/api/v1/mentors/{mentor.pk}/waitlist"


@pytest.fixture
def mentor(db, clock):
    # Open only on Wednesdays 10:00-12:00 UTC, and booked solid by two other learners.
    mentor = mentor_with_weekly_hours(days=[2], start=10, end=12, hourly_rate=Decimal("60.00"))
    mentor.day = [booked(UserFactory(timezone="UTC"), mentor, start) for start in (at(2, 10), ELEVEN)]
    return mentor


@pytest.fixture
def learner(db):
    return UserFactory(timezone="UTC")


@pytest.fixture
def client(learner):
    return api_as(learner)


def _join(client, mentor, **body):
    payload = {"start_date": "2027-03-03", "end_date": "2027-03-03", **body}
    response = client.post(_join_url(mentor), payload, format="json")
    if response.status_code == 201:
        # The clock is frozen: whoever joins next joined a second later (first come, first served).
        WaitlistEntry.objects.filter(pk=response.json()["id"]).update(
            created_at=NOW + timedelta(seconds=next(_JOINED))
        )
    return response


def _offer_made(mentor) -> WaitlistOffer:
    """The 11:00 session is cancelled and the matching job runs once."""
    services.booking_cancel(booking_id=mentor.day[1].pk, user=mentor.day[1].learner)
    return services.waitlist_match(mentor_id=mentor.pk)[0]


# --- joining --------------------------------------------------------------------------------------


def test_joining_returns_the_entry_in_the_learners_time_zone(client, mentor):
    response = _join(
        client,
        mentor,
        time_from="09:00",
        time_to="12:30",
        timezone="Europe/London",
        duration_minutes=60,
        note="Any hour that morning",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["mentor"]["id"] == str(mentor.pk)
    assert (body["start_date"], body["end_date"]) == ("2027-03-03", "2027-03-03")
    assert (body["time_from"], body["time_to"], body["timezone"]) == ("09:00:00", "12:30:00", "Europe/London")
    assert (body["duration_minutes"], body["status"], body["open_offer"]) == (60, "waiting", None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start_date": "2027-02-28"}, "start_date"),
        ({"start_date": "2027-03-05", "end_date": "2027-03-04"}, "end_date"),
        ({"time_from": "09:00"}, "time_to"),
        ({"time_from": "12:00", "time_to": "09:00"}, "time_to"),
        ({"duration_minutes": 50}, "duration_minutes"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"end_date": "2027-12-31"}, "end_date"),
        ({"start_date": "not a date"}, "start_date"),
    ],
    ids=[
        "past-start",
        "end-before-start",
        "half-window",
        "window-backwards",
        "duration",
        "zone",
        "too-far",
        "bad-date",
    ],
)
def test_a_waitlist_request_that_makes_no_sense_is_refused_naming_the_field(client, mentor, body, field):
    response = _join(client, mentor, **body)

    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert field in response.json()["details"]
    assert not WaitlistEntry.objects.exists()


def test_a_mentor_cannot_wait_for_their_own_time(mentor):
    response = _join(api_as(mentor.user), mentor)

    assert (response.status_code, response.json()["error"]) == (400, "VALIDATION_ERROR")


def test_waiting_for_an_unknown_or_unapproved_mentor_is_404(client, clock):
    assert _join(client, MentorFactory(status="draft")).status_code == 404
    unknown = client.post(
        "/api/v1/mentors/00000000-0000-0000-0000-000000000000/waitlist",
        {"start_date": "2027-03-03", "end_date": "2027-03-03"},
        format="json",
    )
    assert (unknown.status_code, unknown.json()["error"]) == (404, "NOT_FOUND")


def test_joining_the_same_wait_twice_is_a_conflict(client, mentor):
    assert _join(client, mentor).status_code == 201
    again = _join(client, mentor)

    assert (again.status_code, again.json()["error"]) == (409, "CONFLICT")


# --- my waitlist and leaving it -------------------------------------------------------------------


def test_my_waitlist_lists_only_my_entries_with_their_open_offer(client, learner, mentor, stranger_client):
    mine = _join(client, mentor).json()
    _join(stranger_client, mentor)
    offer = _offer_made(mentor)

    listed = client.get(MINE).json()

    assert (listed["total"], listed["page"], listed["pages"]) == (1, 1, 1)
    assert [item["id"] for item in listed["items"]] == [mine["id"]]
    assert listed["items"][0]["open_offer"] == {
        "id": str(offer.pk),
        "start_at": "2027-03-03T11:00:00Z",
        "end_at": "2027-03-03T12:00:00Z",
        "expires_at": "2027-03-01T08:30:00Z",
    }


def test_leaving_the_waitlist_is_204_then_409_and_someone_elses_entry_is_404(client, mentor, stranger_client):
    mine = _join(client, mentor).json()

    assert stranger_client.delete(f"/api/v1/waitlist/{mine['id']}").status_code == 404
    assert client.delete(f"/api/v1/waitlist/{mine['id']}").status_code == 204
    assert client.delete(f"/api/v1/waitlist/{mine['id']}").status_code == 409
    assert client.get(MINE).json()["total"] == 0
    assert client.get(MINE, {"status": "cancelled"}).json()["total"] == 1


def test_leaving_withdraws_my_open_offer(client, learner, mentor):
    mine = _join(client, mentor).json()
    offer = _offer_made(mentor)

    client.delete(f"/api/v1/waitlist/{mine['id']}")

    assert client.get(f"{OFFERS}/{offer.pk}").json()["status"] == "withdrawn"


# --- offers -------------------------------------------------------------------------------------


def test_an_offer_shows_in_my_offers_and_only_there(client, learner, mentor, stranger_client):
    _join(client, mentor)
    offer = _offer_made(mentor)

    listed = client.get(OFFERS, {"status": "open"}).json()
    detail = client.get(f"{OFFERS}/{offer.pk}")

    assert [item["id"] for item in listed["items"]] == [str(offer.pk)]
    assert detail.status_code == 200
    assert (detail.json()["start_at"], detail.json()["status"]) == ("2027-03-03T11:00:00Z", "open")
    assert detail.json()["mentor"]["id"] == str(mentor.pk)
    assert stranger_client.get(f"{OFFERS}/{offer.pk}").status_code == 404
    assert stranger_client.get(OFFERS).json()["total"] == 0
    assert client.get(OFFERS, {"status": "lost"}).status_code == 400


def test_the_offered_time_is_not_available_to_anyone_else(client, mentor, stranger_client):
    _join(client, mentor)
    _offer_made(mentor)

    slots = stranger_client.get(
        "/api/v1/slots", {"mentor_id": str(mentor.pk), "start_date": "2027-03-03", "end_date": "2027-03-03"}
    ).json()["items"]
    taken = stranger_client.post(BOOKINGS_URL, {"slot_id": slot_id_for(mentor, ELEVEN)}, format="json")

    assert [slot["start_at"] for slot in slots] == []
    assert (taken.status_code, taken.json()["error"]) == (409, "SLOT_NOT_AVAILABLE")


def test_accepting_an_offer_books_it_with_the_card_payment_embedded(client, learner, mentor):
    _join(client, mentor)
    offer = _offer_made(mentor)

    response = client.post(f"{OFFERS}/{offer.pk}/accept", {"topic": "Mock interview"}, format="json")

    assert response.status_code == 201, response.json()
    booking, payment = response.json()["booking"], response.json()["payment"]
    assert (booking["status"], booking["start_at"], booking["topic"]) == (
        "pending_payment",
        "2027-03-03T11:00:00Z",
        "Mock interview",
    )
    assert payment["client_secret"]
    assert payment["amount"] == {"amount": "60.00", "currency": "USD"}
    assert client.get(f"{OFFERS}/{offer.pk}").json()["booking_id"] == booking["id"]
    again = client.post(f"{OFFERS}/{offer.pk}/accept", {}, format="json")
    assert (again.status_code, again.json()["error"]) == (409, "CONFLICT")


def test_accepting_with_credits_confirms_at_once(client, learner, mentor):
    give_credits(learner, 2)
    _join(client, mentor)
    offer = _offer_made(mentor)

    response = client.post(f"{OFFERS}/{offer.pk}/accept", {"payment_method": "credits"}, format="json")

    assert response.status_code == 201
    assert response.json()["booking"]["status"] == "confirmed"
    assert response.json()["payment"] is None


def test_declining_an_offer_frees_the_time_and_someone_elses_offer_is_404(
    client, learner, mentor, stranger_client
):
    _join(client, mentor)
    offer = _offer_made(mentor)

    assert stranger_client.post(f"{OFFERS}/{offer.pk}/decline").status_code == 404
    assert stranger_client.post(f"{OFFERS}/{offer.pk}/accept", {}, format="json").status_code == 404
    declined = client.post(f"{OFFERS}/{offer.pk}/decline")

    assert (declined.status_code, declined.json()["status"]) == (200, "declined")
    assert client.post(f"{OFFERS}/{offer.pk}/decline").status_code == 409
    rebook = stranger_client.post(BOOKINGS_URL, {"slot_id": slot_id_for(mentor, ELEVEN)}, format="json")
    assert rebook.status_code == 201


# --- constant queries -----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [5, 50])
def test_my_waitlist_runs_a_constant_number_of_queries(django_assert_max_num_queries, clock, learner, rows):
    mentors = [MentorFactory() for _ in range(5)]
    for n in range(rows):
        entry = WaitlistEntryFactory(learner=learner, mentor=mentors[n % 5])
        if n % 2:
            WaitlistOfferFactory(entry=entry)
    client = api_as(learner)

    # The count, the page (mentor, user and service joined), the page's open offers.
    with django_assert_max_num_queries(3):
        body = client.get(MINE, {"limit": 50}).json()

    assert len(body["items"]) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_my_offers_run_a_constant_number_of_queries(django_assert_max_num_queries, clock, learner, rows):
    mentors = [MentorFactory() for _ in range(5)]
    for n in range(rows):
        WaitlistOfferFactory(entry=WaitlistEntryFactory(learner=learner, mentor=mentors[n % 5]))
    client = api_as(learner)

    # The count and the page (mentor and user joined).
    with django_assert_max_num_queries(2):
        body = client.get(OFFERS, {"limit": 50}).json()

    assert len(body["items"]) == rows
