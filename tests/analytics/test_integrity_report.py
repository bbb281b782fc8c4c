"""The integrity report finds each kind of planted inconsistency, with counts and sample ids, and
changes nothing; staff only."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db.models import F

from accounts.models import AuditEntry, LearnerProfile, User
from analytics.integrity.report import integrity_report
from bookings.models import Booking, OfferStatus
from learning.models import Enrollment, LearnerStanding, Opportunity, PointsEntry
from mentors.models import BusyInterval, BusySource, MentorProfile, MentorStatus
from payments.models import CreditEntry, CreditWallet
from tests.analytics.integrity_world import build_world, dangling, enroll, mentor, offer, person, recount
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/staff/integrity"


@pytest.fixture
def world(taxonomy):
    return build_world()


def issues(report) -> dict[str, dict]:
    return {issue["code"]: issue for issue in report["issues"]}


def test_a_consistent_platform_reports_healthy(world):
    report = integrity_report()

    assert report["issues"] == []
    assert report["health_status"] == "healthy"
    # staff, learner, the mentor and three other learners
    assert report["total_users"] == 6
    assert report["role_counts"] == {"learner": 6, "mentor": 1, "staff": 1}


def test_accounts_without_their_role_profiles_are_found(world):
    no_learner_profile = UserFactory()
    mentor_without_profile = person(is_mentor=True)
    draft = mentor(status=MentorStatus.DRAFT)  # the factory's account has the mentor role
    approved_without_role = mentor()
    User.objects.filter(pk=approved_without_role.user_id).update(is_mentor=False)

    found = issues(integrity_report())

    assert found["learner_profile_missing"]["count"] == 1
    assert found["learner_profile_missing"]["sample_ids"] == [str(no_learner_profile.pk)]
    assert found["learner_profile_missing"]["repairable"] is True
    assert found["mentor_profile_missing"]["sample_ids"] == [str(mentor_without_profile.pk)]
    assert found["mentor_role_without_approval"]["sample_ids"] == [str(draft.user_id)]
    assert found["approved_mentor_without_role"]["sample_ids"] == [str(approved_without_role.pk)]
    assert not any(found[code]["repairable"] for code in found if code != "learner_profile_missing")


def test_rows_pointing_at_missing_rows_are_found(world):
    with dangling(MentorProfile, world.mentor.pk, "user_id"):
        found = issues(integrity_report())
        assert found["mentor_profile_without_user"]["sample_ids"] == [str(world.mentor.pk)]
    with dangling(Booking, world.booking.pk, "learner_id"):
        found = issues(integrity_report())
        assert found["booking_learner_missing"]["sample_ids"] == [str(world.booking.pk)]
    with dangling(Booking, world.completed.pk, "mentor_id"):
        found = issues(integrity_report())
        assert found["booking_mentor_missing"]["sample_ids"] == [str(world.completed.pk)]
    assert integrity_report()["issues"] == []


def test_busy_time_and_bookings_that_disagree_are_found(world):
    # A live booking whose interval was released: its time could be sold twice.
    BusyInterval.objects.filter(reference=str(world.booking.pk)).update(is_live=False)
    # A cancelled booking whose interval still blocks the time, one pointing at no booking at
    # all, and the hold of an offer that expired.
    BusyInterval.objects.filter(reference=str(world.cancelled.pk)).update(is_live=True)
    stray = BusyInterval.objects.create(
        mentor=world.mentor,
        start_at=world.booking.start_at + timedelta(hours=5),
        end_at=world.booking.start_at + timedelta(hours=6),
        source=BusySource.BOOKING,
        reference=str(uuid.uuid4()),
    )
    expired = offer(world.mentor, world.learner, status=OfferStatus.EXPIRED, days=6)

    found = issues(integrity_report())

    assert found["booking_without_busy_interval"]["count"] == 1
    assert found["booking_without_busy_interval"]["sample_ids"] == [str(world.booking.pk)]
    orphans = found["busy_interval_orphaned"]
    released = BusyInterval.objects.get(reference=str(world.cancelled.pk))
    expected = {
        str(released.pk),
        str(stray.pk),
        str(BusyInterval.objects.get(reference=f"offer:{expired.pk}").pk),
    }
    assert orphans["count"] == 3
    assert set(orphans["sample_ids"]) == expected
    # The completed booking's interval and the open offer's hold are not orphans.
    assert str(BusyInterval.objects.get(reference=str(world.completed.pk)).pk) not in expected


def test_totals_that_differ_from_their_ledgers_are_found(world):
    CreditWallet.objects.filter(pk=world.wallet.pk).update(balance=3)
    LearnerStanding.objects.filter(pk=world.standing.pk).update(total_points=F("total_points") + 25)

    found = issues(integrity_report())

    assert found["wallet_balance_differs"]["sample_ids"] == [str(world.learner.pk)]
    assert found["points_total_differs"]["sample_ids"] == [str(world.learner.pk)]


def test_opportunity_counters_that_differ_from_their_rows_are_found(world):
    Opportunity.objects.filter(pk=world.course.pk).update(enrollment_count=7)
    Opportunity.objects.filter(pk=world.workshop.pk).update(seats_taken=1)
    Opportunity.objects.filter(pk=world.course.pk).update(average_rating="2.00")
    Opportunity.objects.filter(pk=world.workshop.pk).update(rating_count=5)

    found = issues(integrity_report())

    assert found["enrollment_count_differs"]["count"] == 2
    assert set(found["enrollment_count_differs"]["sample_ids"]) == {
        str(world.course.pk),
        str(world.workshop.pk),
    }
    assert found["rating_differs"]["count"] == 2
    assert set(found["rating_differs"]["sample_ids"]) == {str(world.course.pk), str(world.workshop.pk)}


def test_a_rounded_average_is_not_an_inconsistency(world):
    # Ratings 4, 5 and 5 average 4.666…, which the catalogue stores as 4.67.
    Enrollment.objects.filter(opportunity=world.workshop, rating=3).update(rating=4)
    Enrollment.objects.filter(opportunity=world.workshop, rating__isnull=True).update(rating=5)
    enroll(person(), world.workshop, rating=5)
    recount(world.workshop)

    assert str(Opportunity.objects.get(pk=world.workshop.pk).average_rating) == "4.67"
    assert integrity_report()["issues"] == []


def test_the_sample_is_limited_and_the_count_is_whole(world, settings):
    settings.ANALYTICS_INTEGRITY_SAMPLE_SIZE = 3
    missing = [UserFactory() for _ in range(5)]

    issue = issues(integrity_report())["learner_profile_missing"]

    assert issue["count"] == 5
    assert issue["sample_ids"] == sorted(str(user.pk) for user in missing)[:3]


def snapshot() -> dict:
    models = [
        User,
        LearnerProfile,
        MentorProfile,
        Booking,
        BusyInterval,
        CreditWallet,
        CreditEntry,
        LearnerStanding,
        PointsEntry,
        Opportunity,
        Enrollment,
        AuditEntry,
    ]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def plant_everything(world) -> None:
    UserFactory()
    person(is_mentor=True)
    BusyInterval.objects.filter(reference=str(world.booking.pk)).update(is_live=False)
    BusyInterval.objects.filter(reference=str(world.cancelled.pk)).update(is_live=True)
    CreditWallet.objects.filter(pk=world.wallet.pk).update(balance=3)
    LearnerStanding.objects.filter(pk=world.standing.pk).update(total_points=1)
    Opportunity.objects.filter(pk=world.course.pk).update(enrollment_count=7, rating_count=9)


def test_the_report_changes_nothing(world):
    plant_everything(world)
    staff = client_for(world.staff)
    before = snapshot()

    response = staff.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["health_status"] == "unhealthy"
    assert {issue["code"] for issue in body["issues"]} == {
        "learner_profile_missing",
        "mentor_profile_missing",
        "booking_without_busy_interval",
        "busy_interval_orphaned",
        "wallet_balance_differs",
        "points_total_differs",
        "enrollment_count_differs",
        "rating_differs",
    }
    assert body["timestamp"].endswith("Z")
    assert snapshot() == before


def test_only_staff_see_the_report(world, anon_client):
    assert anon_client.get(URL).status_code == 401
    assert client_for(world.learner).get(URL).status_code == 403
    assert client_for(world.mentor.user).get(URL).status_code == 403
    assert client_for(world.learner).post(f"{URL}/repair").status_code == 403
    assert client_for(world.staff).get(URL).status_code == 200


@pytest.mark.parametrize("planted", [5, 50])
def test_the_report_runs_the_same_statements_whatever_it_finds(world, planted, django_assert_num_queries):
    for _ in range(planted):
        UserFactory()
        CreditWallet.objects.create(user=person(), balance=2)
    # One for the account figures, then for each of the 16 checks its count, and a sample for
    # the two that find something.
    with django_assert_num_queries(1 + 16 + 2):
        report = integrity_report()
    assert issues(report)["learner_profile_missing"]["count"] == planted
    assert issues(report)["wallet_balance_differs"]["count"] == planted
