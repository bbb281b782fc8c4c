"""Waitlists on the site (issue 8): a fully booked calendar offers the waitlist, the join form,
My waitlist with leaving, and the offer page (accept like a booking, or decline) with its
countdown; offers in the notifications list carry accept, decline and the countdown too."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from bookings import services
from bookings.models import (
    BookingStatus,
    OfferStatus,
    PaymentMethod,
    WaitlistEntry,
    WaitlistOffer,
    WaitlistStatus,
)
from payments.models import Payment
from tests.bookings.factories import at, booked, give_credits
from tests.factories import UserFactory
from tests.mentors.factories import mentor_with_weekly_hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor(db):
    """Free 09:00-11:00 UTC every day: two sessions a day, easy to fill."""
    return mentor_with_weekly_hours(start=9, end=11, user__full_name="Dana Design")


@pytest.fixture
def learner(db):
    return UserFactory(full_name="Wren Waiting", timezone="UTC")


def _fill(mentor, day: int) -> list:
    return [booked(UserFactory(), mentor, at(day, hour)) for hour in (9, 10)]


def _offer_for(learner, mentor, day: int):
    """Wren waits for the day, someone cancels: the freed time is offered to Wren."""
    bookings = _fill(mentor, day)
    services.waitlist_join(
        learner=learner, mentor_id=mentor.pk, start_date=at(day, 0).date(), end_date=at(day, 0).date()
    )
    services.booking_cancel(booking_id=bookings[0].pk, user=bookings[0].learner)
    # The cancel's on-commit task does not run inside a test's transaction: run the matching
    # the way the beat job does.
    services.waitlist_match(mentor_id=mentor.pk)
    return WaitlistOffer.objects.get(learner=learner)


# --- the calendar ---------------------------------------------------------------------------------


def test_a_fully_booked_day_offers_the_waitlist_for_that_day(clock, client, mentor, learner):
    _fill(mentor, 2)
    client.force_login(learner)

    page = client.get(reverse("mentors:profile", args=[mentor.pk]), {"month": "2027-03"}).content.decode()

    join = reverse("bookings:waitlist-join", args=[mentor.pk])
    assert f'href="{join}?date=2027-03-03"' in page
    assert 'Join the waitlist<span class="visually-hidden"> for Wednesday 3 March</span>' in page
    assert f'href="{join}?date=2027-03-04"' not in page  # that day still has free times


def test_a_month_without_free_times_says_so_and_offers_the_waitlist(clock, client, learner):
    # A schedule that allows bookings only a day ahead at most, seen for next month.
    mentor = mentor_with_weekly_hours(start=9, end=11)
    mentor.schedule.max_advance_days = 1
    mentor.schedule.save()
    client.force_login(learner)

    page = client.get(reverse("mentors:profile", args=[mentor.pk]), {"month": "2027-04"}).content.decode()

    assert "No free times in April" in page
    assert 'data-testid="calendar-waitlist"' in page
    assert reverse("bookings:waitlist-join", args=[mentor.pk]) in page


# --- joining and leaving --------------------------------------------------------------------------


def test_the_join_form_starts_on_the_chosen_day_and_adds_the_learner_to_the_waitlist(
    clock, client, mentor, learner
):
    client.force_login(learner)
    url = reverse("bookings:waitlist-join", args=[mentor.pk])

    form = client.get(url, {"date": "2027-03-03"}).content.decode()
    response = client.post(
        url,
        {
            "start_date": "2027-03-03",
            "end_date": "2027-03-03",
            "time_from": "08:00",
            "time_to": "12:00",
            "duration_minutes": "60",
            "note": "Any time that morning",
        },
        follow=True,
    )

    assert 'value="2027-03-03"' in form and 'type="date"' in form
    entry = WaitlistEntry.objects.get(learner=learner)
    assert (entry.start_date, entry.end_date, entry.duration_minutes) == (
        date(2027, 3, 3),
        date(2027, 3, 3),
        60,
    )
    assert entry.time_from.hour == 8 and entry.timezone == "UTC"
    assert response.redirect_chain == [(reverse("bookings:waitlist"), 302)]
    page = response.content.decode()
    assert "You are on Dana Design&#x27;s waitlist." in page
    assert "On Wednesday 3 March 2027, between 08:00 and 12:00 (UTC); 60 minutes." in page


def test_a_range_that_ends_before_it_starts_is_shown_on_its_field(clock, client, mentor, learner):
    client.force_login(learner)

    response = client.post(
        reverse("bookings:waitlist-join", args=[mentor.pk]),
        {"start_date": "2027-03-05", "end_date": "2027-03-03", "duration_minutes": "60"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Until: The range must end on or after its start." in page
    assert not WaitlistEntry.objects.exists()


def test_joining_the_same_wait_twice_shows_the_conflict(clock, client, mentor, learner):
    client.force_login(learner)
    data = {"start_date": "2027-03-03", "end_date": "2027-03-03", "duration_minutes": "60"}
    client.post(reverse("bookings:waitlist-join", args=[mentor.pk]), data)

    response = client.post(reverse("bookings:waitlist-join", args=[mentor.pk]), data)

    assert "You are already waiting for this." in response.content.decode()
    assert WaitlistEntry.objects.count() == 1


def test_leaving_the_waitlist(clock, client, mentor, learner):
    entry = services.waitlist_join(
        learner=learner, mentor_id=mentor.pk, start_date=date(2027, 3, 3), end_date=date(2027, 3, 5)
    )
    client.force_login(learner)
    assert 'data-testid="waitlist-entry"' in client.get(reverse("bookings:waitlist")).content.decode()

    response = client.post(reverse("bookings:waitlist-leave", args=[entry.pk]), follow=True)

    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.CANCELLED
    page = response.content.decode()
    assert "You have left the waitlist." in page and 'data-testid="waitlist-empty"' in page


def test_someone_elses_waitlist_entry_is_not_found(clock, client, mentor, learner):
    entry = services.waitlist_join(
        learner=learner, mentor_id=mentor.pk, start_date=date(2027, 3, 3), end_date=date(2027, 3, 5)
    )
    client.force_login(UserFactory())

    assert client.post(reverse("bookings:waitlist-leave", args=[entry.pk])).status_code == 404
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.WAITING


# --- offers ---------------------------------------------------------------------------------------


def test_the_offer_page_shows_the_held_time_and_a_countdown_to_its_end(clock, client, mentor, learner):
    offer = _offer_for(learner, mentor, 2)
    client.force_login(learner)

    page = client.get(reverse("bookings:offer", args=[offer.pk])).content.decode()

    assert 'data-testid="offer-time">Wednesday 3 March 2027, 09:00<' in page
    assert "Held for you until" in page and "08:30" in page
    assert 'data-expires-at="2027-03-01T08:30:00+00:00"' in page
    assert 'data-server-now="2027-03-01T08:00:00+00:00"' in page
    assert "Accept and book" in page and "Decline the offer" in page
    assert 'data-testid="offer-countdown"' in page


def test_a_stranger_gets_404_on_someone_elses_offer(clock, client, mentor, learner):
    offer = _offer_for(learner, mentor, 2)
    client.force_login(UserFactory())

    assert client.get(reverse("bookings:offer", args=[offer.pk])).status_code == 404
    assert (
        client.post(reverse("bookings:offer", args=[offer.pk]), {"payment_method": "credits"}).status_code
        == 404
    )
    assert client.post(reverse("bookings:offer-decline", args=[offer.pk])).status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN


def test_accepting_with_credits_books_the_held_time(clock, client, mentor, learner):
    offer = _offer_for(learner, mentor, 2)
    give_credits(learner, 2)
    client.force_login(learner)

    response = client.post(
        reverse("bookings:offer", args=[offer.pk]),
        {"payment_method": "credits", "topic": "Finally"},
        follow=True,
    )

    offer.refresh_from_db()
    booking = offer.booking
    assert offer.status == OfferStatus.ACCEPTED
    assert (booking.start_at, booking.payment_method, booking.status) == (
        at(2, 9),
        PaymentMethod.CREDITS,
        BookingStatus.CONFIRMED,
    )
    assert response.redirect_chain == [(reverse("bookings:detail", args=[booking.pk]), 302)]
    assert "is booked and confirmed" in response.content.decode()
    assert (
        "You accepted this offer." in client.get(reverse("bookings:offer", args=[offer.pk])).content.decode()
    )


def test_accepting_by_card_goes_through_the_checkout_like_any_booking(clock, client, mentor, learner):
    offer = _offer_for(learner, mentor, 2)
    client.force_login(learner)

    response = client.post(reverse("bookings:offer", args=[offer.pk]), {"payment_method": "card"})

    offer.refresh_from_db()
    payment = Payment.objects.get(purpose="booking", object_id=str(offer.booking_id))
    detail = reverse("bookings:detail", args=[offer.booking_id])
    assert response["Location"] == reverse("payments:checkout", args=[payment.pk]) + f"?next={detail}"


def test_accepting_with_too_few_credits_shows_the_error_and_keeps_the_offer(clock, client, mentor, learner):
    offer = _offer_for(learner, mentor, 2)
    client.force_login(learner)

    response = client.post(reverse("bookings:offer", args=[offer.pk]), {"payment_method": "credits"})

    assert response.status_code == 200
    assert "You do not have enough credits." in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN


def test_declining_passes_the_offer_on(clock, client, mentor, learner):
    offer = _offer_for(learner, mentor, 2)
    client.force_login(learner)

    response = client.post(reverse("bookings:offer-decline", args=[offer.pk]), follow=True)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert "You declined the offer." in response.content.decode()
    assert (
        "You declined this offer." in client.get(reverse("bookings:offer", args=[offer.pk])).content.decode()
    )


def test_an_offer_past_its_hold_says_it_expired_and_cannot_be_accepted(clock, client, mentor, learner):
    offer = _offer_for(learner, mentor, 2)
    give_credits(learner, 2)
    clock.move_to(offer.expires_at + timedelta(seconds=1))
    client.force_login(learner)

    page = client.get(reverse("bookings:offer", args=[offer.pk])).content.decode()
    response = client.post(reverse("bookings:offer", args=[offer.pk]), {"payment_method": "credits"})

    assert "This offer has expired" in page and "Accept and book" not in page
    assert "This offer is no longer open." in response.content.decode()
    offer.refresh_from_db()
    assert offer.booking is None


def test_an_offer_in_the_notifications_has_accept_decline_and_a_countdown(clock, client, mentor, learner):
    offer = _offer_for(learner, mentor, 2)
    client.force_login(learner)

    page = client.get(reverse("messaging:notifications")).content.decode()

    assert f'href="{reverse("bookings:offer", args=[offer.pk])}" data-offer-action>Accept' in page
    assert f'action="{reverse("bookings:offer-decline", args=[offer.pk])}"' in page
    assert 'data-countdown data-expires-at="2027-03-01T08:30:00Z"' in page
    assert "js/bookings.js" in page

    response = client.post(
        reverse("bookings:offer-decline", args=[offer.pk]), {"next": reverse("messaging:notifications")}
    )
    assert response["Location"] == reverse("messaging:notifications")
