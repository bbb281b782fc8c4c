"""Reviews (API.md §3): only of completed sessions, once per reviewer, within 30 days; the
mentor's figures stay exact; the public list, its filters and the profile; the mentor's one
response; skills learned join the learner's skills."""

from __future__ import annotations

from datetime import timedelta

import pytest

from accounts.models import UserSkill
from bookings.models import Review
from mentors.models import MentorProfile
from messaging.models import Notification
from tests.bookings.conftest import api_as
from tests.bookings.factories import BOOKINGS_URL, BookingFactory, at, bookable_mentor, booked, completed
from tests.factories import SkillFactory, UserFactory, UserSkillFactory

pytestmark = pytest.mark.django_db

AFTER = at(0, 18)  # when the reviews below are written: every session of the day is over


def _review(user, booking, **body):
    body.setdefault("rating", 5)
    return api_as(user).post(f"{BOOKINGS_URL}/{booking.pk}/review", body, format="json")


def _sessions(mentor, count: int) -> list:
    """`count` completed sessions of `mentor` today, each with its own learner."""
    return [completed(booked(UserFactory(), mentor, at(0, 9 + hour))) for hour in range(count)]


def _reviews_url(mentor) -> str:
    return f"/api/v1/mentors/{mentor.pk}/reviews"


@pytest.fixture
def session(clock, mentor_profile, learner_user):
    booking = completed(booked(learner_user, mentor_profile, at(0, 10)))
    clock.move_to(AFTER)
    return booking


# --- writing a review ----------------------------------------------------------------------------


def test_the_learner_reviews_a_completed_session(session):
    response = _review(
        session.learner,
        session,
        rating=4,
        text="Clear and patient.",
        aspects={"expertise": 5, "communication": 4},
        skills_learned=["Dynamic programming"],
    )

    assert response.status_code == 201
    body = response.json()
    assert body["booking_id"] == str(session.pk)
    assert body["rating"] == 4
    assert body["id"] and body["created_at"]
    told = Notification.objects.get(user=session.mentor.user, type="review_received")
    assert told.data["review_id"] == body["id"]


@pytest.mark.parametrize("status", ["confirmed", "in_progress", "cancelled", "no_show_learner"])
def test_only_a_completed_session_can_be_reviewed(status, clock, mentor_profile, learner_user):
    booking = BookingFactory(mentor=mentor_profile, learner=learner_user, status=status, start_at=at(0, 6))

    response = _review(learner_user, booking)

    assert response.status_code == 409
    assert response.json()["error"] == "CONFLICT"
    assert not Review.objects.exists()


def test_each_party_reviews_once(session):
    assert _review(session.learner, session).status_code == 201
    again = _review(session.learner, session, rating=1)
    by_mentor = _review(session.mentor.user, session, rating=4, text="Well prepared")
    mentor_again = _review(session.mentor.user, session, rating=2)

    assert again.status_code == 409
    assert by_mentor.status_code == 201
    assert by_mentor.json()["direction"] == "mentor_to_learner"
    assert mentor_again.status_code == 409
    assert sorted(Review.objects.values_list("rating", flat=True)) == [4, 5]


def test_reviews_close_30_days_after_the_session(clock, mentor_profile):
    early, late = _sessions(mentor_profile, 2)

    clock.move_to(early.completed_at + timedelta(days=30))
    in_time = _review(early.learner, early)
    clock.move_to(late.completed_at + timedelta(days=30, minutes=1))
    too_late = _review(late.learner, late)

    assert in_time.status_code == 201
    assert too_late.status_code == 409
    assert too_late.json()["details"]["reason"] == "review_window_closed"


