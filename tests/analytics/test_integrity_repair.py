"""POST /staff/integrity/repair: the safe fixes, one audit entry each, and a clean second report;
what is only reported stays as it was."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F

from accounts.models import AuditEntry, LearnerProfile, User
from analytics.integrity.report import integrity_repair, integrity_report
from learning.models import LearnerStanding, Opportunity
from mentors.models import BusyInterval, BusySource, MentorStatus
from payments.models import CreditWallet
from tests.analytics.integrity_world import build_world, enroll, mentor, person
from tests.bookings.factories import BookingFactory
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/staff/integrity/repair"


@pytest.fixture
def world(taxonomy):
    return build_world()


def plant_repairable(world) -> dict:
    """One of each kind the repair fixes; returns the ids it should fix, by code."""
    no_profile = UserFactory()
    BusyInterval.objects.filter(reference=str(world.booking.pk)).update(is_live=False)
    BusyInterval.objects.filter(reference=str(world.cancelled.pk)).update(is_live=True)
    stray = BusyInterval.objects.create(
        mentor=world.mentor,
        start_at=world.booking.start_at + timedelta(hours=5),
        end_at=world.booking.start_at + timedelta(hours=6),
        source=BusySource.HOLD,
        reference="",
    )
    CreditWallet.objects.filter(pk=world.wallet.pk).update(balance=3)
    LearnerStanding.objects.filter(pk=world.standing.pk).update(total_points=F("total_points") + 25)
    Opportunity.objects.filter(pk=world.course.pk).update(enrollment_count=7)
    Opportunity.objects.filter(pk=world.workshop.pk).update(
        seats_taken=0, average_rating="1.00", rating_count=4
    )
    return {
        "learner_profile_missing": {str(no_profile.pk)},
        "booking_without_busy_interval": {str(world.booking.pk)},
        "busy_interval_orphaned": {
            str(BusyInterval.objects.get(reference=str(world.cancelled.pk)).pk),
            str(stray.pk),
        },
        "wallet_balance_differs": {str(world.learner.pk)},
        "points_total_differs": {str(world.learner.pk)},
        "enrollment_count_differs": {str(world.course.pk), str(world.workshop.pk)},
        "rating_differs": {str(world.workshop.pk)},
    }


def test_repair_fixes_each_safe_kind_audits_each_fix_and_the_next_report_is_clean(world):
    expected = plant_repairable(world)

    response = client_for(world.staff).post(URL)

    assert response.status_code == 200
    body = response.json()
    assert {item["code"]: set(item["ids"]) for item in body["repaired"]} == expected
    assert all(item["count"] == len(item["ids"]) for item in body["repaired"])
    # The report in the answer is taken after the fixes, and so is the next one.
    assert body["issues"] == []
    assert body["health_status"] == "healthy"
    assert integrity_report()["issues"] == []

    entries = AuditEntry.objects.filter(action="integrity.repair")
    assert entries.count() == sum(len(ids) for ids in expected.values())
    assert {entry.actor_id for entry in entries} == {world.staff.pk}
    by_code: dict[str, set[str]] = {}
    for entry in entries:
        by_code.setdefault(entry.details["code"], set()).add(entry.target_id)
    assert by_code == expected


def test_each_fix_puts_back_what_the_rows_say(world):
    plant_repairable(world)
    user = User.objects.exclude(learner_profile__isnull=False).get()

    integrity_repair(actor=world.staff)

    assert LearnerProfile.objects.filter(user=user).exists()
    assert not BusyInterval.objects.filter(reference=str(world.cancelled.pk), is_live=True).exists()
    # The booking's and the open offer's time stay held.
    assert BusyInterval.objects.filter(reference=str(world.booking.pk), is_live=True).exists()
    assert BusyInterval.objects.filter(reference=f"offer:{world.offer.pk}", is_live=True).exists()
    assert CreditWallet.objects.get(pk=world.wallet.pk).balance == 11
    assert LearnerStanding.objects.get(pk=world.standing.pk).total_points == 150
    course = Opportunity.objects.get(pk=world.course.pk)
    # Enrolled and dropped count; the cancelled enrollment does not.
    assert course.enrollment_count == 2
    workshop = Opportunity.objects.get(pk=world.workshop.pk)
    assert (workshop.seats_taken, workshop.enrollment_count) == (2, 2)
    assert (workshop.average_rating, workshop.rating_count) == (Decimal("3.00"), 1)
    wallet_entry = AuditEntry.objects.get(action="integrity.repair", details__code="wallet_balance_differs")
    assert (wallet_entry.details["balance_before"], wallet_entry.details["balance_after"]) == (3, 11)


def test_what_is_only_reported_is_left_alone(world):
    mentor_without_profile = person(is_mentor=True)
    draft = mentor(status=MentorStatus.DRAFT)
    # The booking lost its interval and another booking took that time since: which of the two
    # keeps it is for staff to say.
    BusyInterval.objects.filter(reference=str(world.booking.pk)).update(is_live=False)
    rival = BookingFactory(mentor=world.mentor, learner=person(), start_at=world.booking.start_at)
    before = integrity_report()["issues"]

    repaired = integrity_repair(actor=world.staff)

    assert repaired == []
    assert not AuditEntry.objects.filter(action="integrity.repair").exists()
    assert integrity_report()["issues"] == before
    assert {issue["code"] for issue in before} == {
        "mentor_profile_missing",
        "mentor_role_without_approval",
        "booking_without_busy_interval",
    }
    assert User.objects.get(pk=mentor_without_profile.pk).is_mentor is True
    draft.refresh_from_db()
    assert draft.status == MentorStatus.DRAFT
    assert not BusyInterval.objects.filter(reference=str(world.booking.pk), is_live=True).exists()
    assert BusyInterval.objects.filter(reference=str(rival.pk), is_live=True).count() == 1


def test_a_booking_gets_its_time_back_as_the_kind_of_interval_its_status_needs(world):
    BusyInterval.objects.filter(reference=str(world.booking.pk)).update(is_live=False)

    integrity_repair(actor=world.staff)

    interval = BusyInterval.objects.get(reference=str(world.booking.pk), is_live=True)
    assert (interval.source, interval.session_start_at, interval.session_end_at) == (
        BusySource.BOOKING,
        world.booking.start_at,
        world.booking.end_at,
    )
    entry = AuditEntry.objects.get(action="integrity.repair")
    assert (entry.target_type, entry.target_id) == ("bookings.booking", str(world.booking.pk))
    assert entry.details["busy_interval_id"] == str(interval.pk)


def test_a_recount_that_would_break_the_capacity_is_left_for_staff(world):
    Opportunity.objects.filter(pk=world.workshop.pk).update(capacity=2)
    # A third seat-holding enrollment written behind the service's back: the true count (3) no
    # longer fits the capacity, so which learner keeps a seat is for staff to say.
    enroll(person(), world.workshop)

    assert integrity_repair(actor=world.staff) == []
    assert [issue["code"] for issue in integrity_report()["issues"]] == ["enrollment_count_differs"]
    assert Opportunity.objects.get(pk=world.workshop.pk).seats_taken == 2


def test_repair_takes_at_most_the_limit_per_kind_and_the_next_run_the_rest(world, settings):
    settings.ANALYTICS_INTEGRITY_REPAIR_LIMIT = 2
    for _ in range(3):
        UserFactory()

    first = integrity_repair(actor=None)
    second = integrity_repair(actor=None)

    assert [(item["code"], item["count"]) for item in first] == [("learner_profile_missing", 2)]
    assert [(item["code"], item["count"]) for item in second] == [("learner_profile_missing", 1)]
    assert integrity_report()["issues"] == []
    assert set(AuditEntry.objects.filter(action="integrity.repair").values_list("actor", flat=True)) == {None}


def test_the_repair_answer_matches_the_schema_when_nothing_is_wrong(world):
    response = client_for(world.staff).post(URL)

    assert response.status_code == 200
    assert response.json()["repaired"] == []
    assert response.json()["health_status"] == "healthy"
