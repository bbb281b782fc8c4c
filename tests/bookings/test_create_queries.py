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


def _book(learner, mentor):
    # A real bearer token: the count includes the sign-in's query.
    return api_book(client_for(learner), mentor, at(1, 10), payment_method="credits")


@pytest.mark.django_db(transaction=True)
def test_a_credits_booking_is_one_transaction_without_savepoints(clock):
    learner, mentor = _credits_booking(clock)
    CreditWallet.objects.get_or_create(user=mentor.user)  # a mentor who has been paid before

    with CaptureQueriesContext(connection) as queries:
        response = _book(learner, mentor)

    assert response.status_code == 201, response.content
    statements = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in statements if "SAVEPOINT" in sql.upper()]
    assert len(statements) <= MAX_QUERIES, "\n".join(s[:120] for s in statements)


@pytest.mark.django_db(transaction=True)
def test_a_mentors_first_credits_still_fit_the_budget(clock):
    learner, mentor = _credits_booking(clock)

    with CaptureQueriesContext(connection) as queries:
        response = _book(learner, mentor)

    assert response.status_code == 201, response.content
    statements = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in statements if "SAVEPOINT" in sql.upper()]
    assert len(statements) <= MAX_QUERIES, "\n".join(s[:120] for s in statements)
    assert CreditWallet.objects.get(user=mentor.user).balance == 3


@pytest.mark.django_db
def test_what_a_booking_tells_is_written_with_it_and_pushed_after_commit(
    clock, monkeypatch, django_capture_on_commit_callbacks
):
    from messaging import realtime

    learner, mentor = _credits_booking(clock)
    pushed = []
    monkeypatch.setattr(realtime, "send_now", lambda groups, event: pushed.append(event["type"]))

    earlier = set(Notification.objects.values_list("pk", flat=True))  # the credits bought

    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        response = _book(learner, mentor)

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
