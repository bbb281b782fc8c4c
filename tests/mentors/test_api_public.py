"""A mentor's public profile, reviews and schedule; favourites; proximity."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentors.models import Favorite, MentorStatus
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.mentors.factories import (
    CategoryFactory,
    FavoriteFactory,
    MentorFactory,
    ServiceFactory,
    SkillFactory,
    mentor_with_weekly_hours,
)

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # a Monday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


# --- GET /mentors/{id} --------------------------------------------------------------------------------


def test_the_profile_shows_services_reviews_summary_and_a_week_of_slots(anon_client):
    mentor = mentor_with_weekly_hours(
        tz="Europe/Berlin",
        days=[0, 2],
        bio="I teach design.",
        education=[{"degree": "MA", "institution": "UdK", "year": 2015}],
    )
    mentor.categories.add(CategoryFactory(name="Design"))
    ServiceFactory(mentor=mentor, title="Portfolio review", price=Decimal("75.00"), duration_minutes=60)
    ServiceFactory(mentor=mentor, title="Retired", is_active=False)
    body = anon_client.get(f"/api/v1/mentors/{mentor.pk}").json()
    assert body["bio"] == "I teach design."
    assert body["education"] == [{"degree": "MA", "institution": "UdK", "year": 2015}]
    assert [c["name"] for c in body["categories"]] == ["Design"]
    assert [s["title"] for s in body["services"]] == ["Portfolio review"]
    assert body["services"][0]["price"] == {"amount": "75.00", "currency": "USD"}
    assert body["packages"] == []
    assert body["reviews_summary"] == {
        "average_rating": 0,
        "total_reviews": 0,
        "rating_distribution": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0},
        "aspect_averages": {
            "professionalism": None,
            "expertise": None,
            "communication": None,
            "value_for_money": None,
            "punctuality": None,
        },
    }
    assert body["recent_reviews"] == []
    assert body["timezone"] == "Europe/Berlin"
    # Mondays and Wednesdays 09-17 Berlin (08-16 UTC in winter), over 7 days: 8 today, 8 Wednesday,
    # and next Monday's 08:00 UTC slot is exactly 7 days away, so outside the week.
    starts = [slot["start_at"] for slot in body["next_slots"]]
    assert len(starts) == 16
    assert starts[0] == "2027-01-04T08:00:00Z" and starts[-1] == "2027-01-06T15:00:00Z"
    assert body["next_available_slot"]["start_at"] == "2027-01-04T08:00:00Z"
    assert body["is_favorite"] is None


def test_a_signed_in_caller_sees_whether_the_mentor_is_a_favourite():
    learner = UserFactory()
    mentor = MentorFactory()
    client = client_for(learner)
    assert client.get(f"/api/v1/mentors/{mentor.pk}").json()["is_favorite"] is False
    FavoriteFactory(learner=learner, mentor=mentor)
    assert client.get(f"/api/v1/mentors/{mentor.pk}").json()["is_favorite"] is True


@pytest.mark.parametrize(
    "fields",
    [
        {"status": MentorStatus.DRAFT},
        {"status": MentorStatus.PENDING_APPROVAL},
        {"status": MentorStatus.REJECTED},
        {"is_accepting_bookings": False},
    ],
)
def test_profiles_that_are_not_public_are_not_found(anon_client, fields):
    mentor = MentorFactory(**fields)
    for path in ("", "/reviews", "/schedule", "/calendar"):
        response = anon_client.get(f"/api/v1/mentors/{mentor.pk}{path}")
        assert response.status_code == 404, path
        assert response.json()["error"] == "NOT_FOUND"


def test_an_unknown_mentor_is_not_found(anon_client):
    response = anon_client.get("/api/v1/mentors/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404


# --- reviews ---------------------------------------------------------------------------------------------


def test_reviews_come_in_the_list_envelope_with_a_summary(anon_client):
    mentor = MentorFactory()
    body = anon_client.get(f"/api/v1/mentors/{mentor.pk}/reviews", {"sort": "highest", "rating": 5}).json()
    assert body["items"] == [] and body["total"] == 0 and body["page"] == 1
    assert body["summary"]["total_reviews"] == 0
    assert body["summary"]["rating_distribution"] == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}


@pytest.mark.parametrize("params", [{"rating": "6"}, {"sort": "funniest"}, {"has_response": "maybe"}])
def test_bad_review_filters_are_refused(anon_client, params):
    mentor = MentorFactory()
    response = anon_client.get(f"/api/v1/mentors/{mentor.pk}/reviews", params)
    assert response.status_code == 400
    assert set(params) <= set(response.json()["details"])


# --- public schedule -----------------------------------------------------------------------------------


def test_the_public_schedule_shows_rules_and_booking_rules_but_not_exceptions(anon_client):
    mentor = mentor_with_weekly_hours(tz="America/New_York", days=[1])
    mentor.schedule.entries.create(kind="block", date=datetime(2027, 1, 5).date(), reason="Dentist")
    body = anon_client.get(f"/api/v1/mentors/{mentor.pk}/schedule").json()
    assert body["timezone"] == "America/New_York" and body["type"] == "weekly"
    assert body["rules"] == [
        {
            "id": body["rules"][0]["id"],
            "day_of_week": "tuesday",
            "day_of_month": None,
            "date": None,
            "start_time": "09:00",
            "end_time": "17:00",
            "slot_duration_minutes": 60,
            "is_recurring": True,
        }
    ]
    assert body["booking_rules"] == {
        "min_notice_hours": 0,
        "max_advance_days": 60,
        "cancellation_deadline_hours": 24,
        "buffer_before_minutes": 0,
        "buffer_after_minutes": 0,
        "max_sessions_per_day": None,
        "max_booked_minutes_per_day": None,
        "min_gap_minutes": 0,
        "auto_confirm": True,
    }
    assert "date_exceptions" not in body and "Dentist" not in str(body)


def test_a_mentor_without_a_schedule_has_no_public_schedule(anon_client):
    response = anon_client.get(f"/api/v1/mentors/{MentorFactory().pk}/schedule")
    assert response.status_code == 404


# --- favourites ------------------------------------------------------------------------------------------


def test_saving_a_mentor_is_201_then_200_and_lists_it_with_added_at():
    learner = UserFactory()
    mentor = mentor_with_weekly_hours()
    client = client_for(learner)
    first = client.post("/api/v1/learners/me/favorites", {"mentor_id": str(mentor.pk)}, format="json")
    assert first.status_code == 201
    assert first.json()["id"] == str(mentor.pk) and first.json()["is_favorite"] is True
    again = client.post("/api/v1/learners/me/favorites", {"mentor_id": str(mentor.pk)}, format="json")
    assert again.status_code == 200
    assert Favorite.objects.filter(learner=learner).count() == 1
    items = client.get("/api/v1/learners/me/favorites").json()["items"]
    assert [item["id"] for item in items] == [str(mentor.pk)]
    assert items[0]["added_at"] == "2027-01-04T08:00:00Z"
    assert items[0]["next_available_slot"]["start_at"] == "2027-01-04T09:00:00Z"


def test_removing_a_favourite_is_204_then_404():
    learner = UserFactory()
    favorite = FavoriteFactory(learner=learner)
    client = client_for(learner)
    assert client.delete(f"/api/v1/learners/me/favorites/{favorite.mentor_id}").status_code == 204
    assert not Favorite.objects.exists()
    assert client.delete(f"/api/v1/learners/me/favorites/{favorite.mentor_id}").status_code == 404


def test_one_learner_cannot_remove_another_learners_favourite():
    favorite = FavoriteFactory()
    response = client_for(UserFactory()).delete(f"/api/v1/learners/me/favorites/{favorite.mentor_id}")
    assert response.status_code == 404
    assert Favorite.objects.filter(pk=favorite.pk).exists()


def test_a_mentor_who_is_not_public_cannot_be_saved(learner_client):
    draft = MentorFactory(status=MentorStatus.DRAFT)
    response = learner_client.post(
        "/api/v1/learners/me/favorites", {"mentor_id": str(draft.pk)}, format="json"
    )
    assert response.status_code == 404
    assert not Favorite.objects.exists()


def test_saving_needs_a_mentor_id(learner_client):
    response = learner_client.post("/api/v1/learners/me/favorites", {"mentor": "x"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["details"]) == {"mentor_id", "mentor"}


@pytest.mark.parametrize("count", [5, 50])
def test_favourites_list_runs_a_fixed_number_of_queries(count):
    learner = UserFactory()
    for _ in range(count):
        mentor = mentor_with_weekly_hours(days=[2])
        mentor.skills.add(SkillFactory(name="Python"))
        FavoriteFactory(learner=learner, mentor=mentor)
    client = client_for(learner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/learners/me/favorites", {"limit": count})
    assert len(response.json()["items"]) == count
    # user, count, page, skills, subjects, next slots (entries, busy), favourites
    assert len(queries) == 8


# --- proximity -------------------------------------------------------------------------------------------

BERLIN = (52.5200, 13.4050)
POTSDAM = (52.3906, 13.0645)  # about 28 km from Berlin
HAMBURG = (53.5511, 9.9937)  # about 255 km


def located(lat_lng, *, share=True, **fields):
    lat, lng = lat_lng
    return MentorFactory(
        share_location=share, latitude=lat, longitude=lng, city=fields.pop("city", ""), **fields
    )


def test_proximity_lists_mentors_who_share_their_location_nearest_first(learner_client):
    potsdam = located(POTSDAM, city="Potsdam")
    berlin = located(BERLIN, city="Berlin")
    located(HAMBURG, city="Hamburg")
    located(BERLIN, share=False)
    MentorFactory(share_location=True)  # sharing, but no coordinates
    response = learner_client.get(
        "/api/v1/mentors/proximity", {"lat": BERLIN[0], "lng": BERLIN[1] + 0.01, "radius_km": 50}
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [str(berlin.pk), str(potsdam.pk)]
    assert [item["city"] for item in items] == ["Berlin", "Potsdam"]
    assert items[0]["distance_km"] == pytest.approx(0.68, abs=0.02)
    assert items[1]["distance_km"] == pytest.approx(27.77, abs=0.02)


def test_proximity_takes_the_list_filters_too(learner_client):
    located(BERLIN, hourly_rate=Decimal("200"))
    cheap = located(POTSDAM, hourly_rate=Decimal("40"))
    response = learner_client.get(
        "/api/v1/mentors/proximity", {"lat": BERLIN[0], "lng": BERLIN[1], "radius_km": 50, "max_rate": 100}
    )
    assert [item["id"] for item in response.json()["items"]] == [str(cheap.pk)]


def test_proximity_works_across_the_date_line(learner_client):
    east = located((-17.0, 179.9))
    west = located((-17.0, -179.9))  # 16 km east of the point, across the antimeridian
    located((-17.0, 178.0))  # 207 km west
    response = learner_client.get("/api/v1/mentors/proximity", {"lat": -17.0, "lng": 179.95, "radius_km": 30})
    assert sorted(item["id"] for item in response.json()["items"]) == sorted([str(east.pk), str(west.pk)])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"lat": 52, "lng": 13, "radius_km": 250}, "radius_km"),
        ({"lat": 95, "lng": 13, "radius_km": 10}, "lat"),
        ({"lng": 13, "radius_km": 10}, "lat"),
        ({"lat": 52, "lng": "east", "radius_km": 10}, "lng"),
    ],
)
def test_proximity_refuses_bad_points_and_radii(learner_client, params, field):
    response = learner_client.get("/api/v1/mentors/proximity", params)
    assert response.status_code == 400
    assert field in response.json()["details"]
