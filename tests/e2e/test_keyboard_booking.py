"""Issue 15: a learner using only the keyboard (Tab, Enter, Space and typing) goes from the
directory's second page to a paid booking; after every key, focus is on something, never
dropped to <body> (a new page, before its first Tab, is the only time nothing has focus)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from bookings.models import Booking, BookingStatus
from mentors.views._common import PAGE_SIZE
from tests.factories import UserFactory
from tests.mentors.factories import mentor_with_weekly_hours

pytestmark = pytest.mark.browser

# Monday 1 March 2027, 08:00 UTC: every mentor below is free from 09:00 UTC each day.
NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
MOST_TABS = 150


@pytest.fixture
def clock():
    # The live server answers from a thread of this process, so it reads this clock too.
    with time_machine.travel(NOW, tick=True):
        yield


class Keyboard:
    """Presses keys on `page` and checks, after each, that focus was not lost to <body>."""

    def __init__(self, page: Page):
        self.page = page
        self.presses = 0

    def _mark(self) -> None:
        self.page.evaluate("window.__sameDocument = true")

    def _focus_kept(self, after: str) -> None:
        lost = self.page.evaluate(
            "window.__sameDocument === true && (document.activeElement === null"
            " || document.activeElement === document.body)"
        )
        assert not lost, f"focus dropped to <body> after {after} (key {self.presses})"

    def press(self, key: str, *, navigates: bool = False) -> None:
        self._mark()
        self.presses += 1
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press(key)
            self.page.wait_for_load_state()
        else:
            self.page.keyboard.press(key)
            self._focus_kept(key)

    def type(self, text: str) -> None:
        self._mark()
        self.page.keyboard.type(text)
        self._focus_kept(f"typing {text!r}")

    def tab_to(self, target) -> None:
        """Tab forward until `target` has focus."""
        for _ in range(MOST_TABS):
            self.press("Tab")
            if target.evaluate("element => element === document.activeElement"):
                return
        raise AssertionError(f"{MOST_TABS} presses of Tab never reached {target}")


def test_a_keyboard_user_books_and_pays_from_the_directorys_second_page(
    transactional_db, clock, browser, live_server
):
    for number in range(PAGE_SIZE + 2):
        mentor_with_weekly_hours(
            hourly_rate=Decimal("60.00"), title="UX Designer", user__full_name=f"Mentor {number:02d}"
        )
    learner = UserFactory(full_name="Kim Keyboard", timezone="UTC")
    client = Client()
    client.force_login(learner)
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
    page = context.new_page()
    keys = Keyboard(page)

    # The directory: to the second page of results. The list that replaced the first page takes
    # focus (the "Next page" link that had it is gone).
    page.goto(reverse("mentors:directory"))
    keys.tab_to(page.get_by_role("link", name="Next page"))
    keys.press("Enter")
    results = page.locator("#result-list")
    expect(results).to_be_focused()
    expect(results).to_have_attribute("aria-label", re.compile(r"page 2 of 2$"))
    expect(page).to_have_url(re.compile(r"page=2"))

    # A mentor of the second page.
    first_card = page.get_by_test_id("mentor-card").first
    name_link = first_card.get_by_role("link").first
    name = name_link.inner_text().strip()
    keys.tab_to(name_link)
    keys.press("Enter", navigates=True)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    # A free time on the mentor's calendar.
    time_link = page.locator(".calendar__slots a").first
    keys.tab_to(time_link)
    keys.press("Enter", navigates=True)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Book a session with {name}")

    # The booking form: a topic, the card, and the button.
    keys.tab_to(page.get_by_label("Topic"))
    keys.type("Keyboard-only interfaces")
    card = page.get_by_role("radio", name=re.compile(r"^Card\b"))
    keys.tab_to(card)
    if not card.is_checked():
        keys.press("Space")
    expect(card).to_be_checked()
    keys.tab_to(page.get_by_role("button", name="Book the session"))
    keys.press("Enter", navigates=True)

    # The offline gateway's checkout, with its test card.
    expect(page.get_by_test_id("checkout-total")).to_have_text("$60.00")
    keys.tab_to(page.get_by_label("Card number"))
    keys.type("4242 4242 4242 4242")
    keys.tab_to(page.get_by_label("Expiry date (MM/YY)"))
    keys.type("12/40")
    keys.tab_to(page.get_by_label("Security code (CVC)"))
    keys.type("123")
    keys.tab_to(page.get_by_role("button", name="Pay $60.00"))
    keys.press("Enter", navigates=True)

    booking = Booking.objects.get(learner=learner)
    expect(page).to_have_url(re.compile(re.escape(reverse("bookings:detail", args=[booking.pk])) + "$"))
    expect(page.get_by_role("status").first).to_contain_text("Payment received")
    keys.press("Tab")  # the booking page takes focus like any other
    assert booking.status in (BookingStatus.PENDING, BookingStatus.CONFIRMED)
    assert booking.topic == "Keyboard-only interfaces"
    context.close()
