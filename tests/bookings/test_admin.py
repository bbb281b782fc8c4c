"""The bookings admin: staff actions run through bookings.services (locked, audited, notified,
refunded) exactly as the API's do; nothing in the admin writes a booking row itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEntry
from bookings.models import Booking, Recording, Reminder, ReminderAttempt
from messaging.models import Notification
from tests.bookings.conftest import api_as
from tests.bookings.factories import BookingFactory, at, booked, card_payment_of, started
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BOOKINGS = "admin:bookings_booking_changelist"


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def staff_browser(staff_user):
    browser = Client()
    browser.force_login(staff_user)
    return browser


def _act(browser, changelist: str, action: str, *objects):
    return browser.post(
        reverse(changelist),
        {"action": action, "_selected_action": [str(o.pk) for o in objects]},
        follow=True,
    )


def test_staff_cancel_bookings_with_a_full_refund(clock, staff_browser, staff_user, mentor_profile):
    # Late for a learner's own refund, which staff override.
    paid = booked(UserFactory(), mentor_profile, at(0, 10))
    running = BookingFactory(mentor=mentor_profile, status="in_progress", start_at=at(0, 7, 30))

    response = _act(staff_browser, BOOKINGS, "cancel_with_refund", paid, running)

    assert response.status_code == 200
    assert b"Cancelled 1 booking(s); the learners are refunded in full." in response.content
    assert b"cannot be cancelled" in response.content
    paid.refresh_from_db()
    assert (paid.status, paid.cancelled_by_party, paid.refund_policy) == ("cancelled", "staff", "full")
    assert card_payment_of(paid).status == "refunded"
    for user in (paid.learner, mentor_profile.user):
        assert Notification.objects.filter(user=user, type="booking_cancelled").exists()
    entry = AuditEntry.objects.get(target_id=str(paid.pk), action="booking.cancel")
    assert entry.actor == staff_user
    assert Booking.objects.get(pk=running.pk).status == "in_progress"


def test_staff_mark_an_absent_mentor_and_the_learner_is_refunded(clock, staff_browser, mentor_profile):
    booking = started(booked(UserFactory(), mentor_profile, at(0, 10)), who=("learner",))
    too_early = booked(UserFactory(), mentor_profile, at(0, 12))
    clock.move_to(at(0, 10, 20))

    response = _act(staff_browser, BOOKINGS, "mark_mentor_no_show", booking, too_early)

    assert b"Marked 1 booking(s) as a mentor no-show." in response.content
    booking.refresh_from_db()
    assert (booking.status, booking.refund_policy) == ("no_show_mentor", "full")
    assert card_payment_of(booking).status == "refunded"
    assert Booking.objects.get(pk=too_early.pk).status == "confirmed"
    assert AuditEntry.objects.filter(target_id=str(booking.pk), action="booking.no_show").exists()


def test_the_booking_pages_of_the_admin_are_read_only(clock, staff_browser, mentor_profile):
    booking = booked(UserFactory(), mentor_profile, at(1, 10))

    page = staff_browser.get(reverse("admin:bookings_booking_change", args=[booking.pk]))
    edit = staff_browser.post(
        reverse("admin:bookings_booking_change", args=[booking.pk]), {"status": "completed"}
    )

    assert page.status_code == 200
    assert staff_browser.get(reverse("admin:bookings_booking_add")).status_code == 403
    assert edit.status_code == 403
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"


def test_retrying_a_skipped_or_failed_reminder_sends_it(clock, staff_browser, mentor_profile):
    booking = booked(UserFactory(), mentor_profile, at(0, 10))
    # Booked two hours ahead: the 24 h reminders were skipped, the 1 h ones planned.
    skipped = Reminder.objects.get(booking=booking, recipient=booking.learner, kind="24h")
    failed = Reminder.objects.get(booking=booking, recipient=mentor_profile.user, kind="1h")
    assert skipped.status == "skipped"
    Reminder.objects.filter(pk=failed.pk).update(status="failed", attempts=3, last_error="SMTP down")
    clock.move_to(at(0, 9, 5))

    response = _act(staff_browser, "admin:bookings_reminder_changelist", "retry", skipped, failed)

    assert b"Sent 2 reminder(s) again" in response.content
    for reminder in (skipped, failed):
        reminder.refresh_from_db()
        assert reminder.status == "sent"
        assert reminder.sent_at == at(0, 9, 5)
        assert reminder.notification.type == "session_reminder"
        assert ReminderAttempt.objects.filter(reminder=reminder, channel="in_app", status="sent").exists()
    assert Notification.objects.filter(user=booking.learner, type="session_reminder").count() == 1


def test_a_reminder_of_a_cancelled_booking_is_not_sent_again(clock, staff_browser, mentor_profile):
    booking = booked(UserFactory(), mentor_profile, at(0, 10))
    reminder = Reminder.objects.get(booking=booking, recipient=booking.learner, kind="24h")
    Booking.objects.filter(pk=booking.pk).update(status="cancelled")

    _act(staff_browser, "admin:bookings_reminder_changelist", "retry", reminder)

    reminder.refresh_from_db()
    assert reminder.status == "cancelled"
    assert not Notification.objects.filter(user=booking.learner, type="session_reminder").exists()


def test_staff_add_a_recording_through_the_service_and_it_stays_private(clock, staff_browser, mentor_profile):
    booking = booked(UserFactory(), mentor_profile, at(0, 10))

    response = staff_browser.post(
        reverse("admin:bookings_recording_add"),
        {
            "booking": str(booking.pk),
            "url": "https://recordings.example.com/jibri/abc.mp4",
            "transcript_url": "",
            "duration_seconds": 3300,
            "provider": "",
            "external_id": "jibri-abc",
        },
        follow=True,
    )

    assert response.status_code == 200
    recording = Recording.objects.get(booking=booking)
    assert recording.url == "https://recordings.example.com/jibri/abc.mp4"
    assert recording.provider == "jitsi"  # the booking's room provider
    assert recording.delete_after == booking.end_at + timedelta(days=30)
    assert recording.shared_at is None
    assert AuditEntry.objects.filter(target_id=str(booking.pk), action="booking.recording").exists()
    assert api_as(booking.learner).get(f"/api/v1/bookings/{booking.pk}/recording").status_code == 404
    assert api_as(booking.learner).get(f"/api/v1/bookings/{booking.pk}/session").json()["has_recording"]
