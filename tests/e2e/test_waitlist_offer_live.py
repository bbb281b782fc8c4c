"""Issue 8's browser test: a learner joins the waitlist of a fully booked day; the mentor's other
learner cancels in their own browser; the freed time is offered to the first learner, whose
notifications page shows it live (over /ws/notifications/, no reload) with a countdown; they
accept it and the time is booked for them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from bookings.models import BookingStatus, OfferStatus, WaitlistOffer
from payments import services as payment_services
from tests.bookings.factories import booked
from tests.e2e.asgi_server import AsgiLiveServer
from tests.factories import UserFactory
from tests.mentors.factories import mentor_with_weekly_hours

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Monday 1 March 2027, 08:00 UTC; the full day is Wednesday 3 March.
NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
FULL_DAY = datetime(2027, 3, 3, tzinfo=UTC)


@pytest.fixture
def clock():
    # The server runs in a thread of this process and reads this clock; it keeps ticking so
    # the sockets' timers behave.
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def asgi_live_server(transactional_db, clock):
    from config.asgi import application

    with AsgiLiveServer(application) as server:
        yield server


def test_a_freed_time_reaches_the_waiting_learner_live_and_they_book_it(open_as):
    # Dana works 09:00-11:00 UTC: Wednesday's two hours are both taken.
    mentor = mentor_with_weekly_hours(start=9, end=11, user__full_name="Dana Design")
    bea = UserFactory(full_name="Bea Booked", timezone="UTC")
    bea_booking = booked(bea, mentor, FULL_DAY.replace(hour=9))
    booked(UserFactory(full_name="Cal Booked"), mentor, FULL_DAY.replace(hour=10))
    wren = UserFactory(full_name="Wren Waiting", timezone="UTC")
    payment_services.credits_grant_initial(user=wren)  # one credit: enough for an hour with Dana
    wren_page, bea_page = open_as(wren), open_as(bea)

    # Wren finds Wednesday full and joins its waitlist.
    wren_page.goto(reverse("mentors:profile", args=[mentor.pk]) + "?month=2027-03")
    wren_page.get_by_role("link", name=re.compile(r"^Join the waitlist\W+for Wednesday 3 March$")).click()
    expect(wren_page.get_by_role("heading", level=1)).to_have_text("Join Dana Design's waitlist")
    expect(wren_page.get_by_label("From")).to_have_value("2027-03-03")
    expect(wren_page.get_by_label("Until")).to_have_value("2027-03-03")
    wren_page.get_by_role("button", name="Join the waitlist").click()
    expect(wren_page.get_by_test_id("waitlist-entry")).to_contain_text("Wednesday 3 March 2027")

    # Wren waits on the notifications page, live.
    wren_page.get_by_role("link", name=re.compile(r"^Notifications")).click()
    expect(wren_page.get_by_test_id("live-status")).to_have_text("Live updates are on.")
    wren_page.evaluate("window.stillTheSamePage = true")

    # Bea cancels her Wednesday 09:00 in her own browser (the dialog says what she gets back).
    bea_page.goto(reverse("bookings:detail", args=[bea_booking.pk]))
    bea_page.get_by_role("button", name="Cancel the session").click()
    dialog = bea_page.get_by_role("dialog", name="Cancel this session?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("cancel-outcome")).to_have_text("You will get a full refund of $60.00.")
    dialog.get_by_role("button", name="Yes, cancel the session").click()
    expect(bea_page.get_by_test_id("booking-status")).to_have_text("Cancelled")

    # The offer arrives on Wren's page without a reload, with accept, decline and a countdown.
    offer_item = wren_page.locator("[data-notification-id]").filter(has_text="is free for you").first
    expect(offer_item).to_be_visible()
    assert wren_page.evaluate("window.stillTheSamePage") is True
    expect(offer_item.locator("[data-countdown]")).to_have_text(re.compile(r"^(29|30):\d\d left$"))
    expect(offer_item.get_by_role("button", name=re.compile(r"^Decline"))).to_be_visible()
    offer_item.get_by_role("link", name=re.compile(r"^Accept")).click()

    offer = WaitlistOffer.objects.get(learner=wren)
    expect(wren_page).to_have_url(re.compile(re.escape(reverse("bookings:offer", args=[offer.pk])) + "$"))
    expect(wren_page.get_by_test_id("offer-time")).to_have_text("Wednesday 3 March 2027, 09:00")
    expect(wren_page.get_by_test_id("offer-countdown")).to_have_text(re.compile(r"^(29|30):\d\d left$"))
    wren_page.get_by_label("Credits: this session costs 1 credit,").check()
    wren_page.get_by_role("button", name="Accept and book").click()

    expect(wren_page.get_by_role("status").first).to_contain_text("is booked and confirmed")
    expect(wren_page.get_by_test_id("booking-status")).to_have_text("Confirmed")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert offer.booking.learner == wren and offer.booking.status == BookingStatus.CONFIRMED
