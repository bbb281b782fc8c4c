"""Issue 19: the assistant page driven with the keyboard alone: a typed command, its
confirmation with the big Yes button, and the spoken reply's audio element with a source; axe
finds nothing serious on the page while it asks for the yes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from assistant.models import Agent
from bookings.models import Booking, BookingStatus
from tests.e2e.test_keyboard_booking import Keyboard
from tests.factories import UserFactory
from tests.mentors.factories import mentor_with_weekly_hours

pytestmark = pytest.mark.browser

NOW = datetime(2027, 3, 3, 8, 0, tzinfo=UTC)  # Wednesday 08:00 UTC


@pytest.fixture
def clock():
    # The live server answers from a thread of this process, so it reads this clock too.
    with time_machine.travel(NOW, tick=True):
        yield


def test_a_keyboard_user_books_by_typed_command_and_confirms(transactional_db, clock, browser, live_server):
    mentor = mentor_with_weekly_hours(user__full_name="Dana Fischer")
    learner = UserFactory(full_name="Ada Keys", timezone="UTC")
    Agent.objects.create(user=learner)
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
    page.goto(reverse("assistant:page"))

    box = page.get_by_label("Type a command")
    keys.tab_to(box)
    keys.type("book a session with Dana tomorrow at 3")
    keys.press("Enter")

    live = page.locator("#assistant-live")
    expect(live).to_have_attribute("aria-live", "polite")
    # The first command of a process loads the language model and speaks: give it time.
    expect(page.get_by_test_id("transcript")).to_have_text(
        "book a session with Dana tomorrow at 3", timeout=60_000
    )
    yes = page.get_by_role("button", name="Yes, do it")
    expect(yes).to_be_focused()  # the question takes the keyboard straight to its answer
    expect(page.get_by_role("button", name="No, don't")).to_be_visible()
    expect(page.locator("#confirm-question")).to_contain_text("Thursday 4 March at 3 pm")

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious

    keys.press("Enter")
    expect(page.get_by_test_id("reply-text")).to_contain_text(
        "Booked: Dana Fischer on Thursday 4 March at 3 pm"
    )
    audio = page.get_by_test_id("reply-audio")
    expect(audio).to_be_attached()
    source = audio.get_attribute("src")
    assert source and source.startswith("/api/v1/speech/")
    assert page.request.get(source).status == 200
    expect(page.get_by_test_id("history")).to_contain_text("book a session with Dana tomorrow at 3")

    booking = Booking.objects.get()
    assert booking.mentor == mentor
    assert booking.start_at == datetime(2027, 3, 4, 15, 0, tzinfo=UTC)
    assert booking.status == BookingStatus.PENDING_PAYMENT
