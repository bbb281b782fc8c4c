"""Points ledger and levels (API.md §6): one line per source event, levels from the table."""

from __future__ import annotations

import pytest
import time_machine
from django.test import override_settings

from learning.models import LearnerStanding, PointsEntry
from learning.receivers_rewards import session_points, session_review_points
from learning.services.points import level_for, points_award
from learning.signals import enrollment_completed, milestone_completed
from tests.factories import UserFactory
from tests.learning.rewards_factories import completed_enrollment, ensure_achievements, milestone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("points", "level", "next_at"),
    [
        (0, 1, 100),
        (99, 1, 100),
        (100, 2, 250),
        (1249, 6, 1250),
        (1250, 7, 1500),
        (1499, 7, 1500),
        (1500, 8, 2000),
    ],
)
def test_levels_follow_the_threshold_table(points, level, next_at):
    assert level_for(points) == (level, next_at)


def test_the_top_level_has_no_next_level():
    assert level_for(10**6) == (14, None)


@override_settings(LEARNING_LEVEL_THRESHOLDS=[0, 10, 20])
def test_the_table_is_configurable():
    assert level_for(15) == (2, 20)
    assert level_for(25) == (3, None)


def test_a_source_event_scores_once_however_often_it_arrives():
    user = UserFactory()
    for _ in range(3):
        points_award(user=user, source="review", reference="review:x", description="A review", activity=False)
    assert PointsEntry.objects.filter(user=user).count() == 1
    assert LearnerStanding.objects.get(user=user).total_points == 25


def test_the_ledger_sums_to_the_standing_with_a_running_balance():
    user = UserFactory()
    points_award(user=user, source="session", reference="booking:1", description="s")
    points_award(user=user, source="course", reference="enrollment:1", description="c")
    entries = list(PointsEntry.objects.filter(user=user).order_by("created_at"))
    assert [entry.balance_after for entry in entries] == [100, 300]
    assert LearnerStanding.objects.get(user=user).total_points == 300


def test_a_milestone_scores_its_points_and_answers_what_it_earned():
    ensure_achievements()
    user = UserFactory()
    done = milestone(user)
    responses = milestone_completed.send(sender=type(done), milestone=done)
    result = responses[0][1]
    assert result["points_earned"] == 50
    assert {item["name"] for item in result["achievements_unlocked"]} >= {"On the path", "First steps"}
    # The same milestone again: nothing more.
    again = milestone_completed.send(sender=type(done), milestone=done)[0][1]
    assert again["points_earned"] == 0
    assert LearnerStanding.objects.get(user=user).total_points == 50


def test_a_finished_course_scores_and_issues_its_certificate():
    user = UserFactory()
    enrollment = completed_enrollment(user)
    enrollment_completed.send(sender=type(enrollment), enrollment=enrollment)
    enrollment_completed.send(sender=type(enrollment), enrollment=enrollment)
    assert PointsEntry.objects.get(user=user, source="course").amount == 200
    assert enrollment.certificate.opportunity_title == "Python basics"


def test_completed_sessions_and_written_reviews_score(bookings_session):
    booking, review = bookings_session
    session_points(sender=None, booking=booking)
    session_review_points(sender=None, review=review)
    sources = set(PointsEntry.objects.filter(user=booking.learner).values_list("source", flat=True))
    assert sources == {"session", "review"}


@pytest.fixture
def bookings_session():
    """A completed booking and its learner's written review, as plain objects: the receivers
    read only these fields."""
    from types import SimpleNamespace

    from django.utils import timezone

    learner = UserFactory()
    booking = SimpleNamespace(pk="b1", learner=learner, completed_at=timezone.now())
    review = SimpleNamespace(pk="r1", reviewer=learner, direction="learner_to_mentor", text="Very helpful")
    return booking, review


def test_a_real_completed_session_and_its_written_review_score_through_bookings_signals(clock):
    from bookings import services as booking_services
    from tests.bookings.factories import at, bookable_mentor, booked, completed

    learner = UserFactory(timezone="UTC")
    booking = completed(booked(learner, bookable_mentor(), at(0, 9)))
    booking_services.review_create(booking_id=booking.pk, user=learner, rating=5, text="Clear and kind")
    entries = PointsEntry.objects.filter(user=learner)
    assert sorted(entries.values_list("source", "reference")) == [
        ("review", f"review:booking:{booking.reviews.get().pk}"),
        ("session", f"booking:{booking.pk}"),
    ]


@pytest.fixture
def clock():
    from tests.bookings.conftest import NOW

    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_complete_milestone_answers_the_achievements_it_unlocked():
    from tests.conftest import client_for
    from tests.learning.rewards_factories import category

    ensure_achievements()
    user = UserFactory()
    client = client_for(user)
    path = client.post("/api/v1/learning-paths", {"subcategory_id": str(category().pk)}, format="json").json()
    body = client.post(
        f"/api/v1/learning-paths/{path['id']}/complete-milestone", {"step": 1}, format="json"
    ).json()
    assert body["points_earned"] == 50
    unlocked = {item["name"]: item for item in body["achievements_unlocked"]}
    assert {"On the path", "First steps"} <= set(unlocked)
    assert unlocked["On the path"]["rarity"] == "common"
    assert unlocked["On the path"]["icon_url"].endswith("/achievements/first-milestone/icon.png")
    assert LearnerStanding.objects.get(user=user).total_points == 50
