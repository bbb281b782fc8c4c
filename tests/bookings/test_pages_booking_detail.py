"""A booking's page: who, when, what and the money; the join button and its window; cancel and
reschedule dialogs that state the refund outcome first; completing, no-shows, notes, the
calendar file, reviews and the mentor's answer. A stranger gets 404 on every route of it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from bookings import services
from bookings.models import Booking, BookingStatus, Review
from tests.bookings.factories import (
    at,
    bookable_mentor,
    booked,
    buy_package,
    completed,
    give_credits,
    slot_id_for,
    started,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor(db):
    return bookable_mentor(hourly_rate=Decimal("75.00"), user__full_name="Dana Design")


@pytest.fixture
def learner(db):
    return UserFactory(full_name="Lin Learner", timezone="UTC")


def _as(client, user):
    client.force_login(user)
    return client


def _page(client, booking) -> str:
    response = client.get(reverse("bookings:detail", args=[booking.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- who sees it ----------------------------------------------------------------------------------


def test_both_parties_see_the_booking_and_a_stranger_gets_404_on_every_route(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(3, 10))

    assert "Session with Dana Design" in _page(_as(client, learner), booking)
    assert "Session with Lin Learner" in _page(_as(client, mentor.user), booking)

    _as(client, UserFactory())
    for name in ("detail", "cancel", "reschedule", "ics"):
        assert client.get(reverse(f"bookings:{name}", args=[booking.pk])).status_code == 404, name
    for name in (
        "join",
        "cancel",
        "complete",
        "review",
        "note-add",
        "update",
        "confirm",
        "decline",
        "no-show",
    ):
        assert (
            client.post(reverse(f"bookings:{name}", args=[booking.pk]), {"rating": "5"}).status_code == 404
        ), name
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_the_page_states_price_payment_and_receipt_for_a_card_booking(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(3, 10))

    page = _page(_as(client, learner), booking)

    assert 'data-testid="booking-price">$75.00<' in page
    assert "Card: paid" in page and "Receipt MNT-" in page
    assert 'data-testid="booking-when">Thursday 4 March 2027, 10:00 to 11:00<' in page


def test_times_are_shown_in_the_viewers_own_zone(clock, client, mentor):
    tokyo = UserFactory(timezone="Asia/Tokyo")
    booking = booked(tokyo, mentor, at(3, 10))

    page = _page(_as(client, tokyo), booking)

    assert (
        "Thursday 4 March 2027, 19:00 to 20:00" in page and "Times are in your time zone, Asia/Tokyo." in page
    )


# --- cancelling -----------------------------------------------------------------------------------


def test_the_cancel_dialog_promises_a_full_card_refund_before_the_deadline(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(3, 10))

    page = _page(_as(client, learner), booking)

    assert '<dialog id="cancel-dialog"' in page
    assert "You will get a full refund of $75.00." in page
    assert "Free cancellation is open until" in page and "Wednesday 3 March, 10:00" in page


def test_the_cancel_dialog_says_no_refund_once_the_deadline_has_passed(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(3, 10))
    clock.move_to(at(2, 11))  # 23 hours before the start

    page = _page(_as(client, learner), booking)
    standalone = client.get(reverse("bookings:cancel", args=[booking.pk])).content.decode()

    for html in (page, standalone):
        assert "It is less than 24 hours before the start: no refund." in html
        assert "full refund of" not in html


def test_cancelling_late_does_what_the_dialog_said(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(3, 10))
    clock.move_to(at(2, 11))

    response = _as(client, learner).post(
        reverse("bookings:cancel", args=[booking.pk]), {"cancel-reason": "Ill"}, follow=True
    )

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and booking.refund_policy == "none"
    assert "The booking is cancelled. It is less than 24 hours before the start: no refund." in (
        response.content.decode()
    )


def test_cancelling_early_refunds_the_card_in_full(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(3, 10))

    response = _as(client, learner).post(reverse("bookings:cancel", args=[booking.pk]), follow=True)

    page = response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and booking.refund_policy == "full"
    assert "The booking is cancelled. You will get a full refund of $75.00." in page
    assert 'data-testid="booking-status">Cancelled<' in page
    assert "Refund: $75.00 refunded to the card." in page
    assert "Cancel the session" not in page


def test_the_cancel_dialog_names_credits_and_package_sessions_for_those_payments(
    clock, client, mentor, learner
):
    give_credits(learner, 2)
    by_credits = booked(learner, mentor, at(3, 10), method="credits")
    purchase = buy_package(learner, mentor)
    by_package = booked(learner, mentor, at(4, 10), method="package", package_purchase_id=purchase.pk)
    _as(client, learner)

    assert "Your 1 credit will go back to the wallet." in _page(client, by_credits)
    assert "Your package gets the session back." in _page(client, by_package)


def test_a_mentor_is_told_the_learner_gets_everything_back_even_late(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(3, 10))
    clock.move_to(at(3, 9))

    page = _page(_as(client, mentor.user), booking)

    assert "The learner will get a full refund of $75.00." in page


# --- rescheduling ---------------------------------------------------------------------------------


def test_the_reschedule_dialog_lists_free_times_of_the_same_length_and_moves_the_booking(
    clock, client, mentor, learner
):
    booking = booked(learner, mentor, at(3, 10))
    _as(client, learner)
    page = _page(client, booking)
    assert '<dialog id="reschedule-dialog"' in page
    assert "Your payment stays as it is: nothing more is charged and nothing is refunded." in page
    assert slot_id_for(mentor, at(3, 14)) in page
    assert slot_id_for(mentor, at(3, 10)) not in page  # its own current time

    response = client.post(
        reverse("bookings:reschedule", args=[booking.pk]),
        {"move-slot": slot_id_for(mentor, at(3, 14)), "move-reason": "A meeting came up"},
        follow=True,
    )

    booking.refresh_from_db()
    assert booking.start_at == at(3, 14) and booking.reschedule_count == 1
    assert "The session is moved to Thursday 4 March 2027, 14:00." in response.content.decode()


def test_after_the_deadline_the_learner_is_told_the_session_can_only_be_cancelled(
    clock, client, mentor, learner
):
    booking = booked(learner, mentor, at(3, 10))
    clock.move_to(at(2, 11))

    page = _page(_as(client, learner), booking)

    assert "reschedule-dialog" not in page
    assert "the session can no longer be moved. You can still cancel it, without a refund." in page


# --- joining --------------------------------------------------------------------------------------


def test_the_join_button_is_disabled_before_the_window_and_enabled_inside_it(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(0, 10))
    _as(client, learner)

    before = _page(client, booking)
    clock.move_to(at(0, 9, 50))
    inside = _page(client, booking)

    join = 'data-join-button aria-describedby="join-note"'
    assert f"{join} disabled>" in before
    assert "The room opens at" in before and "Monday 1 March, 09:50" in before
    assert f"{join}>" in inside and f"{join} disabled>" not in inside
    assert "The room is open until 11:00." in inside
    # The script that enables it without a reload counts from the server's clock.
    assert 'data-opens-at="2027-03-01T09:50:00+00:00"' in inside
    assert 'data-server-now="2027-03-01T09:50:00+00:00"' in inside


def test_joining_inside_the_window_opens_the_room_and_starts_the_session(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(0, 10))
    clock.move_to(at(0, 9, 55))

    response = _as(client, learner).post(reverse("bookings:join", args=[booking.pk]))

    booking.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == booking.meeting_room_url
    assert response["Location"].startswith("https://meet.jit.si/mentora-")
    assert booking.status == BookingStatus.IN_PROGRESS


def test_joining_too_early_says_when_the_room_opens(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(0, 10))

    response = _as(client, learner).post(reverse("bookings:join", args=[booking.pk]), follow=True)

    assert "The room opens at Monday 1 March 2027, 09:50" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


# --- during and after the session -----------------------------------------------------------------


def test_either_party_completes_a_started_session(clock, client, mentor, learner):
    booking = started(booked(learner, mentor, at(0, 10)))
    clock.move_to(at(0, 11))
    _as(client, learner)
    assert "Mark as completed" in _page(client, booking)

    response = client.post(reverse("bookings:complete", args=[booking.pk]), follow=True)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED
    page = response.content.decode()
    assert "The session is marked as completed." in page
    assert "Review Dana Design" in page
    assert "Who was there" in page and "Lin Learner" in page


def test_the_mentor_marks_a_learner_who_never_came_from_15_minutes_after_the_start(
    clock, client, mentor, learner
):
    booking = booked(learner, mentor, at(0, 10))
    _as(client, mentor.user)
    clock.move_to(at(0, 10, 10))
    assert "The learner did not come" not in _page(client, booking)

    clock.move_to(at(0, 10, 16))
    assert "The learner did not come</button>" in _page(client, booking)
    client.post(reverse("bookings:no-show", args=[booking.pk]))

    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW_LEARNER


def test_the_learner_reviews_a_completed_session_and_it_shows_on_the_mentors_profile(
    clock, client, mentor, learner
):
    booking = completed(booked(learner, mentor, at(0, 10)))
    clock.move_to(at(0, 12))
    _as(client, learner)
    page = _page(client, booking)
    assert '<legend class="field__label">Your rating</legend>' in page
    assert 'type="radio" name="rating" value="5"' in page

    response = client.post(
        reverse("bookings:review", args=[booking.pk]),
        {
            "rating": "5",
            "text": "Clear, kind and to the point.",
            "aspect_expertise": "5",
            "aspect_punctuality": "",
            "skills_learned": "Figma, user interviews",
        },
        follow=True,
    )

    review = Review.objects.get()
    assert (review.rating, review.aspects, review.skills_learned) == (
        5,
        {"expertise": 5},
        ["Figma", "user interviews"],
    )
    after = response.content.decode()
    assert "your review is on the mentor&#x27;s profile" in after
    assert "Your review: 5 of 5" in after and "Publish the review" not in after
    profile = client.get(reverse("mentors:profile", args=[mentor.pk])).content.decode()
    assert "5.0 of 5</strong> from 1 review." in profile
    assert "Clear, kind and to the point." in profile


def test_a_review_without_a_rating_is_shown_on_its_field(clock, client, mentor, learner):
    booking = completed(booked(learner, mentor, at(0, 10)))

    response = _as(client, learner).post(reverse("bookings:review", args=[booking.pk]), {"text": "Good"})

    assert response.status_code == 200
    assert "Your rating: This field is required." in response.content.decode()
    assert not Review.objects.exists()


def test_a_booking_that_is_not_completed_shows_the_review_rule_not_a_500(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(3, 10))

    response = _as(client, learner).post(reverse("bookings:review", args=[booking.pk]), {"rating": "4"})

    assert response.status_code == 200
    assert "Only a completed session can be reviewed." in response.content.decode()


def test_the_mentor_answers_a_review_once(clock, client, mentor, learner):
    booking = completed(booked(learner, mentor, at(0, 10)))
    review = services.review_create(booking_id=booking.pk, user=learner, rating=4, text="Helpful")
    _as(client, mentor.user)
    assert "Publish my answer" in _page(client, booking)

    response = client.post(
        reverse("bookings:review-respond", args=[review.pk]),
        {"booking": str(booking.pk), "response": "Thank you, Lin!"},
        follow=True,
    )

    review.refresh_from_db()
    assert review.mentor_response == "Thank you, Lin!"
    page = response.content.decode()
    assert "Dana Design answered:" in page and "Publish my answer" not in page


def test_notes_after_the_session_are_private_unless_shared(clock, client, mentor, learner):
    booking = completed(booked(learner, mentor, at(0, 10)))
    _as(client, mentor.user)
    client.post(reverse("bookings:note-add", args=[booking.pk]), {"notes": "Private: push on layout"})
    client.post(
        reverse("bookings:note-add", args=[booking.pk]),
        {"notes": "Homework: two wireframes", "is_public": "on"},
    )

    learners_view = _page(_as(client, learner), booking)

    assert "Homework: two wireframes" in learners_view
    assert "Private: push on layout" not in learners_view


def test_pre_session_notes_are_edited_by_their_own_party_only(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(3, 10))
    _as(client, learner).post(
        reverse("bookings:update", args=[booking.pk]),
        {"topic": "Portfolio", "learner_notes": "Link to my work"},
    )
    _as(client, mentor.user).post(
        reverse("bookings:update", args=[booking.pk]),
        {"topic": "Portfolio", "mentor_notes": "Ask about goals"},
    )

    booking.refresh_from_db()
    assert (booking.topic, booking.learner_notes, booking.mentor_notes) == (
        "Portfolio",
        "Link to my work",
        "Ask about goals",
    )
    mentors_view = _page(client, booking)
    learners_view = _page(_as(client, learner), booking)
    assert "Link to my work" in mentors_view and "Ask about goals" in mentors_view
    assert "Ask about goals" not in learners_view


def test_a_shared_recording_is_linked_for_both_parties(clock, client, mentor, learner):
    booking = completed(booked(learner, mentor, at(0, 10)))
    services.recording_register(booking_id=booking.pk, url="https://recordings.example.com/r/1")
    _as(client, mentor.user)
    assert "Share the recording" in _page(client, booking)
    assert "https://recordings.example.com/r/1" not in _page(_as(client, learner), booking)

    _as(client, mentor.user).post(
        reverse("bookings:recording-share", args=[booking.pk]), {"expiry_days": "7"}
    )

    assert 'href="https://recordings.example.com/r/1"' in _page(_as(client, learner), booking)


# --- calendar -------------------------------------------------------------------------------------


def test_both_parties_download_the_booking_as_an_ics_file(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(3, 10))

    response = _as(client, learner).get(reverse("bookings:ics", args=[booking.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="mentora-session-20270304-1000.ics"' in response["Content-Disposition"]
    body = response.content.decode()
    assert "DTSTART:20270304T100000Z" in body and "Dana Design" in body
    assert _as(client, mentor.user).get(reverse("bookings:ics", args=[booking.pk])).status_code == 200


def test_a_pending_request_shows_the_mentor_confirm_and_decline(clock, client, learner):
    mentor = bookable_mentor()
    mentor.schedule.auto_confirm = False
    mentor.schedule.save()
    booking = booked(learner, mentor, at(3, 10))
    assert booking.status == BookingStatus.PENDING

    mentors_view = _page(_as(client, mentor.user), booking)
    learners_view = _page(_as(client, learner), booking)

    assert "Confirm the session" in mentors_view and "Decline the request" in mentors_view
    assert "Confirm the session" not in learners_view and "answers by" in learners_view


def test_staff_read_a_booking_without_any_buttons(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(3, 10))

    page = _page(_as(client, UserFactory(is_staff=True)), booking)

    assert "Session of Lin Learner with Dana Design" in page
    assert "Cancel the session" not in page and "<dialog" not in page


def test_a_booking_past_its_end_offers_no_join_button(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(0, 10))
    clock.move_to(at(0, 11) + timedelta(minutes=1))

    assert "Join the session" not in _page(_as(client, learner), booking)
    assert Booking.objects.get().status == BookingStatus.CONFIRMED
