"""Receipts of card-paid bookings, the .ics file of a booking, and the personal calendar feed
(create, rotate, revoke, and the public feed URL a calendar app subscribes to)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import icalendar
import pytest
from django.test import Client

from bookings import services
from tests.api_client import APIClient
from tests.bookings.conftest import api_as
from tests.bookings.factories import (
    BOOKINGS_URL,
    api_book,
    at,
    bookable_mentor,
    booked,
    give_credits,
    iso,
)
from tests.factories import UserFactory
from tests.mentors.factories import ServiceFactory

pytestmark = pytest.mark.django_db

FEED = "/api/v1/calendar-feed"


def _url(booking, action: str) -> str:
    return f"{BOOKINGS_URL}/{booking.pk}/{action}"


def _events(body: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(body)
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def _path(url: str) -> str:
    return urlsplit(url).path


def _usd(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "USD"}


# --- receipts ------------------------------------------------------------------------------------


def test_the_learner_gets_a_receipt_with_price_and_platform_fee(clock, mentor_profile, learner_user):
    service = ServiceFactory(mentor=mentor_profile, price=Decimal("75.00"), title="Mock interview")
    booking = booked(learner_user, mentor_profile, at(2, 10), service_id=str(service.pk))

    response = api_as(learner_user).get(_url(booking, "receipt"))

    assert response.status_code == 200
    receipt = response.json()
    assert receipt["receipt_number"].startswith("MNT-20270301-")
    assert receipt["paid_at"] == iso(at(0, 8))
    assert receipt["currency"] == "USD"
    lines = {line["kind"]: line["amount"] for line in receipt["lines"]}
    assert lines == {"price": _usd("75.00"), "platform_fee": _usd("11.25")}
    assert (receipt["total_paid"], receipt["total_refunded"], receipt["net"]) == (
        _usd("75.00"),
        _usd("0.00"),
        _usd("75.00"),
    )
    assert urlsplit(receipt["invoice_url"]).scheme == "http" and receipt["invoice_url"] != receipt["pdf_url"]
    # The PDF is a page of the site: the signed-in learner downloads it.
    browser = Client()
    browser.force_login(learner_user)
    pdf = browser.get(_path(receipt["pdf_url"]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_a_refund_shows_on_the_receipt(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))
    api_as(learner_user).post(_url(booking, "cancel"))

    receipt = api_as(learner_user).get(_url(booking, "receipt")).json()

    kinds = [(line["kind"], line["amount"]) for line in receipt["lines"]]
    assert kinds == [("price", _usd("60.00")), ("platform_fee", _usd("9.00")), ("refund", _usd("-60.00"))]
    assert (receipt["total_refunded"], receipt["net"]) == (_usd("60.00"), _usd("0.00"))


def test_there_is_no_receipt_before_payment(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10), pay_now=False)

    response = api_as(learner_user).get(_url(booking, "receipt"))

    assert response.status_code == 404
    assert response.json()["error"] == "NOT_FOUND"


def test_a_credit_booking_has_no_card_receipt(clock, mentor_profile, learner_user):
    give_credits(learner_user, 2)
    booking = booked(learner_user, mentor_profile, at(2, 10), method="credits")

    assert api_as(learner_user).get(_url(booking, "receipt")).status_code == 404


def test_the_receipt_belongs_to_the_learner_not_the_mentor(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))

    assert api_as(mentor_profile.user).get(_url(booking, "receipt")).status_code == 404
    assert api_as(UserFactory(is_staff=True)).get(_url(booking, "receipt")).status_code == 200


# --- .ics ----------------------------------------------------------------------------------------


def test_the_ics_file_is_a_valid_calendar_event_in_utc(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10), topic="Career plan")

    response = api_as(learner_user).get(_url(booking, "ics"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    (event,) = _events(response.content)
    assert event.decoded("dtstart") == at(2, 10)
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert event.decoded("dtend") == at(2, 11)
    assert b"DTSTART:20270303T100000Z" in response.content
    assert str(event["summary"]) == f"Career plan with {mentor_profile.user.display_name}"
    assert str(event["status"]) == "CONFIRMED"
    assert int(event["sequence"]) == 0
    mentor_view = _events(api_as(mentor_profile.user).get(_url(booking, "ics")).content)[0]
    assert str(mentor_view["summary"]) == f"Career plan with {learner_user.display_name}"
    assert str(mentor_view["uid"]) == str(event["uid"])


def test_rescheduling_raises_the_ics_sequence_and_moves_the_event(clock, mentor_profile, learner_user):
    booking = booked(learner_user, mentor_profile, at(2, 10))
    before = _events(api_as(learner_user).get(_url(booking, "ics")).content)[0]

    api_as(learner_user).post(_url(booking, "reschedule"), {"new_start_at": iso(at(3, 15))}, format="json")
    after = _events(api_as(learner_user).get(_url(booking, "ics")).content)[0]

    assert int(after["sequence"]) == int(before["sequence"]) + 1
    assert str(after["uid"]) == str(before["uid"])
    assert after.decoded("dtstart") == at(3, 15)


# --- the calendar feed ---------------------------------------------------------------------------


def test_a_feed_is_created_shown_rotated_and_revoked(clock, learner_user):
    client, public = api_as(learner_user), APIClient()
    assert client.get(FEED).status_code == 404

    created = client.post(FEED)
    assert created.status_code == 201
    first = created.json()["url"]
    assert first.startswith("http://testserver/calendar/feed/") and first.endswith(".ics")
    assert client.get(FEED).json()["url"] == first
    assert public.get(_path(first)).status_code == 200

    rotated = client.post(FEED).json()["url"]
    assert rotated != first
    assert public.get(_path(first)).status_code == 404
    assert public.get(_path(rotated)).status_code == 200
    assert client.get(FEED).json()["url"] == rotated

    assert client.delete(FEED).status_code == 204
    assert public.get(_path(rotated)).status_code == 404
    assert client.get(FEED).status_code == 404
    assert client.delete(FEED).status_code == 404


def test_the_feed_lists_sessions_as_learner_and_as_mentor_with_cancelled_ones_marked(clock, learner_user):
    # The learner is also a mentor: the feed has both sides of their calendar.
    own_profile = bookable_mentor(user=learner_user)
    their_mentor = bookable_mentor()
    as_learner = booked(learner_user, their_mentor, at(2, 10), topic="Learning Go")
    as_mentor = booked(UserFactory(), own_profile, at(2, 14), topic="Teaching SQL")
    dropped = booked(learner_user, their_mentor, at(3, 10), topic="Dropped")
    api_as(learner_user).post(_url(dropped, "cancel"))
    booked(UserFactory(), their_mentor, at(4, 10), topic="Somebody else's")
    url = api_as(learner_user).post(FEED).json()["url"]

    response = APIClient().get(_path(url))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = {str(e["summary"]).split(" with ")[0]: e for e in _events(response.content)}
    assert set(events) == {"Learning Go", "Teaching SQL", "Dropped"}
    assert str(events["Learning Go"]["status"]) == "CONFIRMED"
    assert str(events["Teaching SQL"]["status"]) == "CONFIRMED"
    assert str(events["Dropped"]["status"]) == "CANCELLED"
    assert events["Teaching SQL"].decoded("dtstart") == at(2, 14)
    assert {str(e["uid"]) for e in events.values()} == {
        f"booking-{b.pk}@mentora" for b in (as_learner, as_mentor, dropped)
    }


def test_a_feed_url_needs_no_sign_in_but_a_valid_token(clock, learner_user):
    booked(learner_user, bookable_mentor(), at(2, 10))
    token = services.calendar_token_create(user=learner_user)

    assert APIClient().get(f"/calendar/feed/{token.token}.ics").status_code == 200
    assert APIClient().get(f"/calendar/feed/{token.token[:-2]}xx.ics").status_code == 404


def test_a_pending_request_is_tentative_in_the_feed(clock, mentor_profile, learner_user):
    mentor_profile.schedule.auto_confirm = False
    mentor_profile.schedule.save()
    api_book(api_as(learner_user), mentor_profile, at(2, 10), topic="Asked")
    url = api_as(learner_user).post(FEED).json()["url"]

    (event,) = _events(APIClient().get(_path(url)).content)

    assert str(event["status"]) == "TENTATIVE"
