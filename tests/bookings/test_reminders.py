"""Reminders that fire once (issues 7 and 8): 24 hours and 1 hour before, for the learner and the
mentor, each a row planned on confirmation, moved on reschedule, cancelled on cancellation, sent
once by however many workers, never late, and retried after a failure."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from bookings import notifications, services, tasks
from bookings.models import Booking, Reminder, ReminderAttempt
from messaging.models import Notification
from tests.bookings.factories import at, bookable_mentor, booked
from tests.concurrency import run_together
from tests.factories import UserFactory

WEDNESDAY_10 = at(2, 10)
DAY_BEFORE = at(1, 10)  # the 24-hour reminders of a Wednesday 10:00 session
HOUR_BEFORE = at(2, 9)  # its 1-hour reminders


@pytest.fixture
def mentor(db):
    return bookable_mentor()


@pytest.fixture
def learner(db):
    return UserFactory(timezone="UTC")


@pytest.fixture
def booking(clock, learner, mentor):
    return booked(learner, mentor, WEDNESDAY_10)


def _plan(booking) -> dict:
    rows = Reminder.objects.filter(booking=booking)
    return {(r.recipient_id, r.kind): (r.status, r.due_at) for r in rows}


def _sent(booking, kind: str | None = None):
    found = Notification.objects.filter(type="session_reminder", data__booking_id=str(booking.pk))
    return found.filter(data__kind=kind) if kind else found


def test_confirming_plans_a_day_before_and_an_hour_before_reminder_for_each_participant(booking):
    assert booking.status == "confirmed"
    learner, mentor = booking.learner_id, booking.mentor.user_id
    assert _plan(booking) == {
        (learner, "24h"): ("planned", DAY_BEFORE),
        (learner, "1h"): ("planned", HOUR_BEFORE),
        (mentor, "24h"): ("planned", DAY_BEFORE),
        (mentor, "1h"): ("planned", HOUR_BEFORE),
    }
    assert services.reminders_send_due(now=DAY_BEFORE - timedelta(minutes=1)) == 0
    assert not _sent(booking).exists()


def test_running_the_job_twice_sends_each_reminder_once(booking):
    assert services.reminders_send_due(now=DAY_BEFORE) == 2
    assert services.reminders_send_due(now=DAY_BEFORE + timedelta(minutes=1)) == 0
    assert services.reminders_send_due(now=HOUR_BEFORE) == 2
    assert services.reminders_send_due(now=HOUR_BEFORE + timedelta(minutes=1)) == 0

    for user in (booking.learner, booking.mentor.user):
        mine = _sent(booking).filter(user=user)
        assert sorted(mine.values_list("data__kind", flat=True)) == ["1h", "24h"]
    assert set(Reminder.objects.filter(booking=booking).values_list("status", flat=True)) == {"sent"}
    assert ReminderAttempt.objects.filter(reminder__booking=booking, status="sent").count() == 4
    tomorrow = _sent(booking, "24h").get(user=booking.learner)
    assert "starts tomorrow" in tomorrow.title
    assert "Wednesday 03 March 2027, 10:00" in tomorrow.body


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_job_at_once_send_each_reminder_once(clock):
    bookings = [booked(UserFactory(timezone="UTC"), bookable_mentor(), WEDNESDAY_10) for _ in range(3)]

    counts = run_together(lambda _: services.reminders_send_due(now=DAY_BEFORE), range(2))

    assert sum(counts) == 6, counts  # 3 bookings x 2 participants, however the work was split
    for booking in bookings:
        assert _sent(booking, "24h").count() == 2
        assert set(_sent(booking, "24h").values_list("user_id", flat=True)) == {
            booking.learner_id,
            booking.mentor.user_id,
        }
    assert ReminderAttempt.objects.filter(channel="in_app", status="sent").count() == 6


def test_a_booking_made_two_hours_ahead_gets_only_the_one_hour_reminder(clock, learner, mentor):
    soon = at(0, 10)  # it is 08:00
    booking = booked(learner, mentor, soon)

    assert {kind: status for (_, kind), (status, _) in _plan(booking).items()} == {
        "24h": "skipped",
        "1h": "planned",
    }
    assert services.reminders_send_due(now=at(0, 8, 1)) == 0
    assert services.reminders_send_due(now=at(0, 9)) == 2
    assert set(_sent(booking).values_list("data__kind", flat=True)) == {"1h"}
    assert _sent(booking).count() == 2


def test_rescheduling_moves_the_reminders_to_the_new_time(booking):
    friday = at(4, 10)
    services.booking_reschedule(booking_id=booking.pk, user=booking.learner, new_start_at=friday)

    assert {due for _, due in _plan(booking).values()} == {
        friday - timedelta(days=1),
        friday - timedelta(hours=1),
    }
    assert services.reminders_send_due(now=DAY_BEFORE) == 0  # the old times pass quietly
    assert services.reminders_send_due(now=HOUR_BEFORE) == 0
    assert services.reminders_send_due(now=at(3, 10)) == 2
    assert services.reminders_send_due(now=at(4, 9)) == 2
    assert _sent(booking).count() == 4


def test_a_reminder_sent_for_the_old_time_is_sent_again_for_the_new_time(booking):
    assert services.reminders_send_due(now=DAY_BEFORE) == 2
    friday = at(4, 10)
    # The mentor may still move it (the learner's deadline has just passed).
    services.booking_reschedule(
        booking_id=booking.pk,
        user=booking.mentor.user,
        new_start_at=friday,
        now=DAY_BEFORE + timedelta(hours=1),
    )

    assert services.reminders_send_due(now=at(3, 10)) == 2
    day_before = _sent(booking, "24h").filter(user=booking.learner)
    assert sorted(day_before.values_list("data__start_at", flat=True)) == [
        "2027-03-03T10:00:00Z",
        "2027-03-05T10:00:00Z",
    ]


def test_cancelling_stops_every_reminder(booking):
    services.booking_cancel(booking_id=booking.pk, user=booking.learner, reason="Ill")

    assert set(Reminder.objects.filter(booking=booking).values_list("status", flat=True)) == {"cancelled"}
    assert services.reminders_send_due(now=DAY_BEFORE) == 0
    assert services.reminders_send_due(now=HOUR_BEFORE) == 0
    assert not _sent(booking).exists()


def test_a_reminder_found_more_than_ten_minutes_late_is_skipped_not_sent(booking):
    assert services.reminders_send_due(now=DAY_BEFORE + timedelta(minutes=11)) == 0

    day_before = Reminder.objects.filter(booking=booking, kind="24h")
    assert set(day_before.values_list("status", flat=True)) == {"skipped"}
    assert "Not sent late" in day_before.first().last_error
    # Ten minutes late is still on time; the skipped ones stay unsent.
    assert services.reminders_send_due(now=HOUR_BEFORE + timedelta(minutes=10)) == 2
    assert services.reminders_send_due(now=HOUR_BEFORE + timedelta(minutes=12)) == 0
    assert set(_sent(booking).values_list("data__kind", flat=True)) == {"1h"}


def test_a_failed_reminder_is_logged_and_sent_on_the_next_run(booking, monkeypatch):
    real = notifications.reminder

    def broken(*args, **kwargs):
        raise ConnectionError("notification store unavailable")

    monkeypatch.setattr(notifications, "reminder", broken)
    assert services.reminders_send_due(now=DAY_BEFORE) == 0
    failed = Reminder.objects.get(booking=booking, recipient=booking.learner, kind="24h")
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert failed.last_error == "ConnectionError: notification store unavailable"
    assert not _sent(booking).exists()

    monkeypatch.setattr(notifications, "reminder", real)
    assert services.reminders_send_due(now=DAY_BEFORE + timedelta(minutes=2)) == 2

    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == ("sent", 2, "")
    assert list(failed.attempt_log.values_list("status", flat=True)) == ["failed", "sent"]
    assert _sent(booking, "24h").filter(user=booking.learner).count() == 1


def test_the_admin_retry_sends_a_reminder_that_was_skipped(booking):
    services.reminders_send_due(now=DAY_BEFORE + timedelta(minutes=30))
    skipped = Reminder.objects.get(booking=booking, recipient=booking.learner, kind="24h")
    assert skipped.status == "skipped"

    assert services.reminder_send_one(reminder_id=skipped.pk, now=DAY_BEFORE + timedelta(hours=1), force=True)
    assert not services.reminder_send_one(
        reminder_id=skipped.pk, now=DAY_BEFORE + timedelta(hours=1), force=True
    )

    skipped.refresh_from_db()
    assert skipped.status == "sent"
    assert _sent(booking, "24h").filter(user=booking.learner).count() == 1


def test_the_admin_retry_action_resends_a_failed_reminder(booking, monkeypatch, clock):
    monkeypatch.setattr(notifications, "reminder", lambda *a, **k: 1 / 0)
    services.reminders_send_due(now=DAY_BEFORE)
    monkeypatch.undo()
    failed = Reminder.objects.filter(booking=booking, status="failed")
    assert failed.count() == 2
    staff = UserFactory(is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(staff)
    clock.move_to(DAY_BEFORE + timedelta(minutes=5))

    response = admin.post(
        "/admin/bookings/reminder/",
        {"action": "retry", "_selected_action": [str(pk) for pk in failed.values_list("pk", flat=True)]},
        follow=True,
    )

    assert response.status_code == 200
    assert "Sent 2 reminder(s) again" in response.content.decode()
    assert _sent(booking, "24h").count() == 2
    assert not Reminder.objects.filter(booking=booking, status="failed").exists()


def test_the_room_is_told_ten_minutes_before_once(booking, monkeypatch):
    pushed = []
    monkeypatch.setattr("messaging.realtime.session_event", lambda **event: pushed.append(event))
    ten_before = WEDNESDAY_10 - timedelta(minutes=10)

    services.reminders_send_due(now=ten_before - timedelta(minutes=1))
    services.reminders_send_due(now=ten_before)
    services.reminders_send_due(now=ten_before + timedelta(minutes=3))

    assert [(e["type"], e["minutes_until_start"]) for e in pushed] == [("session.reminder", 10)]
    assert Booking.objects.get(pk=booking.pk).room_reminder_sent_at == ten_before


@pytest.mark.django_db(transaction=True)
def test_two_workers_push_the_room_reminder_once(clock, monkeypatch):
    booking = booked(UserFactory(timezone="UTC"), bookable_mentor(), WEDNESDAY_10)
    pushed = []
    monkeypatch.setattr("messaging.realtime.session_event", lambda **event: pushed.append(event))
    ten_before = WEDNESDAY_10 - timedelta(minutes=10)

    run_together(lambda _: services.reminders_send_due(now=ten_before), range(2))

    assert [e["type"] for e in pushed] == ["session.reminder"]
    assert Booking.objects.get(pk=booking.pk).room_reminder_sent_at == ten_before


def test_the_beat_task_sends_what_is_due_and_says_how_many(booking):
    with time_machine.travel(DAY_BEFORE + timedelta(minutes=1), tick=False):
        assert tasks.send_due_reminders.delay().get() == 2
        assert tasks.send_due_reminders.delay().get() == 0
    assert _sent(booking, "24h").count() == 2
