"""The beat jobs of bookings (issue 7): unpaid bookings expire after the hold, unconfirmed ones
after 24 h or at their start, past sessions finish 30 minutes after the end. Each takes one
booking at a time, and running it again changes nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection

from bookings import services, tasks
from bookings.models import Booking, BookingStatus, LessonType
from mentors import selectors as mentor_selectors
from mentors.models import BusyInterval, Schedule
from messaging.models import Notification
from payments import selectors as payment_selectors
from payments.models import EarningEntry, Payment, PaymentStatus, Refund
from tests.bookings.conftest import NOW
from tests.bookings.factories import at, bookable_mentor, booked, card_payment_of, give_credits
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.payments.conftest import pay

TUESDAY_10 = at(1, 10)


@pytest.fixture
def mentor(db):
    return bookable_mentor()


@pytest.fixture
def learner(db):
    return UserFactory(timezone="UTC")


@pytest.fixture
def asks_first(mentor):
    """The mentor confirms each request by hand (no auto-confirm)."""
    Schedule.objects.filter(mentor=mentor).update(auto_confirm=False)
    mentor.refresh_from_db()
    return mentor


def _free(mentor, start) -> bool:
    mentor = type(mentor).objects.select_related("schedule").get(pk=mentor.pk)
    found = mentor_selectors.slots_for_mentor(mentor=mentor, start=start, end=start + timedelta(minutes=1))
    return any(slot.start_at == start for slot in found)


def _unpaid(learner, mentor, start=TUESDAY_10):
    """A card booking whose learner never finished paying (its payment is returned too)."""
    booking, payment = services.booking_create(
        learner=learner, mentor_id=mentor.pk, start_at=start, duration_minutes=60
    )
    return booking, payment


def _state(booking_id):
    booking = Booking.objects.get(pk=booking_id)
    return booking.status, booking.status_changed_at, Notification.objects.count(), Refund.objects.count()


# --- unpaid ---------------------------------------------------------------------------------------


def test_unpaid_booking_keeps_its_hold_for_fifteen_minutes_then_expires_and_frees_the_slot(
    clock, learner, mentor
):
    booking, _ = _unpaid(learner, mentor)
    assert not _free(mentor, TUESDAY_10)

    assert services.bookings_expire_unpaid(now=NOW + timedelta(minutes=14)) == 0
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.PENDING_PAYMENT

    assert services.bookings_expire_unpaid(now=NOW + timedelta(minutes=15)) == 1
    booking.refresh_from_db()
    assert (booking.status, booking.system_reason) == (BookingStatus.EXPIRED, "unpaid")
    assert not BusyInterval.objects.filter(reference=str(booking.pk), is_live=True).exists()
    assert _free(mentor, TUESDAY_10)
    assert (
        Notification.objects.filter(user=learner, title__contains="expired before it was paid").count() == 1
    )


def test_running_the_unpaid_job_twice_changes_nothing_the_second_time(clock, learner, mentor):
    booking, _ = _unpaid(learner, mentor)
    later = NOW + timedelta(minutes=16)
    assert services.bookings_expire_unpaid(now=later) == 1
    before = _state(booking.pk)

    assert services.bookings_expire_unpaid(now=later + timedelta(minutes=5)) == 0
    assert _state(booking.pk) == before


def test_unpaid_booking_whose_card_payment_is_processing_is_not_expired(clock, learner, mentor):
    booking, payment = _unpaid(learner, mentor)
    Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.PROCESSING)

    assert services.bookings_expire_unpaid(now=NOW + timedelta(minutes=30)) == 0
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.PENDING_PAYMENT
    assert not _free(mentor, TUESDAY_10)


@pytest.fixture
def in_between(monkeypatch):
    """Queue things to happen in the instant between a booking expiring and the job cancelling
    its card payment at the gateway: the window in which a learner's payment still lands."""
    from payments import services as payment_services

    moments = []
    cancel = payment_services.payment_abandon

    def cancel_later(**kwargs):
        while moments:
            moments.pop(0)()
        return cancel(**kwargs)

    monkeypatch.setattr(payment_services, "payment_abandon", cancel_later)
    return moments.append


def test_a_payment_arriving_after_expiry_revives_the_booking_while_its_time_is_free(
    clock, learner, mentor, in_between
):
    booking, payment = _unpaid(learner, mentor)
    clock.shift(timedelta(minutes=16))
    in_between(lambda: pay(payment))  # the learner's card form was already on its way

    assert services.bookings_expire_unpaid() == 1

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.paid_at is not None
    assert BusyInterval.objects.filter(reference=str(booking.pk), is_live=True, source="booking").exists()
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.SUCCEEDED
    assert not Refund.objects.exists()
    assert not _free(mentor, TUESDAY_10)


