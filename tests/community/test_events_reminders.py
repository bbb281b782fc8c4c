"""event_reminder 24 hours before (the pattern of bookings' reminders): once per attendee, moved
with a rescheduled event, never for a cancelled one or someone who stopped going, and once
however many workers run the job at the same moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from community.models.events import EventReminder
from community.services import events as services
from community.services.events_reminders import reminders_send_due
from messaging.models import Notification
from tests.community.events_factories import an_event
from tests.concurrency import run_together
from tests.factories import UserFactory

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
STARTS = datetime(2027, 3, 5, 18, 0, tzinfo=UTC)
DAY_BEFORE = STARTS - timedelta(hours=24)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _reminded(event):
    return Notification.objects.filter(type="event_reminder", data__event_id=str(event.pk))


def _going(event, count: int) -> list:
    users = [UserFactory(timezone="Europe/Berlin") for _ in range(count)]
    for user in users:
        services.rsvp_set(event_id=event.pk, user=user, status="going")
    return users


@pytest.mark.django_db
def test_the_reminder_fires_once_per_attendee_24_hours_before(clock):
    event = an_event(starts_at=STARTS, capacity=10)
    going = _going(event, 3)
    services.rsvp_set(event_id=event.pk, user=UserFactory(), status="interested")

    assert reminders_send_due(now=DAY_BEFORE - timedelta(minutes=1)) == 0
    assert reminders_send_due(now=DAY_BEFORE) == 3
    assert reminders_send_due(now=DAY_BEFORE + timedelta(minutes=5)) == 0

    assert sorted(_reminded(event).values_list("user_id", flat=True)) == sorted(u.pk for u in going)
    one = _reminded(event).get(user=going[0])
    assert "Friday 05 March 2027, 19:00 (Europe/Berlin)" in one.body
    assert set(EventReminder.objects.filter(event=event).values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_a_rescheduled_event_moves_its_reminders_and_reminds_again_for_the_new_time(clock):
    host = UserFactory(is_staff=True)
    event = an_event(starts_at=STARTS, host=host)
    (attendee,) = _going(event, 1)
    later = STARTS + timedelta(days=2)

    services.event_update(
        event_id=event.pk, user=host, data={"starts_at": later, "ends_at": later + timedelta(hours=2)}
    )

    assert reminders_send_due(now=DAY_BEFORE) == 0
    assert EventReminder.objects.get(event=event).due_at == later - timedelta(hours=24)
    assert reminders_send_due(now=later - timedelta(hours=24)) == 1

    # Moved again after it went out: the new time is reminded too, once.
    latest = later + timedelta(days=1)
    services.event_update(
        event_id=event.pk, user=host, data={"starts_at": latest, "ends_at": latest + timedelta(hours=2)}
    )
    assert reminders_send_due(now=latest - timedelta(hours=24)) == 1
    assert reminders_send_due(now=latest - timedelta(hours=23)) == 0
    assert _reminded(event).filter(user=attendee).count() == 2


@pytest.mark.django_db
def test_a_cancelled_event_or_a_drop_out_is_never_reminded(clock):
    host = UserFactory(is_staff=True)
    cancelled = an_event(starts_at=STARTS, host=host)
    _going(cancelled, 2)
    services.event_cancel(event_id=cancelled.pk, user=host, reason="Rain")
    left = an_event(starts_at=STARTS)
    (leaver,) = _going(left, 1)
    services.rsvp_set(event_id=left.pk, user=leaver, status="not_going")

    assert reminders_send_due(now=DAY_BEFORE) == 0
    assert not Notification.objects.filter(type="event_reminder").exists()


@pytest.mark.django_db
def test_a_reminder_row_left_planned_for_a_cancelled_event_is_not_sent(clock):
    # Even if a row escaped the cancellation (written by hand, a bug), the job re-checks the event.
    event = an_event(starts_at=STARTS)
    _going(event, 1)
    type(event).objects.filter(pk=event.pk).update(status="cancelled")

    assert reminders_send_due(now=DAY_BEFORE) == 0
    assert EventReminder.objects.get(event=event).status == "cancelled"


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once():
    with time_machine.travel(NOW, tick=False):
        events = [an_event(starts_at=STARTS, capacity=10) for _ in range(3)]
        for event in events:
            _going(event, 3)

        counts = run_together(lambda _: reminders_send_due(now=DAY_BEFORE), range(2))

    assert sum(counts) == 9, counts
    for event in events:
        assert _reminded(event).count() == 3
    assert EventReminder.objects.filter(status="sent").count() == 9


@pytest.mark.django_db
def test_the_beat_task_sends_what_is_due_now():
    from community.tasks import send_due_event_reminders

    with time_machine.travel(NOW, tick=False):
        event = an_event(starts_at=STARTS)
        _going(event, 2)
    with time_machine.travel(DAY_BEFORE + timedelta(minutes=3), tick=False):
        assert send_due_event_reminders() == 2
        assert send_due_event_reminders() == 0
