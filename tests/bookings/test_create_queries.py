"""Booking create's database work (issue 14): a credits booking through the API, sign-in
included, runs in one transaction with no SAVEPOINT and at most 30 queries, and what can wait
(pushes, mail) still happens, after the commit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEntry
from bookings.models import Booking, Reminder
from messaging.models import Notification
from payments.models import CreditWallet
from tests.bookings.factories import api_book, at, bookable_mentor, give_credits
from tests.conftest import client_for
from tests.factories import UserFactory

MAX_QUERIES = 30


def _credits_booking(clock):
    learner = UserFactory(timezone="UTC")
    mentor = bookable_mentor(credit_price=3)
    give_credits(learner, 5)
    return learner, mentor


def _book(client, mentor):
    return api_book(client, mentor, at(1, 10), payment_method="credits")


def _request_statements(queries) -> list[str]:
    # SQLite logs BEGIN and COMMIT, PostgreSQL does not: the count is of the same work on both.
    return [
        q["sql"] for q in queries.captured_queries if q["sql"] not in ("BEGIN", "BEGIN IMMEDIATE", "COMMIT")
    ]


@pytest.fixture
def queued(monkeypatch):
    """The tasks the booking queues, as a broker would keep them: their work is a worker's,
    not the request's (Celery runs them eagerly in tests)."""
    from mentors.tasks import refresh_mentor_free_time
    from messaging import tasks

    sent = []
    for task in (tasks.deliver_notification, tasks.announce_notifications, refresh_mentor_free_time):
        monkeypatch.setattr(task, "delay", lambda *args, _name=task.name, **kwargs: sent.append(_name))
    return sent


@pytest.mark.django_db(transaction=True)
def test_a_credits_booking_is_one_transaction_without_savepoints(clock, queued):
    learner, mentor = _credits_booking(clock)
    CreditWallet.objects.get_or_create(user=mentor.user)  # a mentor who has been paid before
    client = client_for(learner)  # a real bearer token: the count includes the sign-in's query

    with CaptureQueriesContext(connection) as queries:
        response = _book(client, mentor)

    assert response.status_code == 201, response.content
    assert "messaging.tasks.announce_notifications" in queued
    assert "mentors.tasks.refresh_mentor_free_time" in queued  # the directory's next free slot
    statements = _request_statements(queries)
    assert not [sql for sql in statements if "SAVEPOINT" in sql.upper()]
    assert len(statements) <= MAX_QUERIES, "\n".join(s[:120] for s in statements)


@pytest.mark.django_db(transaction=True)
def test_a_booking_made_and_paid_in_one_request_reads_back_nothing_it_wrote(clock, queued):
    """No earlier payment of it to look for, no reminders of it to read, no second read of its
    row: it was created in this very transaction."""
    learner, mentor = _credits_booking(clock)
    client = client_for(learner)

    with CaptureQueriesContext(connection) as queries:
        response = _book(client, mentor)

    assert response.status_code == 201, response.content
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert not [sql for sql in reads if '"payments_payment"' in sql]
    assert not [sql for sql in reads if 'FROM "bookings_reminder"' in sql]
    assert not [sql for sql in reads if 'FROM "bookings_booking"' in sql and "JOIN" not in sql]
    booking = response.json()["booking"]
    assert booking["status"] == "confirmed"
    assert Reminder.objects.filter(booking_id=booking["id"]).count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_mentors_first_credits_add_only_their_wallet(clock, queued):
    learner, mentor = _credits_booking(clock)
    client = client_for(learner)

    with CaptureQueriesContext(connection) as queries:
        response = _book(client, mentor)

    assert response.status_code == 201, response.content
    statements = _request_statements(queries)
    assert not [sql for sql in statements if "SAVEPOINT" in sql.upper()]
    # Once per mentor: the wallet is made (INSERT ... ON CONFLICT DO NOTHING) and read again.
    assert len(statements) <= MAX_QUERIES + 2, "\n".join(s[:120] for s in statements)
    assert CreditWallet.objects.get(user=mentor.user).balance == 3