@pytest.mark.parametrize(
    "body",
    [
        {"rating": 0},
        {"rating": 6},
        {"rating": 3.5},
        {"rating": "five"},
        {"rating": 5, "aspects": {"expertise": 6}},
        {"rating": 5, "aspects": {"expertise": 0}},
        {"rating": 5, "aspects": {"charisma": 4}},
        {"rating": 5, "skills_learned": "graphs"},
    ],
)
def test_ratings_and_aspects_are_whole_numbers_from_1_to_5(body, session):
    response = api_as(session.learner).post(f"{BOOKINGS_URL}/{session.pk}/review", body, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert not Review.objects.exists()


def test_skills_learned_join_the_learners_skills(session):
    UserSkillFactory(user=session.learner, skill=SkillFactory(name="SQL"), proficiency_level="advanced")

    response = _review(session.learner, session, skills_learned=["Graph search", "SQL"])

    assert response.status_code == 201
    skills = {s.skill.name: s for s in UserSkill.objects.filter(user=session.learner).select_related("skill")}
    assert set(skills) == {"Graph search", "SQL"}
    assert skills["Graph search"].source == "session"
    # A skill the learner already had keeps its level and source.
    assert (skills["SQL"].proficiency_level, skills["SQL"].source) == ("advanced", "manual")


# --- the mentor's figures and the public list -----------------------------------------------------


def _summary(mentor) -> dict:
    return api_as(UserFactory()).get(_reviews_url(mentor)).json()["summary"]


def test_the_mentors_figures_are_exact_after_several_reviews(clock, mentor_profile):
    sessions = _sessions(mentor_profile, 4)
    clock.move_to(AFTER)
    ratings = [
        (5, {"expertise": 5, "communication": 3}),
        (4, {"expertise": 4}),
        (4, {}),
        (2, {"punctuality": 1}),
    ]
    for booking, (rating, aspects) in zip(sessions, ratings, strict=True):
        assert _review(booking.learner, booking, rating=rating, aspects=aspects).status_code == 201
    # A mentor's review of a learner is not public and does not count.
    assert _review(mentor_profile.user, sessions[0], rating=1).status_code == 201

    summary = _summary(mentor_profile)

    assert summary["average_rating"] == 3.75
    assert summary["total_reviews"] == 4
    assert summary["rating_distribution"] == {"1": 0, "2": 1, "3": 0, "4": 2, "5": 1}
    assert summary["aspect_averages"] == {
        "professionalism": None,
        "expertise": 4.5,
        "communication": 3.0,
        "value_for_money": None,
        "punctuality": 1.0,
    }
    profile = MentorProfile.objects.get(pk=mentor_profile.pk)
    assert (str(profile.average_rating), profile.total_reviews) == ("3.75", 4)
    detail = api_as(UserFactory()).get(f"/api/v1/mentors/{mentor_profile.pk}").json()
    assert detail["reviews_summary"] == summary
    assert (detail["average_rating"], detail["total_reviews"]) == (3.75, 4)


def test_the_public_list_shows_learner_reviews_with_their_fields(clock, mentor_profile):
    (booking,) = _sessions(mentor_profile, 1)
    clock.move_to(AFTER)
    _review(
        booking.learner, booking, rating=5, text="Great", aspects={"expertise": 5}, skills_learned=["Tries"]
    )
    _review(mentor_profile.user, booking, rating=2, text="Came unprepared")

    response = api_as(UserFactory()).get(_reviews_url(mentor_profile))

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    (item,) = body["items"]
    assert item["booking_id"] == str(booking.pk)
    assert item["reviewer"] == {
        "name": booking.learner.display_name,
        "avatar_url": booking.learner.avatar_url,
    }
    assert (item["rating"], item["text"]) == (5, "Great")
    assert item["aspects"] == {"expertise": 5}
    assert item["skills_learned"] == ["Tries"]
    assert item["mentor_response"] is None
    assert "Came unprepared" not in response.content.decode()


def test_the_list_filters_by_rating_and_response_and_sorts(clock, mentor_profile):
    sessions = _sessions(mentor_profile, 4)
    clock.move_to(AFTER)
    ids = []
    for booking, rating in zip(sessions, [3, 5, 1, 5], strict=True):
        clock.shift(timedelta(minutes=1))
        ids.append(_review(booking.learner, booking, rating=rating).json()["id"])
    api_as(mentor_profile.user).post(
        f"/api/v1/reviews/{ids[1]}/respond", {"response": "Thanks!"}, format="json"
    )
    client = api_as(UserFactory())

    def listed(**params) -> list[str]:
        response = client.get(_reviews_url(mentor_profile), params)
        assert response.status_code == 200
        return [item["id"] for item in response.json()["items"]]

    assert listed() == listed(sort="newest") == ids[::-1]
    assert listed(sort="oldest") == ids
    assert listed(sort="highest") == [ids[3], ids[1], ids[0], ids[2]]
    assert listed(sort="lowest") == [ids[2], ids[0], ids[3], ids[1]]
    assert listed(rating=5) == [ids[3], ids[1]]
    assert listed(has_response="true") == [ids[1]]
    assert listed(has_response="false") == [ids[3], ids[2], ids[0]]
    # The summary counts every public review, whatever the filters.
    assert client.get(_reviews_url(mentor_profile), {"rating": 5}).json()["summary"]["total_reviews"] == 4
    assert client.get(_reviews_url(mentor_profile), {"rating": 9}).status_code == 400


def test_the_profile_shows_the_five_newest_reviews(clock):
    mentor = bookable_mentor()
    sessions = _sessions(mentor, 6)
    clock.move_to(AFTER)
    ids = []
    for booking in sessions:
        clock.shift(timedelta(minutes=1))
        ids.append(_review(booking.learner, booking, rating=4).json()["id"])

    recent = api_as(UserFactory()).get(f"/api/v1/mentors/{mentor.pk}").json()["recent_reviews"]

    assert [r["id"] for r in recent] == ids[::-1][:5]


# --- the mentor's response -----------------------------------------------------------------------


def _respond(user, review_id, text="Thank you!"):
    return api_as(user).post(f"/api/v1/reviews/{review_id}/respond", {"response": text}, format="json")


def test_the_reviewed_mentor_responds_once(session):
    review_id = _review(session.learner, session, rating=4).json()["id"]

    response = _respond(session.mentor.user, review_id, "Glad it helped.")
    again = _respond(session.mentor.user, review_id, "Second thoughts")

    assert response.status_code == 200
    body = response.json()
    assert body["mentor_response"] == "Glad it helped."
    assert body["responded_at"]
    assert body["booking_id"] == str(session.pk)
    assert again.status_code == 409
    assert Review.objects.get(pk=review_id).mentor_response == "Glad it helped."
    assert Notification.objects.filter(user=session.learner, type="review_response").exists()
    listed = api_as(UserFactory()).get(_reviews_url(session.mentor)).json()["items"]
    assert listed[0]["mentor_response"] == "Glad it helped."


@pytest.mark.parametrize("who", ["reviewer", "other_mentor", "stranger"])
def test_only_the_reviewed_mentor_may_respond(who, session):
    review_id = _review(session.learner, session).json()["id"]
    user = {
        "reviewer": session.learner,
        "other_mentor": bookable_mentor().user,
        "stranger": UserFactory(),
    }[who]

    response = _respond(user, review_id)

    assert response.status_code in (403, 404)
    assert Review.objects.get(pk=review_id).mentor_response == ""


def test_a_mentors_review_of_a_learner_has_no_public_response(session):
    review_id = _review(session.mentor.user, session, rating=3).json()["id"]

    assert _respond(session.mentor.user, review_id).status_code == 404


def test_the_learner_sees_the_mentors_review_of_them_on_the_booking(session):
    _review(session.mentor.user, session, rating=3, text="Do the homework")

    seen = api_as(session.learner).get(f"{BOOKINGS_URL}/{session.pk}").json()["reviews"]
    by_staff = api_as(UserFactory(is_staff=True)).get(f"{BOOKINGS_URL}/{session.pk}").json()["reviews"]

    assert [(r["direction"], r["text"]) for r in seen] == [("mentor_to_learner", "Do the homework")]
    assert len(by_staff) == 1
