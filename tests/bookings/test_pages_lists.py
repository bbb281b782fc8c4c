"""My bookings (upcoming and past, as learner and as mentor, paginated), the calendar feed link,
and the mentor's queue of requests with confirm and decline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from bookings import services
from bookings.models import BookingStatus, CalendarToken
from payments.models import Refund
from tests.bookings.factories import BookingFactory, at, bookable_mentor, booked
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(db):
    return UserFactory(full_name="Lin Learner", timezone="Europe/Berlin")


def _list(client, **params) -> str:
    response = client.get(reverse("bookings:list"), params)
    assert response.status_code == 200
    return response.content.decode()


def _asking_mentor(**fields):
    """A mentor who answers each request (no auto-confirm)."""
    mentor = bookable_mentor(**fields)
    mentor.schedule.auto_confirm = False
    mentor.schedule.save(update_fields=["auto_confirm"])
    return mentor


# --- my bookings ----------------------------------------------------------------------------------


def test_upcoming_and_past_tabs_split_the_learners_bookings(clock, client, learner):
    mentor = bookable_mentor(user__full_name="Dana Design")
    soon = booked(learner, mentor, at(2, 9), topic="Portfolio review")
    cancelled = booked(learner, mentor, at(3, 9), topic="Career chat")
    services.booking_cancel(booking_id=cancelled.pk, user=learner)
    BookingFactory(
        learner=learner, mentor=mentor, start_at=at(-3, 9), status=BookingStatus.COMPLETED, topic="Old one"
    )
    client.force_login(learner)

    upcoming = _list(client)
    past = _list(client, show="past")

    assert "Portfolio review" in upcoming and "Career chat" not in upcoming and "Old one" not in upcoming
    assert "Career chat" in past and "Old one" in past and "Portfolio review" not in past
    # Times in the viewer's own zone: 09:00 UTC is 10:00 in Berlin.
    assert '<time datetime="2027-03-03T09:00:00+00:00">Wed 3 Mar 2027, 10:00</time>' in upcoming
    assert 'data-testid="booking-status">Confirmed<' in upcoming
    assert 'data-testid="booking-status">Cancelled<' in past
    assert f'href="{reverse("bookings:detail", args=[soon.pk])}"' in upcoming
    assert 'aria-current="page">Upcoming<' in upcoming


def test_a_mentor_filters_their_bookings_by_role(clock, client):
    mentor = bookable_mentor(user__full_name="Dana Design")
    other_mentor = bookable_mentor(user__full_name="Omar Other")
    booked(UserFactory(full_name="Lin Learner"), mentor, at(2, 9), topic="Dana teaches")
    booked(mentor.user, other_mentor, at(2, 13), topic="Dana learns")
    client.force_login(mentor.user)

    everything = _list(client)
    as_mentor = _list(client, role="mentor")
    as_learner = _list(client, role="learner")

    assert "Dana teaches" in everything and "Dana learns" in everything
    assert "Dana teaches" in as_mentor and "Dana learns" not in as_mentor
    assert "Dana learns" in as_learner and "Dana teaches" not in as_learner
    assert 'Lin Learner <span class="muted">(learner)</span>' in as_mentor
    assert "Booking requests" in everything


def test_the_list_is_paginated_and_keeps_its_filters(clock, client, learner):
    mentor = bookable_mentor()
    for day in range(25):
        BookingFactory(learner=learner, mentor=mentor, start_at=at(1 + day, 9))
    client.force_login(learner)

    first = _list(client)
    second = _list(client, show="upcoming", page=2)

    assert first.count('data-testid="booking-row"') == 20
    assert second.count('data-testid="booking-row"') == 5
    assert 'href="?show=upcoming&amp;page=2"' in first


@pytest.mark.parametrize("count", [5, 50])
def test_my_bookings_runs_the_same_queries_whatever_the_page_holds(
    clock, client, learner, count, django_assert_max_num_queries
):
    mentor = bookable_mentor()
    for day in range(count):
        BookingFactory(learner=learner, mentor=mentor, start_at=at(1 + day, 9))
    client.force_login(learner)

    # Session, user, the count and the page of bookings (people and service joined), "is a
    # mentor?", the feed token, then the header's mentor link and unread counts: 9 at 5 and at 50.
    with django_assert_max_num_queries(9):
        page = _list(client)

    assert page.count('data-testid="booking-row"') == min(count, 20)


def test_an_empty_list_points_to_the_mentor_directory(clock, client, learner):
    client.force_login(learner)

    page = _list(client)

    assert 'data-testid="bookings-empty"' in page and reverse("mentors:directory") in page


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("bookings:list"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


# --- the calendar feed ----------------------------------------------------------------------------


def test_the_feed_link_is_created_replaced_and_turned_off(clock, client, learner):
    mentor = bookable_mentor()
    booked(learner, mentor, at(2, 9))
    client.force_login(learner)
    assert "Create a feed link" in _list(client)

    client.post(reverse("bookings:feed-manage"), {"action": "create"})
    first = CalendarToken.objects.get(user=learner, revoked_at__isnull=True)
    page = _list(client)
    feed = reverse("bookings:calendar-feed", args=[first.token])
    assert feed in page and "Copy the link" in page
    assert client.get(feed).status_code == 200

    client.post(reverse("bookings:feed-manage"), {"action": "replace"})
    second = CalendarToken.objects.get(user=learner, revoked_at__isnull=True)
    assert second.token != first.token
    assert client.get(feed).status_code == 404  # the old link stopped working

    response = client.post(reverse("bookings:feed-manage"), {"action": "revoke"}, follow=True)
    assert "Your calendar feed is turned off." in response.content.decode()
    assert not CalendarToken.objects.filter(user=learner, revoked_at__isnull=True).exists()


# --- the mentor's pending requests --------------------------------------------------------------


def test_the_queue_lists_pending_requests_most_urgent_first(clock, client):
    mentor = _asking_mentor()
    later = booked(UserFactory(full_name="Second Asker"), mentor, at(5, 9), topic="Later one")
    sooner = booked(UserFactory(full_name="First Asker"), mentor, at(1, 9), topic="Sooner one")
    client.force_login(mentor.user)

    page = client.get(reverse("bookings:requests")).content.decode()

    assert page.count('data-testid="request"') == 2
    assert page.index("Sooner one") < page.index("Later one")
    assert (
        f'id="decline-{sooner.pk}-decline-reason"' in page
        and f'id="decline-{later.pk}-decline-reason"' in page
    )


def test_the_mentor_confirms_a_request_from_the_queue(clock, client, learner):
    mentor = _asking_mentor()
    booking = booked(learner, mentor, at(1, 9))
    client.force_login(mentor.user)
    queue = reverse("bookings:requests")

    response = client.post(reverse("bookings:confirm", args=[booking.pk]), {"next": queue}, follow=True)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.meeting_room_url
    assert response.redirect_chain == [(queue, 302)]
    page = response.content.decode()
    assert "The session is confirmed." in page and 'data-testid="requests-empty"' in page


def test_the_mentor_declines_with_a_reason_and_the_learner_is_refunded(clock, client, learner):
    mentor = _asking_mentor()
    booking = booked(learner, mentor, at(1, 9))
    client.force_login(mentor.user)

    client.post(
        reverse("bookings:decline", args=[booking.pk]),
        {"decline-reason": "I am away that week", "next": reverse("bookings:requests")},
    )

    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED and booking.decline_reason == "I am away that week"
    assert Refund.objects.filter(payment__object_id=str(booking.pk)).exists()
    client.force_login(learner)
    page = client.get(reverse("bookings:detail", args=[booking.pk])).content.decode()
    assert "Declined by the mentor. Reason: I am away that week" in page


def test_confirming_twice_shows_the_rule_instead_of_an_error_page(clock, client, learner):
    mentor = _asking_mentor()
    booking = booked(learner, mentor, at(1, 9))
    client.force_login(mentor.user)
    client.post(reverse("bookings:confirm", args=[booking.pk]))

    response = client.post(reverse("bookings:confirm", args=[booking.pk]), follow=True)

    assert response.status_code == 200
    assert "A confirmed booking cannot become confirmed." in response.content.decode()


def test_a_learner_cannot_confirm_their_own_request(clock, client, learner):
    mentor = _asking_mentor()
    booking = booked(learner, mentor, at(1, 9))
    client.force_login(learner)

    response = client.post(reverse("bookings:confirm", args=[booking.pk]), follow=True)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING
    assert "Only the booking&#x27;s mentor can do this." in response.content.decode()


def test_a_learner_without_a_mentor_profile_has_an_empty_queue(clock, client, learner):
    client.force_login(learner)

    page = client.get(reverse("bookings:requests")).content.decode()

    assert 'data-testid="requests-empty"' in page
    assert "Booking requests" not in _list(client)  # only mentors get the link


def test_a_request_past_its_time_cannot_be_confirmed(clock, client, learner):
    mentor = _asking_mentor()
    booking = booked(learner, mentor, at(0, 9))
    clock.move_to(at(0, 9) + timedelta(minutes=5))
    client.force_login(mentor.user)

    response = client.post(reverse("bookings:confirm", args=[booking.pk]), follow=True)

    assert "The session&#x27;s time has passed." in response.content.decode()
