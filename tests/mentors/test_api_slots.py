"""GET /slots and GET /mentors/{id}/calendar: computed free time, shown in the viewer's zone."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from mentors import services, slot_cache
from mentors.models import BusyInterval, BusySource, MentorStatus
from mentors.slots import decode_slot_id
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.mentors.factories import (
    CalendarFeedFactory,
    MentorFactory,
    ServiceFactory,
    mentor_with_weekly_hours,
)

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # a Monday
MONDAY_10 = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True, params=["computed", "kept"])
def slot_lists(request, settings, monkeypatch):
    """Every test here runs twice: with slots computed on each request, and with the lists kept
    in the cache (mentors.slot_cache, as on Redis), each change forgetting them as it lands
    (a test's writes never commit: here they count as committed when made)."""
    if request.param == "kept":
        settings.MENTORS_SLOT_CACHE_SECONDS = 60
        monkeypatch.setattr(slot_cache, "forget_on_commit", slot_cache.forget)
    return request.param


def slots(client, **params):
    response = client.get("/api/v1/slots", params)
    assert response.status_code == 200, response.json()
    return response.json()


def test_slots_are_listed_in_utc_with_mentor_price_and_an_opaque_id(anon_client):
    mentor = mentor_with_weekly_hours(days=[0], hourly_rate=Decimal("60.00"), user__full_name="Ada Lovelace")
    body = slots(anon_client, mentor_id=mentor.pk, start_date="2027-01-04", end_date="2027-01-04")
    assert body["total"] == 8 and body["timezone"] == "UTC"
    first = body["items"][0]
    assert first["mentor"] == {"id": str(mentor.pk), "name": "Ada Lovelace"}
    assert (first["start_at"], first["end_at"]) == ("2027-01-04T09:00:00Z", "2027-01-04T10:00:00Z")
    assert first["duration_minutes"] == 60 and first["status"] == "available"
    assert first["price"] == {"amount": "60.00", "currency": "USD"}
    assert decode_slot_id(first["id"]) == (mentor.pk, datetime(2027, 1, 4, 9, tzinfo=UTC), 60)


def test_the_timezone_only_changes_how_times_are_shown(anon_client):
    mentor = mentor_with_weekly_hours(days=[0])
    utc = slots(anon_client, mentor_id=mentor.pk, start_date="2027-01-04", end_date="2027-01-04")
    tokyo = slots(
        anon_client,
        mentor_id=mentor.pk,
        start_date="2027-01-04",
        end_date="2027-01-05",
        timezone="Asia/Tokyo",
    )
    # Tokyo's 4-5 January covers 3 Jan 15:00 UTC to 5 Jan 15:00 UTC: the same eight Monday slots.
    assert [s["start_at"] for s in tokyo["items"]] == [s["start_at"] for s in utc["items"]]
    assert tokyo["timezone"] == "Asia/Tokyo"
    assert tokyo["items"][0]["start_local"] == "2027-01-04T18:00:00+09:00"


def test_a_signed_in_callers_own_zone_is_the_default(anon_client):
    mentor = mentor_with_weekly_hours(days=[0])
    viewer = UserFactory(timezone="America/New_York")
    body = slots(client_for(viewer), mentor_id=mentor.pk, start_date="2027-01-04", end_date="2027-01-04")
    assert body["timezone"] == "America/New_York"
    assert body["items"][0]["start_local"] == "2027-01-04T04:00:00-05:00"


def test_a_booking_removes_exactly_its_slot(anon_client):
    mentor = mentor_with_weekly_hours(days=[0])
    services.slot_reserve(mentor=mentor, start_at=MONDAY_10, duration_minutes=60, reference="b1")
    body = slots(anon_client, mentor_id=mentor.pk, start_date="2027-01-04", end_date="2027-01-04")
    assert [s["start_at"][11:16] for s in body["items"]] == [
        "09:00",
        "11:00",
        "12:00",
        "13:00",
        "14:00",
        "15:00",
        "16:00",
    ]


def test_a_service_sets_the_length_and_the_price(anon_client):
    mentor = mentor_with_weekly_hours(days=[0])
    service = ServiceFactory(mentor=mentor, duration_minutes=90, price=Decimal("99.00"))
    body = slots(
        anon_client,
        mentor_id=mentor.pk,
        service_id=service.pk,
        start_date="2027-01-04",
        end_date="2027-01-04",
    )
    assert {s["duration_minutes"] for s in body["items"]} == {90}
    assert body["items"][0]["price"] == {"amount": "99.00", "currency": "USD"}
    # 90 free minutes, stepping by the rule's hour: 09:00 ... 15:00 (15:00-16:30 still fits before 17:00)
    assert body["total"] == 7


def test_a_duration_prices_the_hourly_rate_pro_rata(anon_client):
    mentor = mentor_with_weekly_hours(days=[0], hourly_rate=Decimal("60.00"))
    body = slots(
        anon_client, mentor_id=mentor.pk, duration_minutes=45, start_date="2027-01-04", end_date="2027-01-04"
    )
    assert body["items"][0]["duration_minutes"] == 45
    assert body["items"][0]["price"] == {"amount": "45.00", "currency": "USD"}


def test_without_dates_the_next_four_weeks_are_listed(anon_client):
    mentor = mentor_with_weekly_hours(days=[0])
    body = slots(anon_client, mentor_id=mentor.pk, limit=100)
    assert body["total"] == 4 * 8
    assert body["items"][-1]["start_at"] == "2027-01-25T16:00:00Z"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "mentor_id"),
        ({"mentor_id": "nope"}, "mentor_id"),
        ({"duration_minutes": 50}, "duration_minutes"),
        ({"start_date": "2027-02-01", "end_date": "2027-01-01"}, "end_date"),
        ({"start_date": "2027-01-01", "end_date": "2027-12-31"}, "end_date"),
        ({"end_date": "2027-12-31"}, "end_date"),
        ({"end_date": "2026-12-31"}, "end_date"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"start_date": "04/01/2027"}, "start_date"),
    ],
)
def test_bad_slot_queries_are_a_400_naming_the_field(anon_client, params, field):
    mentor = mentor_with_weekly_hours(days=[0])
    response = anon_client.get("/api/v1/slots", {"mentor_id": str(mentor.pk), **params} if params else {})
    assert response.status_code == 400
    assert field in response.json()["details"]