@pytest.mark.django_db
def test_what_a_booking_tells_is_written_with_it_and_pushed_after_commit(
    clock, monkeypatch, django_capture_on_commit_callbacks
):
    from messaging import realtime

    learner, mentor = _credits_booking(clock)
    pushed = []
    monkeypatch.setattr(
        realtime, "send_pushes", lambda pushes: pushed.extend(event["type"] for _, event in pushes)
    )

    earlier = set(Notification.objects.values_list("pk", flat=True))  # the credits bought

    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        response = _book(client_for(learner), mentor)

    assert response.status_code == 201
    booking = Booking.objects.get()
    # Written in the booking's own transaction: its notifications, reminders and audit rows.
    assert set(Notification.objects.exclude(pk__in=earlier).values_list("user_id", "type")) == {
        (learner.pk, "booking_confirmed"),
        (mentor.user_id, "booking_confirmed"),
        (mentor.user_id, "credits_received"),
    }
    assert Reminder.objects.filter(booking=booking).count() == 4
    assert set(AuditEntry.objects.filter(target_id=str(booking.pk)).values_list("action", flat=True)) == {
        "booking.create",
        "booking.confirm",
    }
    # The sockets hear nothing before the commit, and everything after it.
    assert pushed == []
    for callback in after_commit:
        callback()
    assert {"notification.new", "unread.count", "booking.updated"} <= set(pushed)
    assert pushed.count("notification.new") == 3


@pytest.mark.django_db
def test_a_booking_created_and_confirmed_at_once_is_pushed_once_as_confirmed(
    clock, monkeypatch, django_capture_on_commit_callbacks
):
    """Created (pending payment), paid and confirmed in one transaction: both parties and the
    room hear booking.updated once, with the status it committed with, in one layer trip."""
    from messaging import realtime

    learner, mentor = _credits_booking(clock)
    trips = []
    monkeypatch.setattr(realtime, "send_pushes", lambda pushes: trips.append(list(pushes)))

    with django_capture_on_commit_callbacks(execute=True):
        response = _book(client_for(learner), mentor)

    assert response.status_code == 201
    booking = response.json()["booking"]
    updates = [
        (groups, event) for trip in trips for groups, event in trip if event["type"] == "booking.updated"
    ]
    assert updates == [
        (
            [
                realtime.notifications_group(learner.pk),
                realtime.notifications_group(mentor.user_id),
                realtime.session_group(booking["id"]),
            ],
            {"type": "booking.updated", "booking_id": booking["id"], "status": "confirmed"},
        )
    ]


@pytest.mark.django_db
def test_a_status_push_dropped_by_a_rollback_is_made_again_by_the_next_change(
    clock, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from bookings import notifications
    from messaging import realtime

    learner, mentor = _credits_booking(clock)
    assert _book(client_for(learner), mentor).status_code == 201
    booking = Booking.objects.select_related("mentor").get()
    sent = []
    monkeypatch.setattr(realtime, "send_pushes", lambda pushes: sent.extend(e["status"] for _, e in pushes))

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notifications.status_pushed(booking)
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
        booking.status = "cancelled"
        notifications.status_pushed(booking)

    assert sent == ["cancelled"]


@pytest.mark.django_db(transaction=True)
def test_the_created_booking_reads_as_its_detail_does_without_being_read_again(clock, queued):
    """The 201 renders the booking the create loaded (no second read with everything joined),
    and it says what GET /bookings/{id} says right after."""
    learner, mentor = _credits_booking(clock)
    client = client_for(learner)

    with CaptureQueriesContext(connection) as queries:
        response = _book(client, mentor)

    assert response.status_code == 201, response.content
    created = response.json()["booking"]
    assert created["status"] == "confirmed" and created["reviews"] == [] and created["has_recording"] is False
    assert created == client.get(f"/api/v1/bookings/{created['id']}").json()
    assert not [sql for sql in _request_statements(queries) if "bookings_review" in sql]


@pytest.mark.django_db(transaction=True)
def test_a_booking_sends_the_broker_one_message_for_all_its_notifications(clock, monkeypatch):
    """Its notifications' mail and push copies are queued by the announcing task, from the
    worker: the request hands the broker one message for them all, not one per copy."""
    from messaging import tasks

    learner, mentor = _credits_booking(clock)
    sent = []
    monkeypatch.setattr(tasks.announce_notifications, "delay", lambda *args: sent.append(args))
    monkeypatch.setattr(tasks.deliver_notification, "delay", lambda *args: sent.append(("deliver", *args)))

    response = _book(client_for(learner), mentor)

    assert response.status_code == 201, response.content
    assert len(sent) == 1, sent
    notification_ids, deliveries = sent[0]
    assert len(notification_ids) == 3  # the mentor's new booking, the learner's confirmation, the credits
    assert deliveries and {notification_id for notification_id, _ in deliveries} <= set(notification_ids)
