"""learning's jobs and notices: "starts in 24 hours" once per learner, course updates to the
enrolled learners."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from learning.models import OpportunityType, StartReminder
from learning.services import catalogue
from learning.services.enrollment import enrollment_create, start_reminders_send
from messaging.models import Notification
from tests.factories import UserFactory
from tests.learning.factories import opportunity
from tests.mentors.factories import MentorFactory

pytestmark = pytest.mark.django_db


def test_a_workshop_reminder_fires_once_24_hours_before():
    starts = timezone.now() + timedelta(days=3)
    workshop = opportunity(type=OpportunityType.WORKSHOP, starts_at=starts)
    learner = UserFactory()
    enrollment_create(user=learner, opportunity_id=workshop.pk)
    reminder = StartReminder.objects.get()
    assert reminder.due_at == starts - timedelta(hours=24)

    assert start_reminders_send(now=starts - timedelta(hours=25)) == 0
    assert start_reminders_send(now=starts - timedelta(hours=23)) == 1
    assert start_reminders_send(now=starts - timedelta(hours=22)) == 0
    assert Notification.objects.filter(user=learner, type="session_reminder").count() == 1


def test_enrolled_learners_hear_about_a_new_lesson():
    mentor = MentorFactory()
    course = opportunity(lessons=1, mentor=mentor)
    learner, bystander = UserFactory(), UserFactory()
    enrollment_create(user=learner, opportunity_id=course.pk)

    catalogue.lesson_save(opportunity_id=course.pk, user=mentor.user, data={"title": "Bonus: pivot tables"})

    notice = Notification.objects.get(user=learner, type="course_update")
    assert "Bonus: pivot tables" in notice.body
    assert not Notification.objects.filter(user=bystander, type="course_update").exists()
