"""availability_changed: sent once a change of a mentor's free time is committed, never before."""

import pytest
from django.db import transaction

from mentors import services
from mentors.models import MentorProfile
from mentors.signals import availability_changed
from tests.mentors.factories import MentorFactory, mentor_with_weekly_hours

pytestmark = pytest.mark.django_db

RULE = {"day_of_week": "friday", "start_time": "09:00", "end_time": "10:00"}


@pytest.fixture
def heard():
    received = []

    def listener(sender, mentor_id, **kwargs):
        received.append((sender, mentor_id))

    availability_changed.connect(listener)
    yield received
    availability_changed.disconnect(listener)


def test_replacing_the_schedule_is_announced_after_commit(heard, django_capture_on_commit_callbacks):
    mentor = MentorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_replace(mentor=mentor, timezone="UTC", rules=[RULE])
        assert heard == []  # not before the commit
    assert heard == [(MentorProfile, mentor.pk)]


def test_adding_and_removing_a_rule_are_announced(heard, django_capture_on_commit_callbacks):
    mentor = mentor_with_weekly_hours(days=[0])
    with django_capture_on_commit_callbacks(execute=True):
        created = services.schedule_rules_add(mentor=mentor, rules=[RULE])
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_rule_delete(mentor=mentor, rule_id=created[0].pk)
    assert heard == [(MentorProfile, mentor.pk)] * 2


def test_a_change_that_rolls_back_is_never_announced(heard, django_capture_on_commit_callbacks):
    mentor = MentorFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.schedule_replace(mentor=mentor, timezone="UTC", rules=[RULE])
        raise RuntimeError("the caller fails after the write")
    assert callbacks == [] and heard == []


def test_a_failing_listener_does_not_fail_the_save_and_is_logged(django_capture_on_commit_callbacks, caplog):
    def broken(sender, mentor_id, **kwargs):
        raise ValueError("listener bug")

    availability_changed.connect(broken)
    try:
        mentor = MentorFactory()
        with django_capture_on_commit_callbacks(execute=True):
            schedule = services.schedule_replace(mentor=mentor, timezone="UTC", rules=[RULE])
    finally:
        availability_changed.disconnect(broken)
    assert schedule.entries.count() == 1
    assert "availability_changed receiver" in caplog.text and "listener bug" in caplog.text
