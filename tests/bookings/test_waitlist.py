"""Waitlists with auto-offer (issue 8), through the services and the beat job: freed time goes to
the first waiting learner it fits, is held for them for 30 minutes, and passes on when they
decline, let it expire or leave; one slot is never offered twice."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from accounts.models import AuditEntry
from bookings import errors, services, tasks
from bookings.models import Booking, OfferStatus, WaitlistEntry, WaitlistOffer
from mentors import selectors as mentor_selectors
from mentors.errors import SlotNotAvailable
from mentors.models import BusyInterval, MentorProfile, Schedule
from messaging.models import Notification
from payments import selectors as payment_selectors
from tests.bookings.conftest import NOW
from tests.bookings.factories import at, bookable_mentor, booked, give_credits
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.mentors.factories import mentor_with_weekly_hours
from tests.payments.conftest import pay

WEDNESDAY = date(2027, 3, 3)
_JOINED = itertools.count(1)
TEN, ELEVEN = at(2, 10), at(2, 11)


def _mentor():
    # Open only on Wednesdays 10:00-12:00 UTC: two sessions fill the week.
    return mentor_with_weekly_hours(days=[2], start=10, end=12, hourly_rate=Decimal("60.00"))


@pytest.fixture
def mentor(db):
    return _mentor()


@pytest.fixture
def full_day(clock, mentor):
    """The mentor's Wednesday, booked by two other learners (10:00 and 11:00)."""
    return [booked(UserFactory(timezone="UTC"), mentor, start) for start in (TEN, ELEVEN)]


@pytest.fixture
def waiters(full_day, mentor):
    """Two learners waiting for that Wednesday, the first one first."""
    learners = [UserFactory(timezone="UTC"), UserFactory(timezone="UTC")]
    for learner in learners:
        _wait(learner, mentor)
    return learners


def _wait(learner, mentor, **fields) -> WaitlistEntry:
    fields.setdefault("start_date", WEDNESDAY)
    fields.setdefault("end_date", WEDNESDAY)
    entry = services.waitlist_join(learner=learner, mentor_id=mentor.pk, **fields)
    # The clock is frozen: the next learner joins a second later, so first come is first served.
    WaitlistEntry.objects.filter(pk=entry.pk).update(created_at=NOW + timedelta(seconds=next(_JOINED)))
    return entry


def _cancel(booking) -> None:
    services.booking_cancel(booking_id=booking.pk, user=booking.learner, reason="Cannot come")


def _open():
    return WaitlistOffer.objects.filter(status=OfferStatus.OPEN)


def _offered(learner) -> list:
    return list(
        WaitlistOffer.objects.filter(learner=learner).order_by("created_at").values_list("start_at", "status")
    )


def _bookable(mentor, start) -> bool:
    mentor = MentorProfile.objects.select_related("schedule").get(pk=mentor.pk)
    found = mentor_selectors.slots_for_mentor(mentor=mentor, start=start, end=start + timedelta(minutes=1))
    return any(slot.start_at == start for slot in found)


# --- an offer is made, held and told --------------------------------------------------------------


def test_a_cancellation_offers_the_time_to_the_first_waiting_learner_within_one_job_run(
    full_day, waiters, mentor
):
    first, second = waiters
    assert tasks.waitlist_run.delay().get() == 0  # a full day: nothing to offer yet

    _cancel(full_day[1])
    assert tasks.waitlist_run.delay().get() == 1

    offer = _open().get()
    assert (offer.learner, offer.start_at, offer.end_at) == (first, ELEVEN, ELEVEN + timedelta(hours=1))
    assert offer.expires_at == NOW + timedelta(minutes=30)
    told = Notification.objects.get(user=first, type="waitlist_offer")
    assert told.data["offer_id"] == str(offer.pk)
    assert told.data["start_at"] == "2027-03-03T11:00:00Z"
    assert not Notification.objects.filter(user=second, type="waitlist_offer").exists()
    # One offer per freed slot: another run offers nothing more.
    assert tasks.waitlist_run.delay().get() == 0
    assert _open().count() == 1