def test_a_payment_arriving_after_someone_else_took_the_time_is_refunded_in_full(
    clock, learner, mentor, in_between, django_capture_on_commit_callbacks
):
    booking, payment = _unpaid(learner, mentor)
    clock.shift(timedelta(minutes=16))
    taken = []
    in_between(lambda: taken.append(booked(UserFactory(timezone="UTC"), mentor, TUESDAY_10)))
    in_between(lambda: pay(payment))

    # The refund is asked for once the payment's transaction has committed.
    with django_capture_on_commit_callbacks(execute=True):
        services.bookings_expire_unpaid()

    booking.refresh_from_db()
    assert booking.status == BookingStatus.EXPIRED
    refund = Refund.objects.get(payment__object_id=str(booking.pk))
    assert (refund.amount, refund.status) == (Decimal("60.00"), "succeeded")
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.REFUNDED
    assert Booking.objects.get(pk=taken[0].pk).status == BookingStatus.CONFIRMED


# --- unconfirmed ----------------------------------------------------------------------------------


def test_a_request_the_mentor_leaves_unanswered_expires_after_24_hours_with_a_full_card_refund(
    clock, learner, asks_first
):
    booking = booked(learner, asks_first, at(3, 10))
    assert booking.status == BookingStatus.PENDING

    assert services.bookings_expire_unconfirmed(now=NOW + timedelta(hours=23, minutes=59)) == 0
    assert services.bookings_expire_unconfirmed(now=NOW + timedelta(hours=24)) == 1

    booking.refresh_from_db()
    assert (booking.status, booking.system_reason, booking.refund_policy) == (
        "expired",
        "unconfirmed",
        "full",
    )
    refund = Refund.objects.get(payment=card_payment_of(booking))
    assert refund.amount == Decimal("60.00")
    assert _free(asks_first, at(3, 10))
    assert Notification.objects.filter(user=learner, title__contains="expired unconfirmed").count() == 1
    # Again: nothing more happens, and the learner is refunded once.
    before = _state(booking.pk)
    assert services.bookings_expire_unconfirmed(now=NOW + timedelta(hours=25)) == 0
    assert _state(booking.pk) == before


def test_a_request_for_a_session_sooner_than_24_hours_expires_at_its_start_and_credits_come_back(
    clock, learner, asks_first
):
    give_credits(learner, 3)
    soon = at(0, 12)  # four hours ahead: the start comes before the 24 hours
    booking = booked(learner, asks_first, soon, method="credits")
    assert booking.status == BookingStatus.PENDING
    assert payment_selectors.wallet_for(user=learner).balance == 2

    assert services.bookings_expire_unconfirmed(now=soon - timedelta(minutes=1)) == 0
    assert services.bookings_expire_unconfirmed(now=soon) == 1

    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.EXPIRED
    assert payment_selectors.wallet_for(user=learner).balance == 3
    assert services.bookings_expire_unconfirmed(now=soon + timedelta(hours=1)) == 0
    assert payment_selectors.wallet_for(user=learner).balance == 3


# --- finishing past sessions ----------------------------------------------------------------------


def _joined(booking, *who):
    users = {"learner": booking.learner, "mentor": booking.mentor.user}
    for name in who:
        services.booking_join(
            booking_id=booking.pk, user=users[name], now=booking.start_at + timedelta(minutes=2)
        )


def _earnings(booking):
    return set(
        EarningEntry.objects.filter(payment__object_id=str(booking.pk), refund__isnull=True).values_list(
            "status", flat=True
        )
    )


