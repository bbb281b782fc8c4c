"""GET /analytics/me/mentor-stats against a hand-built mentor, and the profile-view counter."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
import time_machine

from analytics.models.dashboards import ProfileViewDay
from bookings.models import BookingStatus, Review
from bookings.models.reviews import ReviewDirection
from messaging.models import Conversation, Message
from payments.models import EarningEntry
from tests.analytics.world import NOW, booking, payment, utc
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory

URL = "/api/v1/analytics/me/mentor-stats"
QUERIES = 15  # mentor-stats, whatever the mentor's history holds


def say(sender, recipient, at, text="Hello"):
    low, high = sorted([sender, recipient], key=lambda u: u.pk)
    conversation, _ = Conversation.objects.get_or_create(user_low=low, user_high=high)
    return Message.objects.create(
        conversation=conversation, sender=sender, recipient=recipient, text=text, created_at=at
    )


@pytest.fixture
def mentor_world(db):
    with time_machine.travel(NOW, tick=False):
        me = MentorFactory(user__timezone="America/New_York")
        ann, bob, cy = UserFactory(), UserFactory(), UserFactory()
        first = booking(me, ann, start=utc(2027, 1, 10, 15), status=BookingStatus.COMPLETED)
        second = booking(me, ann, start=utc(2027, 2, 10, 15), status=BookingStatus.COMPLETED)
        # 03:00 UTC on 1 March is 22:00 on 28 February in New York: February's review below.
        third = booking(me, bob, start=utc(2027, 3, 1, 2), status=BookingStatus.COMPLETED, minutes=30)
        booking(me, bob, start=utc(2027, 3, 4, 15), status=BookingStatus.CANCELLED)
        booking(me, cy, start=utc(2027, 3, 5, 15), status=BookingStatus.NO_SHOW_LEARNER)
        booking(me, cy, start=utc(2027, 3, 6, 15), status=BookingStatus.EXPIRED)
        booking(me, cy, start=utc(2027, 3, 20, 15), status=BookingStatus.CONFIRMED)
        for held, stars, at in (
            (first, 5, utc(2027, 1, 11)),
            (second, 4, utc(2027, 2, 11)),
            (third, 3, utc(2027, 3, 1, 3)),
        ):
            review = Review.objects.create(
                booking=held,
                reviewer=held.learner,
                mentor=me,
                direction=ReviewDirection.LEARNER_TO_MENTOR,
                rating=stars,
            )
            Review.objects.filter(pk=review.pk).update(created_at=at)
        # The mentor's own note about a learner is not part of their rating.
        Review.objects.create(
            booking=first, reviewer=me.user, mentor=me, direction=ReviewDirection.MENTOR_TO_LEARNER, rating=1
        )
        ProfileViewDay.objects.create(mentor=me, day=datetime.date(2027, 3, 10), views=6)
        ProfileViewDay.objects.create(mentor=me, day=datetime.date(2027, 3, 14), views=4)
        ProfileViewDay.objects.create(mentor=me, day=datetime.date(2027, 1, 1), views=90)  # long ago
        # Replies: Ann waits 10 minutes, Bob 30, Cy is still waiting; the mentor's own first
        # message to someone is not a reply.
        say(ann, me.user, NOW - timedelta(days=3))
        say(me.user, ann, NOW - timedelta(days=3) + timedelta(minutes=10))
        say(bob, me.user, NOW - timedelta(days=2))
        say(bob, me.user, NOW - timedelta(days=2) + timedelta(minutes=5))
        say(me.user, bob, NOW - timedelta(days=2) + timedelta(minutes=30))
        say(cy, me.user, NOW - timedelta(days=1))
        say(me.user, UserFactory(), NOW - timedelta(days=1))
        # Another mentor's rows: never counted.
        other = MentorFactory()
        booking(other, ann, start=utc(2027, 3, 2, 15), status=BookingStatus.COMPLETED)
        ProfileViewDay.objects.create(mentor=other, day=datetime.date(2027, 3, 14), views=1000)
        yield me


def test_mentor_stats_from_my_own_sessions_reviews_views_and_messages(mentor_world):
    with time_machine.travel(NOW, tick=False):
        body = client_for(mentor_world.user).get(URL).json()
    assert body["sessions"] == {
        "total": 6,
        "completed": 3,
        "cancelled": 1,
        "no_show": 1,
        "no_show_learner": 1,
        "no_show_mentor": 0,
        "upcoming": 1,
    }
    assert body["hours_taught"] == "2.5"
    assert body["average_rating"] == 4.0
    assert body["total_reviews"] == 3
    assert body["rating_distribution"] == {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1}
    assert body["rating_trend"] == [
        {"month": "2026-10", "average_rating": None, "reviews": 0},
        {"month": "2026-11", "average_rating": None, "reviews": 0},
        {"month": "2026-12", "average_rating": None, "reviews": 0},
        {"month": "2027-01", "average_rating": 5.0, "reviews": 1},
        {"month": "2027-02", "average_rating": 3.5, "reviews": 2},
        {"month": "2027-03", "average_rating": None, "reviews": 0},
    ]
    # Every review is within the last 90 days: nothing to compare with.
    assert body["rating_change"] is None
    # Ann came back, Bob did not (his second booking was cancelled).
    assert (body["learners"], body["repeat_learners"], body["repeat_learner_rate"]) == (2, 1, 0.5)
    # 10 views in the last 30 days; 6 bookings made in them (all but the expired one).
    assert body["profile_views"] == {"days": 30, "views": 10, "bookings": 6, "conversion_rate": 0.6}
    assert body["reply_time"] == {
        "median_minutes": 20.0,
        "answered_conversations": 2,
        "unanswered_conversations": 1,
        "days": 90,
    }
    assert body["timezone"] == "America/New_York"
    assert [row["currency"] for row in body["earnings"]] == ["USD"]


def test_mentor_stats_answer_403_to_a_non_mentor(db):
    assert client_for(UserFactory()).get(URL).status_code == 403
    applicant = MentorFactory(status="pending_approval")
    assert client_for(applicant.user).get(URL).status_code == 403
    assert client_for().get(URL).status_code == 401


def test_profile_views_by_others_are_counted_per_day_with_one_row(db):
    with time_machine.travel(NOW, tick=False):
        mentor = MentorFactory()
        url = f"/api/v1/mentors/{mentor.pk}"
        client_for().get(url)
        client_for(UserFactory()).get(url)
        client_for(mentor.user).get(url)  # their own look is not a view
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        client_for().get(url)
    assert list(ProfileViewDay.objects.filter(mentor=mentor).order_by("day").values_list("day", "views")) == [
        (datetime.date(2027, 3, 15), 2),
        (datetime.date(2027, 3, 16), 1),
    ]


def test_the_profile_page_counts_a_view_too(db, client):
    mentor = MentorFactory()
    response = client.get(f"/mentors/{mentor.pk}/")
    assert response.status_code == 200
    assert ProfileViewDay.objects.get(mentor=mentor).views == 1


@pytest.mark.parametrize("sessions", [1, 6])
def test_mentor_stats_run_a_constant_number_of_queries(db, sessions, django_assert_num_queries):
    with time_machine.travel(NOW, tick=False):
        mentor = MentorFactory()
        learner = UserFactory()
        for number in range(sessions):
            done = booking(
                mentor, learner, start=NOW - timedelta(days=number + 1), status=BookingStatus.COMPLETED
            )
            paid = payment(
                learner, amount="50.00", fee="0.00", currency="USD", paid_at=done.start_at, mentor=mentor
            )
            EarningEntry.objects.create(mentor=mentor, payment=paid, amount=paid.amount, currency="USD")
        client = client_for(mentor.user)
        # Its earnings are the three balances only (lifetime, this month, waiting and available):
        # the stats show no window, so none of the window's three aggregates is run.
        with django_assert_num_queries(QUERIES):
            body = client.get(URL).json()
    assert body["earnings"][0]["lifetime"] == {"amount": f"{50 * sessions}.00", "currency": "USD"}