@pytest.mark.parametrize("how", ["reschedule", "decline", "expiry"])
def test_time_freed_by_a_reschedule_a_decline_or_an_expiry_is_offered_too(clock, mentor, how):
    Schedule.objects.filter(mentor=mentor).update(auto_confirm=how != "decline")
    booked(UserFactory(timezone="UTC"), mentor, TEN)
    eleven = booked(UserFactory(timezone="UTC"), mentor, ELEVEN, pay_now=how != "expiry")
    waiting = UserFactory(timezone="UTC")
    _wait(waiting, mentor)
    assert services.waitlist_match(mentor_id=mentor.pk) == []

    if how == "reschedule":
        services.booking_reschedule(
            booking_id=eleven.pk, user=eleven.learner, new_start_at=ELEVEN + timedelta(days=7)
        )
    elif how == "decline":
        services.booking_decline(booking_id=eleven.pk, user=mentor.user, reason="Away that day")
    else:
        assert services.bookings_expire_unpaid(now=NOW + timedelta(minutes=15)) == 1
    services.waitlist_match(mentor_id=mentor.pk)

    assert _offered(waiting) == [(ELEVEN, "open")]


def test_the_offered_time_is_held_from_everyone_else(full_day, waiters, mentor):
    _cancel(full_day[1])
    services.waitlist_match(mentor_id=mentor.pk)

    assert not _bookable(mentor, ELEVEN)
    with pytest.raises(SlotNotAvailable):
        services.booking_create(
            learner=UserFactory(), mentor_id=mentor.pk, start_at=ELEVEN, duration_minutes=60
        )
    assert BusyInterval.objects.get(reference=f"offer:{_open().get().pk}", is_live=True).source == "hold"


