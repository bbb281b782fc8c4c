"""Enrollment (issue 16): one per learner, jobs refused, capacity, paid enrollments through
payments' offline gateway and its webhook, cancellation and refunds."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from learning.models import Enrollment, EnrollmentStatus, Opportunity, OpportunityType
from learning.services.enrollment import enrollments_expire_unpaid
from messaging.models import Notification
from payments.models import Payment
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.learning.factories import ENROLLMENTS_URL, OPPORTUNITIES_URL, opportunity
from tests.payments.conftest import DECLINED_CARD, pay

pytestmark = pytest.mark.django_db


def enroll(user, item, **body):
    return client_for(user).post(f"{OPPORTUNITIES_URL}/{item.pk}/enroll", body, format="json")


def test_a_free_course_enrolls_at_once_and_a_second_enrollment_is_409():
    learner = UserFactory()
    course = opportunity(lessons=3)

    first = enroll(learner, course)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["enrollment"]["status"] == "enrolled"
    assert body["enrollment"]["progress"] == 0
    assert body["payment_required"] is False
    assert body["payment"] is None
    assert Notification.objects.filter(user=learner, type="enrollment_confirmed").count() == 1

    second = enroll(learner, course)
    assert second.status_code == 409
    assert second.json()["error"] == "CONFLICT"
    course.refresh_from_db()
    assert course.enrollment_count == 1


def test_a_job_cannot_be_enrolled_in_and_shows_where_to_apply():
    job = opportunity(type=OpportunityType.JOB)
    response = enroll(UserFactory(), job)
    assert response.status_code == 400
    assert response.json()["details"]["apply_url"] == job.apply_url
    assert not Enrollment.objects.exists()


def test_mentorship_is_booked_not_enrolled():
    response = enroll(UserFactory(), opportunity(type=OpportunityType.MENTORSHIP))
    assert response.status_code == 400


def test_a_draft_is_404_to_learners():
    response = enroll(UserFactory(), opportunity(status="draft", lessons=1))
    assert response.status_code == 404


def test_the_last_seat_goes_to_one_learner_and_the_next_hears_409():
    workshop = opportunity(type=OpportunityType.WORKSHOP, capacity=1)
    assert enroll(UserFactory(), workshop).status_code == 201
    late = enroll(UserFactory(), workshop)
    assert late.status_code == 409
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1


def test_a_paid_course_waits_for_the_card_and_the_webhook_enrolls():
    learner = UserFactory()
    course = opportunity(lessons=2, price=Decimal("49.00"))

    response = enroll(learner, course)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["enrollment"]["status"] == "pending_payment"
    assert body["payment_required"] is True
    assert body["payment"]["amount"] == {"amount": "49.00", "currency": "USD"}

    pay(Payment.objects.get(pk=body["payment"]["id"]))

    enrollment = Enrollment.objects.get(pk=body["enrollment"]["id"])
    assert enrollment.status == EnrollmentStatus.ENROLLED
    assert enrollment.paid_at is not None
    assert Notification.objects.filter(user=learner, type="enrollment_confirmed").count() == 1


def test_a_declined_card_leaves_it_pending_and_grants_nothing():
    learner = UserFactory()
    course = opportunity(lessons=2, price=Decimal("49.00"))
    body = enroll(learner, course).json()

    pay(Payment.objects.get(pk=body["payment"]["id"]), DECLINED_CARD)

    enrollment = Enrollment.objects.get(pk=body["enrollment"]["id"])
    assert enrollment.status == EnrollmentStatus.PENDING_PAYMENT
    assert enrollment.paid_at is None
    assert not Notification.objects.filter(user=learner, type="enrollment_confirmed").exists()
    lesson = course.lessons.first()
    progress = client_for(learner).patch(
        f"{ENROLLMENTS_URL}/{enrollment.pk}/progress",
        {"completed_lesson_ids": [str(lesson.pk)]},
        format="json",
    )
    assert progress.status_code == 409


def test_an_unpaid_enrollment_expires_and_frees_its_seat():
    learner = UserFactory()
    workshop = opportunity(type=OpportunityType.WORKSHOP, capacity=1, price=Decimal("20.00"))
    body = enroll(learner, workshop).json()

    assert enrollments_expire_unpaid(now=timezone.now() + timedelta(minutes=16)) == 1

    assert Enrollment.objects.get(pk=body["enrollment"]["id"]).status == EnrollmentStatus.CANCELLED
    workshop.refresh_from_db()
    assert (workshop.seats_taken, workshop.enrollment_count) == (0, 0)
    assert enroll(UserFactory(), workshop).status_code == 201


def test_cancelling_a_paid_enrollment_within_the_window_refunds_it_in_full():
    learner = UserFactory()
    course = opportunity(lessons=2, price=Decimal("49.00"))
    body = enroll(learner, course).json()
    payment = Payment.objects.get(pk=body["payment"]["id"])
    pay(payment)

    response = client_for(learner).post(
        f"{ENROLLMENTS_URL}/{body['enrollment']['id']}/cancel", {}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["refund_policy"] == "full"
    assert response.json()["enrollment"]["status"] == "cancelled"
    payment.refresh_from_db()
    assert payment.amount_refunded == Decimal("49.00")
    course.refresh_from_db()
    assert course.enrollment_count == 0


def test_cancelling_after_the_refund_window_drops_without_a_refund():
    learner = UserFactory()
    course = opportunity(lessons=2, price=Decimal("49.00"))
    body = enroll(learner, course).json()
    payment = Payment.objects.get(pk=body["payment"]["id"])
    pay(payment)
    Enrollment.objects.filter(pk=body["enrollment"]["id"]).update(paid_at=timezone.now() - timedelta(days=30))

    response = client_for(learner).post(
        f"{ENROLLMENTS_URL}/{body['enrollment']['id']}/cancel", {}, format="json"
    )

    assert response.json()["refund_policy"] == "none"
    assert response.json()["enrollment"]["status"] == "dropped"
    payment.refresh_from_db()
    assert payment.amount_refunded == Decimal("0.00")


def test_another_learner_cannot_touch_an_enrollment():
    owner, other = UserFactory(), UserFactory()
    body = enroll(owner, opportunity(lessons=1)).json()
    enrollment_id = body["enrollment"]["id"]
    stranger = client_for(other)
    assert stranger.patch(f"{ENROLLMENTS_URL}/{enrollment_id}/progress", {}, format="json").status_code == 404
    assert stranger.post(f"{ENROLLMENTS_URL}/{enrollment_id}/cancel", {}, format="json").status_code == 404
    assert (
        stranger.post(f"{ENROLLMENTS_URL}/{enrollment_id}/rate", {"rating": 5}, format="json").status_code
        == 404
    )
    assert stranger.get(ENROLLMENTS_URL).json()["total"] == 0


def test_counts_survive_a_reload():
    course = opportunity(lessons=1)
    for _ in range(3):
        enroll(UserFactory(), course)
    assert Opportunity.objects.get(pk=course.pk).enrollment_count == 3
