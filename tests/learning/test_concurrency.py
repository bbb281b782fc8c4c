"""Races of issue 16, with real threads on their own connections released by a barrier: one
learner's two enrollments give one; twenty learners racing for five seats give exactly five.
On PostgreSQL the opportunity row lock queues them and the constraints are the last guard; on
SQLite the writers queue on the file lock. Losers hear 409, never a 500 or a 503."""

from __future__ import annotations

import pytest

from learning.models import Enrollment, LearningPath, OpportunityType
from tests.concurrency import run_together
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.learning.factories import OPPORTUNITIES_URL, PATHS_URL, a_subcategory, opportunity

race = pytest.mark.django_db(transaction=True)


def _outcome(response_or_error):
    if isinstance(response_or_error, Exception):
        return ("raised", repr(response_or_error))
    return (response_or_error.status_code, response_or_error.json().get("error"))


def _enroll(pair):
    user, item = pair
    return client_for(user).post(f"{OPPORTUNITIES_URL}/{item.pk}/enroll", {}, format="json")


@race
def test_two_concurrent_enrollments_of_one_learner_give_one():
    learner = UserFactory()
    course = opportunity(lessons=2)

    outcomes = [_outcome(r) for r in run_together(_enroll, [(learner, course)] * 2)]

    assert sorted(outcomes, key=str) == sorted([(201, None), (409, "CONFLICT")], key=str), outcomes
    assert Enrollment.objects.filter(user=learner, opportunity=course).count() == 1
    course.refresh_from_db()
    assert course.enrollment_count == 1


@race
def test_twenty_learners_racing_for_five_seats_get_exactly_five():
    workshop = opportunity(type=OpportunityType.WORKSHOP, capacity=5)
    learners = [UserFactory() for _ in range(20)]

    outcomes = [_outcome(r) for r in run_together(_enroll, [(u, workshop) for u in learners])]

    assert outcomes.count((201, None)) == 5, outcomes
    assert outcomes.count((409, "CONFLICT")) == 15, outcomes
    assert Enrollment.objects.filter(opportunity=workshop).count() == 5
    workshop.refresh_from_db()
    assert (workshop.seats_taken, workshop.enrollment_count) == (5, 5)


@race
def test_two_racing_paths_for_one_subcategory_give_one():
    learner = UserFactory()
    subcategory = a_subcategory()

    def start(_):
        return client_for(learner).post(PATHS_URL, {"subcategory_id": str(subcategory.pk)}, format="json")

    outcomes = [_outcome(r) for r in run_together(start, [1, 2])]

    assert sorted(outcomes, key=str) == sorted([(201, None), (409, "CONFLICT")], key=str), outcomes
    assert LearningPath.objects.filter(user=learner, status="active").count() == 1