def test_the_cancellation_itself_offers_the_time_once_it_commits(
    full_day, waiters, mentor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _cancel(full_day[0])

    assert _offered(waiters[0]) == [(TEN, "open")]


def test_joining_while_matching_time_is_free_gets_an_offer_straight_away(
    clock, mentor, django_capture_on_commit_callbacks
):
    learner = UserFactory(timezone="UTC")
    with django_capture_on_commit_callbacks(execute=True):
        _wait(learner, mentor)

    assert _offered(learner) == [(TEN, "open")]


# --- accepting ----------------------------------------------------------------------------------


def test_accepting_books_the_held_time_with_an_embedded_card_payment(full_day, waiters, mentor):
    first = waiters[0]
    _cancel(full_day[1])
    offer = services.waitlist_match(mentor_id=mentor.pk)[0]

    booking, payment = services.offer_accept(learner=first, offer_id=offer.pk, topic="System design")

    assert (booking.status, booking.start_at, booking.learner) == ("pending_payment", ELEVEN, first)
    assert payment is not None and payment.amount == Decimal("60.00")
    offer.refresh_from_db()
    assert (offer.status, offer.booking_id) == ("accepted", booking.pk)
    assert offer.entry.status == "booked"
    assert not BusyInterval.objects.filter(reference=f"offer:{offer.pk}", is_live=True).exists()
    pay(payment)
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"
    assert not _bookable(mentor, ELEVEN)


def test_an_accepted_offer_left_unpaid_puts_the_learner_back_on_the_waitlist(full_day, waiters, mentor):
    first = waiters[0]
    _cancel(full_day[1])
    offer = services.waitlist_match(mentor_id=mentor.pk)[0]
    booking, _ = services.offer_accept(learner=first, offer_id=offer.pk)

    assert services.bookings_expire_unpaid(now=NOW + timedelta(minutes=16)) == 1

    assert Booking.objects.get(pk=booking.pk).status == "expired"
    assert WaitlistEntry.objects.get(pk=offer.entry_id).status == "waiting"
    # The time passes on; the same time is not offered to the first learner a second time.
    again = services.waitlist_match(mentor_id=mentor.pk, now=NOW + timedelta(minutes=16))
    assert [o.learner for o in again] == [waiters[1]]


def test_accepting_with_credits_books_and_pays_at_once(full_day, waiters, mentor):
    first = waiters[0]
    give_credits(first, 3)
    _cancel(full_day[0])
    offer = services.waitlist_match(mentor_id=mentor.pk)[0]

    booking, payment = services.offer_accept(learner=first, offer_id=offer.pk, payment_method="credits")

    assert payment is None
    assert (booking.status, booking.start_at, booking.payment_method) == ("confirmed", TEN, "credits")
    assert payment_selectors.wallet_for(user=first).balance == 2


def test_an_offer_is_accepted_once(full_day, waiters, mentor):
    _cancel(full_day[0])
    offer = services.waitlist_match(mentor_id=mentor.pk)[0]
    services.offer_accept(learner=waiters[0], offer_id=offer.pk)

    with pytest.raises(errors.OfferNotOpen):
        services.offer_accept(learner=waiters[0], offer_id=offer.pk)
    assert Booking.objects.filter(learner=waiters[0]).count() == 1


# --- passing it on --------------------------------------------------------------------------------


def test_declining_passes_the_time_to_the_next_learner_and_it_is_not_offered_again_to_the_first(
    full_day, waiters, mentor
):
    first, second = waiters
    _cancel(full_day[1])
    offer = services.waitlist_match(mentor_id=mentor.pk)[0]

    services.offer_decline(learner=first, offer_id=offer.pk)
    assert tasks.waitlist_run.delay().get() == 1
    assert _offered(second) == [(ELEVEN, "open")]

    services.offer_decline(learner=second, offer_id=_open().get().pk)
    assert tasks.waitlist_run.delay().get() == 0  # both said no to 11:00
    assert _offered(first) == [(ELEVEN, "declined")]
    assert _bookable(mentor, ELEVEN)  # free for anyone again
    assert WaitlistEntry.objects.filter(learner=first).get().status == "waiting"


def test_an_offer_left_for_thirty_minutes_expires_and_goes_to_the_next_learner(
    full_day, waiters, mentor, clock
):
    first, second = waiters
    _cancel(full_day[1])
    tasks.waitlist_run.delay()
    clock.shift(timedelta(minutes=29))
    assert tasks.waitlist_expire_offers.delay().get() == 0
    assert _offered(first) == [(ELEVEN, "open")]

    # The every-minute job passes it on at once, without waiting for the full rematch.
    clock.shift(timedelta(minutes=1))
    assert tasks.waitlist_expire_offers.delay().get() == 1

    assert _offered(first) == [(ELEVEN, "expired")]
    assert _offered(second) == [(ELEVEN, "open")]
    assert Notification.objects.filter(user=second, type="waitlist_offer").count() == 1
    with pytest.raises(errors.OfferNotOpen):
        services.offer_accept(learner=first, offer_id=WaitlistOffer.objects.get(learner=first).pk)


def test_leaving_the_waitlist_withdraws_the_open_offer_and_passes_it_on(full_day, waiters, mentor):
    first, second = waiters
    _cancel(full_day[1])
    services.waitlist_match(mentor_id=mentor.pk)
    entry = WaitlistEntry.objects.get(learner=first)

    services.waitlist_leave(learner=first, entry_id=entry.pk)

    assert _offered(first) == [(ELEVEN, "withdrawn")]
    assert WaitlistEntry.objects.get(pk=entry.pk).status == "cancelled"
    tasks.waitlist_run.delay()
    assert _offered(second) == [(ELEVEN, "open")]


# --- who fits -------------------------------------------------------------------------------------


def test_a_learner_never_gets_an_offer_that_overlaps_their_own_booking(full_day, waiters, mentor):
    first, second = waiters
    booked(first, bookable_mentor(), ELEVEN)  # with another mentor, at the freed hour

    _cancel(full_day[1])
    services.waitlist_match(mentor_id=mentor.pk)

    assert _offered(first) == []
    assert _offered(second) == [(ELEVEN, "open")]


def test_a_learner_who_mentors_at_that_hour_is_not_offered_it(full_day, mentor):
    mentoring = bookable_mentor()
    booked(UserFactory(timezone="UTC"), mentoring, ELEVEN)
    busy, free = mentoring.user, UserFactory(timezone="UTC")
    _wait(busy, mentor)
    _wait(free, mentor)

    _cancel(full_day[1])
    services.waitlist_match(mentor_id=mentor.pk)

    assert _offered(busy) == []
    assert _offered(free) == [(ELEVEN, "open")]


def test_a_time_of_day_window_is_read_in_the_learners_zone(full_day, mentor):
    # New York is five hours behind UTC on 2027-03-03: 05:00-06:30 there is 10:00-11:30 UTC, so
    # the 10:00 session fits and the 11:00 one (06:00-07:00 New York) does not.
    early = UserFactory(timezone="America/New_York")
    _wait(early, mentor, time_from=time(5), time_to=time(6, 30), timezone_name="America/New_York")
    anytime = UserFactory(timezone="UTC")
    _wait(anytime, mentor)

    _cancel(full_day[1])
    services.waitlist_match(mentor_id=mentor.pk)
    assert _offered(early) == []
    assert _offered(anytime) == [(ELEVEN, "open")]

    _cancel(full_day[0])
    services.waitlist_match(mentor_id=mentor.pk)
    assert _offered(early) == [(TEN, "open")]


def test_the_range_and_length_of_an_entry_limit_what_it_is_offered(full_day, mentor):
    thursday_only = UserFactory(timezone="UTC")
    _wait(
        thursday_only,
        mentor,
        start_date=WEDNESDAY + timedelta(days=1),
        end_date=WEDNESDAY + timedelta(days=6),
    )
    longer = UserFactory(timezone="UTC")
    _wait(longer, mentor, duration_minutes=90)

    _cancel(full_day[1])
    assert services.waitlist_match(mentor_id=mentor.pk) == []
    _cancel(full_day[0])
    made = services.waitlist_match(mentor_id=mentor.pk)

    assert [(o.learner, o.start_at, o.duration_minutes) for o in made] == [(longer, TEN, 90)]


# --- at the same time -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_cancellations_at_once_make_two_offers_to_two_learners_never_one_slot_twice(clock):
    mentor = _mentor()
    day = [booked(UserFactory(timezone="UTC"), mentor, start) for start in (TEN, ELEVEN)]
    learners = [UserFactory(timezone="UTC") for _ in range(3)]
    for learner in learners:
        _wait(learner, mentor)
    assert not WaitlistOffer.objects.exists()

    # Each cancellation commits, then matches the waitlist in its own thread (Celery is eager).
    outcomes = run_together(_cancel, day)

    assert outcomes == [None, None]
    offers = list(_open())
    assert sorted(o.start_at for o in offers) == [TEN, ELEVEN]
    assert {o.learner_id for o in offers} == {learners[0].pk, learners[1].pk}
    assert (
        BusyInterval.objects.filter(mentor=mentor, is_live=True, reference__startswith="offer:").count() == 2
    )
    assert tasks.waitlist_run.delay().get() == 0
    assert not WaitlistOffer.objects.filter(learner=learners[2]).exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_matching_one_freed_slot_at_once_make_one_offer(clock):
    mentor = _mentor()
    day = [booked(UserFactory(timezone="UTC"), mentor, start) for start in (TEN, ELEVEN)]
    learners = [UserFactory(timezone="UTC") for _ in range(2)]
    for learner in learners:
        _wait(learner, mentor)
    Booking.objects.filter(pk=day[0].pk).update(status="cancelled")
    BusyInterval.objects.filter(reference=str(day[0].pk)).update(is_live=False)

    made = run_together(lambda _: services.waitlist_match(mentor_id=mentor.pk), range(2))

    assert sorted(len(m) for m in made) == [0, 1], made
    assert [(o.learner_id, o.start_at) for o in _open()] == [(learners[0].pk, TEN)]


# --- the audit log ------------------------------------------------------------------------------


def _offer_log(offer) -> set[tuple[str, str | None]]:
    """(action, actor) of the offer's audit rows (the clock is frozen: all share one time)."""
    return set(
        AuditEntry.objects.filter(target_id=str(offer.pk), action__startswith="waitlist.").values_list(
            "action", "actor_id"
        )
    )


def test_an_offer_made_and_accepted_is_audited_by_the_system_then_the_learner(full_day, waiters, mentor):
    first = waiters[0]
    _cancel(full_day[1])
    offer = services.waitlist_match(mentor_id=mentor.pk)[0]
    assert _offer_log(offer) == {("waitlist.offer_made", None)}

    booking, _ = services.offer_accept(learner=first, offer_id=offer.pk)

    assert _offer_log(offer) == {("waitlist.offer_made", None), ("waitlist.offer_accepted", first.pk)}
    accepted = AuditEntry.objects.get(action="waitlist.offer_accepted")
    assert accepted.details["booking_id"] == str(booking.pk)
    assert accepted.details["start_at"].startswith("2027-03-03T11:00")


def test_an_offer_that_expires_or_is_declined_is_audited(full_day, waiters, mentor, clock):
    first, second = waiters
    _cancel(full_day[1])
    tasks.waitlist_run.delay()
    clock.shift(timedelta(minutes=30))
    assert tasks.waitlist_expire_offers.delay().get() == 1
    expired = WaitlistOffer.objects.get(learner=first)
    assert _offer_log(expired) == {("waitlist.offer_made", None), ("waitlist.offer_expired", None)}

    passed_on = WaitlistOffer.objects.get(learner=second)
    services.offer_decline(learner=second, offer_id=passed_on.pk)
    assert _offer_log(passed_on) == {("waitlist.offer_made", None), ("waitlist.offer_declined", second.pk)}