@pytest.mark.parametrize(
    ("who", "status", "refunded", "earnings"),
    [
        (("learner", "mentor"), BookingStatus.COMPLETED, False, {"available"}),
        (("learner",), BookingStatus.NO_SHOW_MENTOR, True, {"pending"}),
        (("mentor",), BookingStatus.NO_SHOW_LEARNER, False, {"available"}),
        ((), BookingStatus.COMPLETED, False, {"available"}),
    ],
    ids=["both-joined", "only-learner", "only-mentor", "nobody"],
)
def test_the_finish_job_settles_a_session_thirty_minutes_after_its_end(
    clock, learner, mentor, who, status, refunded, earnings
):
    booking = booked(learner, mentor, TUESDAY_10)
    _joined(booking, *who)
    end = booking.end_at

    assert services.bookings_finish(now=end + timedelta(minutes=29)) == 0
    assert services.bookings_finish(now=end + timedelta(minutes=30)) == 1

    booking.refresh_from_db()
    assert booking.status == status
    assert Refund.objects.filter(payment__object_id=str(booking.pk)).exists() is refunded
    if refunded:
        assert booking.refund_policy == "full"
        assert Payment.objects.get(object_id=str(booking.pk)).status == PaymentStatus.REFUNDED
    else:
        assert _earnings(booking) == earnings
    before = _state(booking.pk)
    assert services.bookings_finish(now=end + timedelta(hours=2)) == 0
    assert _state(booking.pk) == before


def test_an_in_person_session_nobody_checked_into_completes_and_pays_the_mentor(clock, learner):
    mentor = bookable_mentor(lesson_types=["in_person"])
    booking = booked(learner, mentor, TUESDAY_10, lesson_type=LessonType.IN_PERSON)

    assert services.bookings_finish(now=booking.end_at + timedelta(minutes=30)) == 1

    booking.refresh_from_db()
    assert (booking.status, booking.system_reason) == (BookingStatus.COMPLETED, "")
    assert _earnings(booking) == {"available"}
    assert (
        Notification.objects.filter(type="booking_completed", data__booking_id=str(booking.pk)).count() == 2
    )


# --- two workers, locked rows, the Celery tasks ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_expiring_at_once_expire_each_booking_once(clock):
    mentor = bookable_mentor()
    learners = [UserFactory(timezone="UTC") for _ in range(4)]
    bookings = [_unpaid(u, mentor, at(1, 9 + n))[0] for n, u in enumerate(learners)]
    later = NOW + timedelta(minutes=16)

    counts = run_together(lambda _: services.bookings_expire_unpaid(now=later), range(2))

    assert sum(counts) == 4, counts
    assert set(Booking.objects.filter(pk__in=[b.pk for b in bookings]).values_list("status", flat=True)) == {
        "expired"
    }
    assert Notification.objects.filter(title__contains="expired before it was paid").count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_booking_another_transaction_holds_is_left_for_the_next_run(clock):
    if connection.vendor != "postgresql":
        pytest.skip("skip_locked needs row locks: SQLite queues whole writers instead")
    import threading

    from django.db import transaction

    mentor = bookable_mentor()
    booking, _ = _unpaid(UserFactory(timezone="UTC"), mentor)
    later = NOW + timedelta(minutes=16)
    locked, done = threading.Event(), threading.Event()

    def hold(_):
        with transaction.atomic():
            Booking.objects.select_for_update().get(pk=booking.pk)
            locked.set()
            done.wait(timeout=30)

    def job(_):
        locked.wait(timeout=30)
        try:
            return services.bookings_expire_unpaid(now=later)
        finally:
            done.set()

    _, skipped = run_together(lambda work: work(None), [hold, job])

    assert skipped == 0  # did not wait for the lock, did not touch the row
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.PENDING_PAYMENT
    assert services.bookings_expire_unpaid(now=later) == 1


def test_the_celery_tasks_run_their_jobs_and_return_how_many_bookings_they_moved(learner, mentor, asks_first):
    with time_machine.travel(NOW, tick=False):
        unpaid, _ = _unpaid(learner, mentor)
        pending = booked(UserFactory(timezone="UTC"), asks_first, at(2, 10))
    with time_machine.travel(NOW + timedelta(minutes=20), tick=False):
        assert tasks.expire_unpaid.delay().get() == 1
        assert tasks.expire_unpaid.delay().get() == 0
    with time_machine.travel(NOW + timedelta(hours=25), tick=False):
        assert tasks.expire_unconfirmed.delay().get() == 1
    assert Booking.objects.get(pk=unpaid.pk).status == BookingStatus.EXPIRED
    assert Booking.objects.get(pk=pending.pk).status == BookingStatus.EXPIRED

    Schedule.objects.filter(mentor=mentor).update(auto_confirm=True)
    with time_machine.travel(NOW, tick=False):
        done = booked(learner, mentor, at(3, 10))
    with time_machine.travel(done.end_at + timedelta(minutes=31), tick=False):
        assert tasks.complete_finished.delay().get() == 1
        assert tasks.complete_finished.delay().get() == 0
    assert Booking.objects.get(pk=done.pk).status == BookingStatus.COMPLETED