def test_a_duration_that_contradicts_the_service_is_refused(anon_client):
    mentor = mentor_with_weekly_hours(days=[0])
    service = ServiceFactory(mentor=mentor, duration_minutes=60)
    response = anon_client.get(
        "/api/v1/slots", {"mentor_id": mentor.pk, "service_id": service.pk, "duration_minutes": 30}
    )
    assert response.status_code == 400
    assert "duration_minutes" in response.json()["details"]


def test_another_mentors_service_is_not_found(anon_client):
    mentor = mentor_with_weekly_hours(days=[0])
    foreign = ServiceFactory(mentor=mentor_with_weekly_hours(days=[0]))
    response = anon_client.get("/api/v1/slots", {"mentor_id": mentor.pk, "service_id": foreign.pk})
    assert response.status_code == 404


def test_a_mentor_who_is_not_bookable_has_no_slots(anon_client):
    mentor = mentor_with_weekly_hours(days=[0], status=MentorStatus.PENDING_APPROVAL)
    assert anon_client.get("/api/v1/slots", {"mentor_id": mentor.pk}).status_code == 404


@pytest.mark.parametrize("bookings", [0, 40])
@pytest.mark.parametrize("with_service", [False, True])
def test_four_weeks_of_slots_take_at_most_three_queries(
    anon_client, django_assert_max_num_queries, bookings, with_service
):
    mentor = mentor_with_weekly_hours()
    service = ServiceFactory(mentor=mentor)
    for n in range(bookings):
        start = MONDAY_10 + timedelta(days=n // 2, hours=n % 2 * 3)
        BusyInterval.objects.create(
            mentor=mentor, start_at=start, end_at=start + timedelta(hours=1), source=BusySource.BOOKING
        )
    params = {"mentor_id": mentor.pk, "start_date": "2027-01-04", "end_date": "2027-01-31"}
    if with_service:
        params["service_id"] = service.pk
    with django_assert_max_num_queries(3) as queries:
        response = anon_client.get("/api/v1/slots", params)
    assert response.json()["total"] == 28 * 8 - bookings
    # The mentor is read for its name, rate and schedule: not the profile's or account's long
    # texts (building those rows cost more than computing four weeks of slots).
    mentor_read = next(q["sql"] for q in queries.captured_queries if "mentors_mentorprofile" in q["sql"])
    assert '"bio"' not in mentor_read and '"password"' not in mentor_read


# --- calendar --------------------------------------------------------------------------------------------


def test_the_calendar_groups_a_month_by_the_viewers_local_date(anon_client):
    mentor = mentor_with_weekly_hours(
        tz="Europe/Berlin", days=[0], start=9, end=11, hourly_rate=Decimal("80.00")
    )
    body = anon_client.get(
        f"/api/v1/mentors/{mentor.pk}/calendar", {"month": "2027-01", "timezone": "America/Los_Angeles"}
    ).json()
    assert body["mentor"]["id"] == str(mentor.pk)
    assert body["timezone"] == "America/Los_Angeles" and body["month"] == "2027-01"
    # Mondays 09:00 and 10:00 Berlin = 00:00 and 01:00 Los Angeles: still Monday there.
    assert sorted(body["days"]) == ["2027-01-04", "2027-01-11", "2027-01-18", "2027-01-25"]
    monday = body["days"]["2027-01-04"]
    assert [(s["start_time"], s["end_time"]) for s in monday] == [("00:00", "01:00"), ("01:00", "02:00")]
    assert monday[0]["start_at"] == "2027-01-04T08:00:00Z"
    assert monday[0]["status"] == "available" and monday[0]["booking_id"] is None
    assert monday[0]["price"] == {"amount": "80.00", "currency": "USD"}


def test_the_calendar_shows_taken_and_blocked_time_and_only_the_owner_sees_the_booking():
    mentor = mentor_with_weekly_hours(days=[0], start=9, end=12)
    services.slot_reserve(mentor=mentor, start_at=MONDAY_10, duration_minutes=60, reference="booking-123")
    services.slot_hold_confirm(reference="booking-123")
    mentor.schedule.entries.create(kind="block", date=datetime(2027, 1, 11).date())
    url = f"/api/v1/mentors/{mentor.pk}/calendar"

    public = client_for(None).get(url, {"month": "2027-01", "timezone": "UTC"}).json()["days"]
    assert [s["status"] for s in public["2027-01-04"]] == ["available", "booked", "available"]
    assert [s["status"] for s in public["2027-01-11"]] == ["blocked", "blocked", "blocked"]
    assert all(s["booking_id"] is None for day in public.values() for s in day)

    other_mentor = mentor_with_weekly_hours().user
    assert "booking-123" not in str(client_for(other_mentor).get(url, {"month": "2027-01"}).json())

    own = client_for(mentor.user).get(url, {"month": "2027-01", "timezone": "UTC"}).json()["days"]
    assert [s["booking_id"] for s in own["2027-01-04"]] == [None, "booking-123", None]


def test_the_owner_sees_no_booking_id_on_time_an_imported_calendar_event_takes():
    mentor = mentor_with_weekly_hours(days=[0], start=9, end=12)
    feed = CalendarFeedFactory(mentor=mentor)
    BusyInterval.objects.create(
        mentor=mentor,
        start_at=MONDAY_10,
        end_at=MONDAY_10 + timedelta(hours=1),
        source=BusySource.EXTERNAL,
        feed=feed,
        reference=f"feed:{feed.pk}",
    )
    url = f"/api/v1/mentors/{mentor.pk}/calendar"
    own = client_for(mentor.user).get(url, {"month": "2027-01", "timezone": "UTC"}).json()["days"]
    assert [(s["status"], s["booking_id"]) for s in own["2027-01-04"]] == [
        ("available", None),
        ("booked", None),
        ("available", None),
    ]


def test_the_calendar_defaults_to_this_month_in_the_callers_zone():
    mentor = mentor_with_weekly_hours(days=[0])
    viewer = UserFactory(timezone="Asia/Tokyo")
    body = client_for(viewer).get(f"/api/v1/mentors/{mentor.pk}/calendar").json()
    assert body["month"] == "2027-01" and body["timezone"] == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("params", "field"),
    [({"month": "2027-13"}, "month"), ({"month": "January"}, "month"), ({"timezone": "Nowhere"}, "timezone")],
)
def test_bad_calendar_queries_are_refused(anon_client, params, field):
    mentor = MentorFactory()
    response = anon_client.get(f"/api/v1/mentors/{mentor.pk}/calendar", params)
    assert response.status_code == 400
    assert field in response.json()["details"]
