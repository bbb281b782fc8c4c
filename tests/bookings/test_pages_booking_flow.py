"""The booking flow on the site: a free time on the mentor's calendar → the details page →
card checkout (or credits, or a package session) → the booking's page."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from bookings.models import Booking, BookingStatus, PaymentMethod
from payments.models import Payment
from tests.bookings.factories import at, bookable_mentor, booked, buy_package, give_credits, slot_id_for
from tests.factories import UserFactory
from tests.mentors.factories import ServiceFactory
from tests.payments.conftest import DECLINED_CARD, TEST_CARD

pytestmark = pytest.mark.django_db


def _new_url(mentor, start, duration=60) -> str:
    return reverse("bookings:new") + f"?slot={slot_id_for(mentor, start, duration)}"


def _card(number: str = TEST_CARD) -> dict:
    return {"card_number": number, "expiry": "12/40", "cvc": "123"}


@pytest.fixture
def learner(db):
    return UserFactory(full_name="Lin Learner", timezone="America/New_York")


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


def test_each_free_time_on_the_calendar_links_to_its_booking_page(clock, client, mentor_profile, learner):
    client.force_login(learner)

    page = client.get(
        reverse("mentors:profile", args=[mentor_profile.pk]), {"month": "2027-03"}
    ).content.decode()

    # 09:00 UTC on Tuesday 2 March is 04:00 in New York.
    assert f'href="{_new_url(mentor_profile, at(1, 9))}"' in page
    assert '<time datetime="2027-03-02T09:00:00+00:00">04:00</time>' in page
    assert "book 60 minutes on Tuesday 2 March" in page


def test_the_mentor_sees_their_own_calendar_without_booking_links(clock, client, mentor_profile):
    client.force_login(mentor_profile.user)

    page = client.get(reverse("mentors:profile", args=[mentor_profile.pk])).content.decode()

    assert reverse("bookings:new") not in page
    assert "Your booking requests" in page


def test_an_anonymous_visitor_is_sent_to_log_in_and_comes_back_to_the_time(clock, client, mentor_profile):
    url = _new_url(mentor_profile, at(1, 9))

    response = client.get(url)

    assert response.status_code == 302
    login, query = response["Location"].split("?", 1)
    assert login == reverse("accounts:login")
    assert parse_qs(query)["next"] == [url]


def test_the_details_page_shows_the_time_in_the_viewers_zone_the_services_and_the_balance(
    clock, signed_in, mentor_profile, learner
):
    ServiceFactory(
        mentor=mentor_profile, title="Portfolio review", duration_minutes=60, price=Decimal("75.00")
    )
    ServiceFactory(mentor=mentor_profile, title="Quick question", duration_minutes=30, price=Decimal("20.00"))
    give_credits(learner, 4)

    page = signed_in.get(_new_url(mentor_profile, at(1, 9))).content.decode()

    assert "Tuesday 2 March 2027, 04:00" in page and "America/New_York" in page
    assert "Portfolio review: $75.00 or 1 credit" in page
    assert "Quick question" not in page  # another length
    assert "at the hourly rate: $60.00" in page
    assert "Credits (you have 4)" in page
    assert '<legend class="field__label">Pay with</legend>' in page


def test_paying_by_card_goes_through_checkout_and_ends_on_the_booking_with_its_receipt(
    clock, signed_in, mentor_profile, learner
):
    service = ServiceFactory(mentor=mentor_profile, duration_minutes=60, price=Decimal("75.00"))

    response = signed_in.post(
        _new_url(mentor_profile, at(1, 9)),
        {"service": str(service.pk), "topic": "My portfolio", "payment_method": "card"},
    )

    booking = Booking.objects.get()
    payment = Payment.objects.get(purpose="booking", object_id=str(booking.pk))
    detail = reverse("bookings:detail", args=[booking.pk])
    assert response.status_code == 302
    assert response["Location"] == reverse("payments:checkout", args=[payment.pk]) + f"?next={detail}"
    assert booking.status == BookingStatus.PENDING_PAYMENT and booking.topic == "My portfolio"

    checkout = signed_in.get(response["Location"]).content.decode()
    assert 'data-testid="checkout-total">$75.00<' in checkout
    paid = signed_in.post(response["Location"], {**_card(), "next": detail}, follow=True)

    assert paid.redirect_chain[-1][0] == detail
    page = paid.content.decode()
    assert "Payment received" in page
    assert 'data-testid="booking-status">Confirmed<' in page
    payment.refresh_from_db()
    assert f'href="{reverse("payments:receipt", args=[payment.pk])}"' in page
    assert "Tuesday 2 March 2027, 04:00" in page  # in the learner's own zone


def test_a_declined_card_leaves_the_booking_waiting_for_payment_and_lets_the_learner_retry(
    clock, signed_in, mentor_profile
):
    response = signed_in.post(_new_url(mentor_profile, at(1, 9)), {"payment_method": "card"})
    checkout = response["Location"]

    declined = signed_in.post(checkout, _card(DECLINED_CARD))
    page = signed_in.get(reverse("bookings:detail", args=[Booking.objects.get().pk])).content.decode()

    assert declined.status_code == 200 and b"Your card was declined." in declined.content
    assert 'data-testid="booking-status">Waiting for payment<' in page
    assert "Pay $60.00" in page


def test_paying_with_credits_books_at_once_with_a_success_message(clock, signed_in, mentor_profile, learner):
    give_credits(learner, 3)

    response = signed_in.post(_new_url(mentor_profile, at(1, 9)), {"payment_method": "credits"}, follow=True)

    booking = Booking.objects.get()
    assert response.redirect_chain == [(reverse("bookings:detail", args=[booking.pk]), 302)]
    assert booking.payment_method == PaymentMethod.CREDITS and booking.status == BookingStatus.CONFIRMED
    page = response.content.decode()
    assert "is booked and confirmed" in page
    assert "Paid with credits" in page


def test_a_package_session_pays_for_a_session_of_its_length(clock, signed_in, mentor_profile, learner):
    purchase = buy_package(learner, mentor_profile, sessions=5, duration=60)
    form = signed_in.get(_new_url(mentor_profile, at(1, 9))).content.decode()
    assert "Five sessions: 5 of 5 sessions left" in form

    signed_in.post(
        _new_url(mentor_profile, at(1, 9)),
        {"payment_method": "package", "package_purchase": str(purchase.pk)},
    )

    purchase.refresh_from_db()
    assert Booking.objects.get().payment_method == PaymentMethod.PACKAGE
    assert purchase.sessions_remaining == 4


def test_choosing_a_package_without_naming_one_is_shown_on_the_field(
    clock, signed_in, mentor_profile, learner
):
    buy_package(learner, mentor_profile)

    response = signed_in.post(_new_url(mentor_profile, at(1, 9)), {"payment_method": "package"})

    assert response.status_code == 200
    assert "Choose the package that pays for the session." in response.content.decode()
    assert not Booking.objects.exists()


def test_too_few_credits_shows_the_payment_error_on_the_page_not_a_500(clock, signed_in, mentor_profile):
    response = signed_in.post(_new_url(mentor_profile, at(1, 9)), {"payment_method": "credits"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "You do not have enough credits." in page
    assert not Booking.objects.exists()


def test_a_time_taken_meanwhile_shows_the_conflict_and_links_back_to_the_calendar(
    clock, signed_in, mentor_profile
):
    url = _new_url(mentor_profile, at(1, 9))
    signed_in.get(url)  # the learner opens the page while the time is free ...
    booked(UserFactory(), mentor_profile, at(1, 9))  # ... and someone else books it first

    response = signed_in.post(url, {"payment_method": "card"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="slot-taken"' in page and "This time is no longer available." in page
    calendar = reverse("mentors:profile", args=[mentor_profile.pk]) + "?month=2027-03#calendar-title"
    assert f'href="{calendar}"' in page
    assert Booking.objects.count() == 1


def test_opening_a_time_that_is_already_taken_says_so_before_any_form(clock, signed_in, mentor_profile):
    booked(UserFactory(), mentor_profile, at(1, 9))

    page = signed_in.get(_new_url(mentor_profile, at(1, 9))).content.decode()

    assert 'data-testid="slot-taken"' in page
    assert "Book the session" not in page


def test_a_mentor_cannot_book_their_own_time_from_the_page(clock, client, mentor_profile):
    client.force_login(mentor_profile.user)

    response = client.post(_new_url(mentor_profile, at(1, 9)), {"payment_method": "card"})

    assert "you cannot book a session with yourself" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_made_up_slot_is_not_found(clock, signed_in):
    assert signed_in.get(reverse("bookings:new") + "?slot=not-a-slot").status_code == 404


def test_a_free_session_needs_no_payment(clock, signed_in):
    mentor = bookable_mentor(hourly_rate=Decimal("0.00"))

    form = signed_in.get(_new_url(mentor, at(1, 9))).content.decode()
    signed_in.post(_new_url(mentor, at(1, 9)), {"topic": "Hello"})

    assert "This session is free" in form and "Pay with" not in form
    booking = Booking.objects.get()
    assert booking.payment_method == PaymentMethod.FREE and booking.status == BookingStatus.CONFIRMED


def test_the_checkout_keeps_the_booking_page_as_where_to_come_back(clock, signed_in, mentor_profile):
    response = signed_in.post(_new_url(mentor_profile, at(1, 9)), {"payment_method": "card"})

    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["next"] == [reverse("bookings:detail", args=[Booking.objects.get().pk])]
