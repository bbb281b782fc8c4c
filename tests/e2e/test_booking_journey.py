"""Issue 7's whole journey in the embedded default, in a real browser: a learner books a free
time from a mentor's calendar and pays with the offline test card; the mentor confirms the
request in a second browser; in the join window the learner's join button opens the room; the
session is completed and the learner's review then shows on the mentor's public profile."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from bookings.models import Booking, BookingStatus, Review
from tests.factories import UserFactory
from tests.mentors.factories import mentor_with_weekly_hours

pytestmark = pytest.mark.browser

# Monday 1 March 2027, 08:00 UTC. The session is booked for Tuesday 2 March, 10:00-11:00.
NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
JUST_BEFORE_THE_WINDOW = datetime(2027, 3, 2, 9, 49, 57, tzinfo=UTC)
IN_THE_JOIN_WINDOW = datetime(2027, 3, 2, 9, 55, tzinfo=UTC)
ROOMS = re.compile(r"^https://meet\.jit\.si/")


@pytest.fixture
def clock():
    # The live server answers from a thread of this process, so it reads this clock too.
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def open_as(browser: Browser, live_server):
    """A browser context of its own (cookies, pages) signed in as `user`."""
    contexts = []

    def open_as(user) -> Page:
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=live_server.url)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        # The video room is Jitsi's, out on the internet: the test answers for it.
        context.route(ROOMS, lambda route: route.fulfill(status=200, body="<title>Video room</title>"))
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


def test_a_learner_books_pays_meets_and_reviews_and_the_review_shows_on_the_mentors_page(
    transactional_db, clock, open_as
):
    mentor = mentor_with_weekly_hours(
        hourly_rate=Decimal("60.00"), title="UX Designer", user__full_name="Dana Design"
    )
    mentor.schedule.auto_confirm = False  # Dana answers each request herself
    mentor.schedule.save()
    learner = UserFactory(full_name="Lin Learner", timezone="UTC")
    lin, dana = open_as(learner), open_as(mentor.user)

    # Lin picks Tuesday 10:00 on Dana's calendar.
    lin.goto(reverse("mentors:profile", args=[mentor.pk]))
    expect(lin.locator("#calendar-month")).to_have_text("March 2027")
    lin.get_by_role("link", name=re.compile(r"^10:00\W+book 60 minutes on Tuesday 2 March$")).click()

    expect(lin.get_by_role("heading", level=1)).to_have_text("Book a session with Dana Design")
    expect(lin.get_by_test_id("booking-time")).to_have_text("Tuesday 2 March 2027, 10:00 to 11:00")
    expect(lin.get_by_test_id("booking-price")).to_contain_text("$60.00")
    lin.get_by_label("Topic").fill("My portfolio")
    lin.get_by_label("Card, $60.00").check()
    lin.get_by_role("button", name="Book the session").click()

    # The offline gateway's checkout, with its test card.
    expect(lin.get_by_test_id("checkout-total")).to_have_text("$60.00")
    lin.get_by_label("Card number").fill("4242 4242 4242 4242")
    lin.get_by_label("Expiry date (MM/YY)").fill("12/40")
    lin.get_by_label("Security code (CVC)").fill("123")
    lin.get_by_role("button", name="Pay $60.00").click()

    booking = Booking.objects.get()
    booking_url = reverse("bookings:detail", args=[booking.pk])
    expect(lin).to_have_url(re.compile(re.escape(booking_url) + "$"))
    expect(lin.get_by_role("status").first).to_contain_text("Payment received")
    expect(lin.get_by_test_id("booking-status")).to_have_text("Waiting for the mentor")

    # Dana confirms it in her own browser, from her queue of requests.
    dana.goto(reverse("bookings:list"))
    dana.get_by_role("link", name=re.compile(r"^Booking requests")).click()
    request = dana.get_by_test_id("request")
    expect(request).to_contain_text("Lin Learner")
    expect(request).to_contain_text("My portfolio")
    request.get_by_role("button", name=re.compile(r"^Confirm")).click()
    expect(dana.get_by_role("status").first).to_contain_text("The session is confirmed.")
    expect(dana.get_by_test_id("requests-empty")).to_be_visible()

    # Before the window the join button is there but off.
    lin.reload()
    expect(lin.get_by_test_id("booking-status")).to_have_text("Confirmed")
    join = lin.get_by_role("button", name=re.compile(r"^Join the session"))
    expect(join).to_be_disabled()
    expect(lin.locator("#join-note")).to_contain_text("The room opens at")

    # Three seconds before the room opens (10 minutes before the start) the page is loaded; the
    # button turns on by itself when the window opens, without a reload.
    clock.move_to(JUST_BEFORE_THE_WINDOW)
    lin.reload()
    expect(join).to_be_disabled()
    lin.evaluate("window.stillTheSamePage = true")
    expect(join).to_be_enabled(timeout=15_000)
    expect(lin.locator("#join-note")).to_have_text("The room is open until 11:00.")
    assert lin.evaluate("window.stillTheSamePage") is True
    clock.move_to(IN_THE_JOIN_WINDOW)  # the server's clock follows for the join itself
    with lin.expect_popup() as opened:
        join.click()
    room = opened.value
    expect(room).to_have_url(re.compile(r"^https://meet\.jit\.si/mentora-"))
    room.close()

    lin.reload()
    expect(lin.get_by_test_id("booking-status")).to_have_text("In progress")
    lin.get_by_role("button", name="Mark as completed").click()
    expect(lin.get_by_test_id("booking-status")).to_have_text("Completed")

    # The review form: a rating by keyboard-friendly radio buttons, and a few words.
    lin.get_by_role("radio", name="5 stars").check()
    lin.get_by_label("Your review").fill("Dana found the weak spots in my portfolio at once.")
    lin.get_by_label("Skills you learned").fill("Case studies")
    lin.get_by_role("button", name="Publish the review").click()
    expect(lin.get_by_role("status").first).to_contain_text("your review is on the mentor's profile")

    lin.get_by_role("link", name="Dana Design").first.click()
    expect(lin.get_by_role("heading", level=1)).to_have_text("Dana Design")
    expect(lin.get_by_test_id("reviews-summary")).to_contain_text("5.0 of 5")
    expect(lin.get_by_test_id("public-review")).to_contain_text("found the weak spots in my portfolio")

    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED
    assert Review.objects.get().rating == 5
