"""/staff/mentors: the review queue, approval and rejection through the staff API."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEntry
from mentors import services
from mentors.errors import IllegalStatusChange
from mentors.models import MentorStatus, MentorTier
from messaging.models import Notification
from tests.concurrency import run_together
from tests.conftest import client_for
from tests.mentors.factories import MentorFactory, SkillFactory, pending_mentor

NOW = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def approve(client, mentor, **body):
    return client.post(f"/api/v1/staff/mentors/{mentor.pk}/approve", body, format="json")


def reject(client, mentor, **body):
    return client.post(f"/api/v1/staff/mentors/{mentor.pk}/reject", body, format="json")


def test_approval_moves_the_profile_grants_the_role_notifies_once_and_audits_once(staff, staff_client):
    mentor = pending_mentor()
    response = approve(staff_client, mentor, mentor_tier="premium")
    assert response.status_code == 200, response.json()
    assert (
        response.json()["status"] == "approved" and response.json()["approved_at"] == "2027-01-10T12:00:00Z"
    )
    mentor.refresh_from_db()
    assert (
        mentor.status == MentorStatus.APPROVED
        and mentor.is_verified
        and mentor.mentor_tier == MentorTier.PREMIUM
    )
    assert mentor.user.is_mentor is True
    notification = Notification.objects.get(user=mentor.user)
    assert notification.type == "mentor_application_approved"
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (staff, "mentor.approve", str(mentor.pk))
    assert entry.details["mentor_tier"] == "premium"


def test_approving_twice_is_a_conflict_and_notifies_no_one_again(staff_client):
    mentor = pending_mentor()
    assert approve(staff_client, mentor).status_code == 200
    response = approve(staff_client, mentor)
    assert response.status_code == 409 and response.json()["details"] == {"status": "approved"}
    assert Notification.objects.filter(user=mentor.user).count() == 1
    assert AuditEntry.objects.count() == 1


@pytest.mark.parametrize("status", [MentorStatus.DRAFT, MentorStatus.APPROVED, MentorStatus.REJECTED])
def test_only_a_pending_application_can_be_decided(staff_client, status):
    mentor = MentorFactory(status=status)
    assert approve(staff_client, mentor).status_code == 409
    assert reject(staff_client, mentor, rejection_reason="No.").status_code == 409
    mentor.refresh_from_db()
    assert mentor.status == status
    assert not Notification.objects.exists() and not AuditEntry.objects.exists()


def test_rejection_keeps_the_reason_notifies_once_and_audits_once(staff, staff_client):
    mentor = pending_mentor()
    response = reject(staff_client, mentor, rejection_reason="Please add your work history.")
    assert response.status_code == 200
    mentor.refresh_from_db()
    assert (
        mentor.status == MentorStatus.REJECTED and mentor.rejection_reason == "Please add your work history."
    )
    assert mentor.user.is_mentor is False
    notification = Notification.objects.get(user=mentor.user)
    assert notification.type == "mentor_application_rejected"
    assert notification.body == "Please add your work history."
    assert AuditEntry.objects.get().action == "mentor.reject"


def test_a_resubmitted_application_is_notified_again_on_its_new_decision(staff_client):
    mentor = pending_mentor()
    reject(staff_client, mentor, rejection_reason="Add a bio.")
    mentor.refresh_from_db()
    mentor.status, mentor.submitted_at = MentorStatus.PENDING_APPROVAL, NOW
    mentor.save()
    approve(staff_client, mentor)
    assert sorted(Notification.objects.filter(user=mentor.user).values_list("type", flat=True)) == [
        "mentor_application_approved",
        "mentor_application_rejected",
    ]


@pytest.mark.parametrize("body", [{}, {"rejection_reason": ""}, {"rejection_reason": "   "}])
def test_a_rejection_needs_a_reason(staff_client, body):
    mentor = pending_mentor()
    response = staff_client.post(f"/api/v1/staff/mentors/{mentor.pk}/reject", body, format="json")
    assert response.status_code == 400
    assert "rejection_reason" in response.json()["details"]
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.PENDING_APPROVAL


def test_an_unknown_tier_is_refused(staff_client):
    mentor = pending_mentor()
    response = approve(staff_client, mentor, mentor_tier="gold")
    assert response.status_code == 400 and "mentor_tier" in response.json()["details"]
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.PENDING_APPROVAL


def test_decisions_are_for_staff_only():
    mentor = pending_mentor()
    other_mentor = client_for(MentorFactory().user)
    learner = client_for(mentor.user)  # not even the applicant
    for client, expected in ((learner, 403), (other_mentor, 403)):
        assert approve(client, mentor).status_code == expected
        assert reject(client, mentor, rejection_reason="x").status_code == expected
        assert client.get("/api/v1/staff/mentors").status_code == expected
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.PENDING_APPROVAL


def test_the_queue_filters_by_status_text_and_submission_dates(staff_client):
    early = pending_mentor(title="Chess coach", submitted_at=datetime(2027, 1, 2, 23, 0, tzinfo=UTC))
    late = pending_mentor(title="Chess grandmaster", submitted_at=datetime(2027, 1, 8, 9, 0, tzinfo=UTC))
    pending_mentor(title="Piano teacher", submitted_at=datetime(2027, 1, 5, tzinfo=UTC))
    MentorFactory(title="Chess club", status=MentorStatus.APPROVED)

    def listed(**params):
        response = staff_client.get("/api/v1/staff/mentors", params)
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["items"]]

    assert listed(status="pending_approval", q="chess") == [str(early.pk), str(late.pk)]  # oldest first
    assert listed(status="pending_approval", submitted_from="2027-01-03") == [
        item for item in listed(status="pending_approval") if item != str(early.pk)
    ]
    assert listed(q="chess", submitted_to="2027-01-02") == [str(early.pk)]  # the whole day counts
    assert len(listed()) == 4
    bad = staff_client.get("/api/v1/staff/mentors", {"status": "sleeping", "submitted_from": "yesterday"})
    assert bad.status_code == 400 and {"status", "submitted_from"} <= set(bad.json()["details"])


def test_a_queue_row_shows_the_applicant(staff_client):
    mentor = pending_mentor(user__email="applicant@example.com")
    mentor.skills.add(SkillFactory(name="Chess"))
    row = staff_client.get("/api/v1/staff/mentors").json()["items"][0]
    assert row["user"]["email"] == "applicant@example.com"
    assert row["status"] == "pending_approval" and row["submitted_at"] == "2027-01-01T00:00:00Z"
    assert [s["name"] for s in row["skills"]] == ["Chess"]


@pytest.mark.parametrize("count", [5, 50])
def test_the_queue_runs_a_fixed_number_of_queries(staff_client, count):
    for _ in range(count):
        pending_mentor().skills.add(SkillFactory(name="Chess"))
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get("/api/v1/staff/mentors", {"limit": count})
    assert len(response.json()["items"]) == count
    assert len(queries) == 5  # staff user, count, page with users, skills, subjects


@pytest.mark.django_db(transaction=True)
def test_staff_deciding_one_application_at_once_leave_exactly_one_decision(staff):
    mentor = pending_mentor()

    def decide(n):
        try:
            if n % 2:
                services.mentor_approve(mentor=mentor, actor=staff)
            else:
                services.mentor_reject(mentor=mentor, actor=staff, reason="Not yet.")
            return "decided"
        except IllegalStatusChange:
            return "409"

    results = run_together(decide, range(12))
    assert results.count("decided") == 1 and results.count("409") == 11, results
    assert Notification.objects.filter(user=mentor.user).count() == 1
    assert AuditEntry.objects.count() == 1
