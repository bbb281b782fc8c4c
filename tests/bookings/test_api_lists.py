"""GET /bookings, GET /bookings/{id}/notes and GET /mentors/{id}/reviews: a constant number of
queries whatever the page holds (asserted at 5 and 50 rows), and the filters of API.md §3."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bookings.models import Review, ReviewDirection, SessionNote
from tests.bookings.conftest import api_as
from tests.bookings.factories import BOOKINGS_URL, BookingFactory, at, bookable_mentor
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory, ServiceFactory

pytestmark = pytest.mark.django_db

# GET /bookings: the count, and the page (bookings joined with the mentor, its user and schedule,
# the learner and the service). The clients are force-authenticated, so no session or user query.
BOOKING_LIST_QUERIES = 2
# GET /mentors/{id}/reviews: the mentor (its figures are the summary), the count, and the page
# (reviews joined with the reviewer).
REVIEW_LIST_QUERIES = 3
# GET /bookings/{id}/notes: the booking (with its reviews prefetched), the count, and the page
# (notes joined with their authors).
NOTE_LIST_QUERIES = 4


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["items"]]


# --- query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [5, 50])
def test_a_learners_list_runs_a_constant_number_of_queries(rows, clock, django_assert_max_num_queries):
    learner = UserFactory()
    for n in range(rows):
        mentor = bookable_mentor()
        service = ServiceFactory(mentor=mentor) if n % 2 else None
        BookingFactory(
            mentor=mentor, learner=learner, service=service, start_at=at(1, 0) + timedelta(hours=n)
        )
    client = api_as(learner)

    with django_assert_max_num_queries(BOOKING_LIST_QUERIES):
        response = client.get(BOOKINGS_URL, {"role": "learner", "limit": 50})

    assert response.json()["total"] == rows
    assert len(response.json()["items"]) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_a_mentors_list_runs_a_constant_number_of_queries(rows, clock, django_assert_max_num_queries):
    mentor = bookable_mentor()
    service = ServiceFactory(mentor=mentor)
    for n in range(rows):
        BookingFactory(mentor=mentor, service=service, start_at=at(1, 0) + timedelta(hours=n))
    client = api_as(mentor.user)

    with django_assert_max_num_queries(BOOKING_LIST_QUERIES):
        response = client.get(BOOKINGS_URL, {"role": "mentor", "limit": 50})

    assert response.json()["total"] == rows
    assert {item["role"] for item in response.json()["items"]} == {"mentor"}


@pytest.mark.parametrize("rows", [5, 50])
def test_a_mentors_reviews_run_a_constant_number_of_queries(rows, clock, django_assert_max_num_queries):
    mentor = bookable_mentor()
    for n in range(rows):
        booking = BookingFactory(
            mentor=mentor, status="completed", start_at=at(0, 0) - timedelta(hours=n + 1)
        )
        Review.objects.create(
            booking=booking,
            reviewer=booking.learner,
            mentor=mentor,
            direction=ReviewDirection.LEARNER_TO_MENTOR,
            rating=1 + n % 5,
            aspects={"expertise": 4},
            skills_learned=["Testing"],
            mentor_response="Thanks" if n % 2 else "",
        )
    client = api_as(UserFactory())

    with django_assert_max_num_queries(REVIEW_LIST_QUERIES):
        response = client.get(f"/api/v1/mentors/{mentor.pk}/reviews", {"limit": 50})

    assert response.json()["total"] == rows
    assert len(response.json()["items"]) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_a_bookings_notes_run_a_constant_number_of_queries(rows, clock, django_assert_max_num_queries):
    booking = BookingFactory(
        mentor=bookable_mentor(), status="completed", start_at=at(0, 0) - timedelta(hours=2)
    )
    for n in range(rows):
        # Half the learner's own, half the mentor's shared ones: the learner sees them all.
        author = booking.learner if n % 2 else booking.mentor.user
        SessionNote.objects.create(booking=booking, author=author, text=f"Note {n}", is_public=not n % 2)
    client = api_as(booking.learner)

    with django_assert_max_num_queries(NOTE_LIST_QUERIES):
        response = client.get(f"{BOOKINGS_URL}/{booking.pk}/notes", {"limit": 50})

    assert response.json()["total"] == rows
    assert {item["author"]["id"] for item in response.json()["items"]} == {
        str(booking.learner.pk),
        str(booking.mentor.user_id),
    }


# --- filters -------------------------------------------------------------------------------------


@pytest.fixture
def calendar(clock):
    """A user who learns from one mentor and mentors others, with bookings in several states."""
    user = UserFactory()
    own = bookable_mentor(user=user)
    teacher = bookable_mentor()
    other_teacher = MentorFactory()
    rows = {
        "learning_soon": BookingFactory(mentor=teacher, learner=user, start_at=at(1, 10)),
        "learning_later": BookingFactory(mentor=other_teacher, learner=user, start_at=at(5, 10)),
        "learning_cancelled": BookingFactory(
            mentor=teacher, learner=user, start_at=at(2, 10), status="cancelled"
        ),
        "learning_past": BookingFactory(
            mentor=teacher, learner=user, start_at=at(-3, 10), status="completed"
        ),
        "teaching_pending": BookingFactory(mentor=own, start_at=at(3, 14), status="pending"),
        "teaching_past": BookingFactory(mentor=own, start_at=at(-1, 14), status="no_show_learner"),
    }
    return user, teacher, {name: str(booking.pk) for name, booking in rows.items()}


def test_without_a_role_the_list_has_both_sides_newest_first(calendar):
    user, _, ids = calendar

    listed = _ids(api_as(user).get(BOOKINGS_URL))

    assert listed == [
        ids["learning_later"],
        ids["teaching_pending"],
        ids["learning_cancelled"],
        ids["learning_soon"],
        ids["teaching_past"],
        ids["learning_past"],
    ]


def test_the_role_filter_picks_one_side(calendar):
    user, _, ids = calendar
    client = api_as(user)

    as_learner = set(_ids(client.get(BOOKINGS_URL, {"role": "learner"})))
    as_mentor = set(_ids(client.get(BOOKINGS_URL, {"role": "mentor"})))

    assert as_learner == {
        ids[n] for n in ("learning_soon", "learning_later", "learning_cancelled", "learning_past")
    }
    assert as_mentor == {ids["teaching_pending"], ids["teaching_past"]}
    assert client.get(BOOKINGS_URL, {"role": "staff"}).status_code == 400


def test_the_status_filter_takes_a_list_and_refuses_unknown_statuses(calendar):
    user, _, ids = calendar
    client = api_as(user)

    listed = set(_ids(client.get(BOOKINGS_URL, {"status": "pending,cancelled"})))
    unknown = client.get(BOOKINGS_URL, {"status": "confirmed,finished"})

    assert listed == {ids["teaching_pending"], ids["learning_cancelled"]}
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "VALIDATION_ERROR"
    assert "status" in unknown.json()["details"]


def test_upcoming_lists_live_sessions_soonest_first_and_the_rest_is_the_past(calendar):
    user, _, ids = calendar
    client = api_as(user)

    upcoming = _ids(client.get(BOOKINGS_URL, {"upcoming": "true"}))
    past = _ids(client.get(BOOKINGS_URL, {"upcoming": "false"}))

    assert upcoming == [ids["learning_soon"], ids["teaching_pending"], ids["learning_later"]]
    assert past == [ids["learning_cancelled"], ids["teaching_past"], ids["learning_past"]]


def test_the_mentor_filter(calendar):
    user, teacher, ids = calendar

    listed = set(_ids(api_as(user).get(BOOKINGS_URL, {"mentor_id": str(teacher.pk)})))

    assert listed == {ids["learning_soon"], ids["learning_cancelled"], ids["learning_past"]}


def test_the_date_range_counts_whole_days(calendar):
    user, _, ids = calendar
    client = api_as(user)

    # 2027-03-02 .. 2027-03-04: Tuesday's, Wednesday's and Thursday's sessions.
    listed = set(_ids(client.get(BOOKINGS_URL, {"start_date": "2027-03-02", "end_date": "2027-03-04"})))
    from_thursday = set(_ids(client.get(BOOKINGS_URL, {"start_date": "2027-03-04"})))
    backwards = client.get(BOOKINGS_URL, {"start_date": "2027-03-04", "end_date": "2027-03-02"})

    assert listed == {ids["learning_soon"], ids["learning_cancelled"], ids["teaching_pending"]}
    assert from_thursday == {ids["teaching_pending"], ids["learning_later"]}
    assert backwards.status_code == 400
    assert client.get(BOOKINGS_URL, {"start_date": "next week"}).status_code == 400


def test_the_list_is_paged_in_the_api_envelope(calendar):
    user, _, ids = calendar

    body = api_as(user).get(BOOKINGS_URL, {"limit": 4, "page": 2}).json()

    assert (body["total"], body["page"], body["limit"], body["pages"]) == (6, 2, 4, 2)
    assert len(body["items"]) == 2
    row = body["items"][0]
    assert set(row) >= {
        "id",
        "status",
        "start_at",
        "end_at",
        "duration_minutes",
        "topic",
        "mentor",
        "learner",
        "price",
        "meeting",
    }
    assert set(row["mentor"]) >= {"id", "full_name", "avatar_url"}
    assert set(row["learner"]) == {"id", "full_name", "avatar_url"}
