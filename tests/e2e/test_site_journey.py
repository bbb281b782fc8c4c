"""Issue 15 in a real browser: a visitor in Berlin sees a mentor's free times in Berlin time
(the browser's zone, detected by timezone.js), picks one, signs up (the zone goes with the
sign-up), confirms the e-mail from the mailed link and lands on that time's booking form; on a
phone-sized screen the calendar is a day-by-day picker instead of a long list."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Browser, expect

from accounts.models import User
from tests.mentors.factories import mentor_with_weekly_hours

pytestmark = pytest.mark.browser

# Monday 1 March 2027, 08:00 UTC; the mentor (in UTC) is free 09:00-17:00 every day.
NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
PASSWORD = "engines-and-numbers-1843"


@pytest.fixture
def clock():
    # The live server answers from a thread of this process, so it reads this clock too.
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _mailed_link(mailoutbox, email: str, base: str) -> str:
    mail = next(m for m in mailoutbox if email in m.to)
    url = next(u for u in re.findall(r"https?://\S+", mail.body) if "/verify-email/" in u)
    parts = urlsplit(url)  # mails link to settings.SITE_URL: keep the path and query
    return f"{base}{parts.path}?{parts.query}"


def test_a_visitor_signs_up_from_a_chosen_time_and_lands_on_its_booking_form(
    transactional_db, clock, browser: Browser, live_server, mailoutbox
):
    mentor = mentor_with_weekly_hours(hourly_rate=Decimal("60.00"), user__full_name="Dana Design")
    context = browser.new_context(timezone_id="Europe/Berlin")
    page = context.new_page()

    # The first answer knows no zone (UTC); the script reports Berlin and the times follow.
    page.goto(live_server.url + reverse("mentors:profile", args=[mentor.pk]) + "?month=2027-03")
    expect(page.get_by_test_id("calendar-zone")).to_have_text("Europe/Berlin")
    # 10:00 UTC on Tuesday 2 March is 11:00 in Berlin.
    page.get_by_role("link", name=re.compile(r"^11:00\W+book 60 minutes on Tuesday 2 March$")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_test_id("signup-next")).to_be_visible()
    page.get_by_label("Full name", exact=True).fill("Ada Lovelace")
    page.get_by_label("E-mail address", exact=True).fill("ada@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Learn from a mentor").check()
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert User.objects.get(email="ada@example.com").timezone == "Europe/Berlin"

    page.goto(_mailed_link(mailoutbox, "ada@example.com", live_server.url))
    page.get_by_role("button", name="Confirm my e-mail").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Book a session with Dana Design")
    expect(page.get_by_test_id("booking-time")).to_have_text("Tuesday 2 March 2027, 11:00 to 12:00")
    expect(page.get_by_role("status").first).to_contain_text("is verified")
    context.close()


def test_a_phone_sized_screen_gets_a_day_then_time_picker(
    transactional_db, clock, browser: Browser, live_server
):
    mentor = mentor_with_weekly_hours(hourly_rate=Decimal("60.00"), user__full_name="Dana Design")
    context = browser.new_context(timezone_id="UTC", viewport={"width": 360, "height": 740})
    page = context.new_page()

    page.goto(live_server.url + reverse("mentors:profile", args=[mentor.pk]) + "?month=2027-03")

    expect(page.locator(".calendar__grid")).to_be_hidden()
    picker = page.get_by_test_id("calendar-compact")
    expect(picker).to_be_visible()
    # The first free day's times show; another day's come with a press on its chip.
    expect(picker.get_by_role("radio", name=re.compile(r"^Mon 1 March, \d+ free times$"))).to_be_checked()
    expect(
        picker.get_by_role("link", name=re.compile(r"book 60 minutes on Tuesday 2 March$")).first
    ).to_be_hidden()
    picker.get_by_text("Tue 2", exact=True).click()
    time = picker.get_by_role("link", name=re.compile(r"^10:00\W+book 60 minutes on Tuesday 2 March$"))
    expect(time).to_be_visible()
    expect(picker.get_by_role("link", name=re.compile(r"on Monday 1 March$")).first).to_be_hidden()
    box = time.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24
    # A month of days and one day's times: far shorter than the old list of every time.
    assert picker.bounding_box()["height"] < 900
    time.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    context.close()
