"""A learner filters the directory by category and price, opens a mentor and reads the free
times of the mentor's calendar in their own time zone: in a real browser, with a frozen clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, expect

from mentors.models import Category
from tests.conftest import ensure_taxonomy
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.mentors.factories import mentor_with_weekly_hours

pytestmark = pytest.mark.browser

# Monday 4 January 2027, 08:00 UTC: 09:00 in Berlin, 03:00 in New York.
NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)


@pytest.fixture
def frozen_clock():
    # The live server answers from a thread of this process, so it sees the same clock.
    with time_machine.travel(NOW, tick=True):
        yield


def _mentor(name: str, rate: str, category: tuple[str, str], tz: str):
    mentor = mentor_with_weekly_hours(
        tz=tz, days=range(5), hourly_rate=Decimal(rate), title=f"{category[1]} mentor", user__full_name=name
    )
    mentor.categories.set([Category.objects.get(parent__name=category[0], name=category[1])])
    return mentor


def test_a_learner_filters_mentors_and_sees_free_times_in_their_own_time_zone(
    page: Page, live_server, transactional_db, frozen_clock
):
    ensure_taxonomy()
    dana = _mentor("Dana Design", "60", ("Tech & Digital Innovation", "UX & UI Design"), "Europe/Berlin")
    _mentor("Paul Pricey", "200", ("Tech & Digital Innovation", "UX & UI Design"), "Europe/Berlin")
    _mentor("Tom Tax", "50", ("Law & Legal Studies", "Tax Law"), "America/New_York")
    learner = UserFactory(email="nia@example.com", timezone="America/New_York")

    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mail or username").fill(learner.email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find a mentor").click()

    count = page.locator("#result-count")
    expect(count).to_have_text("3 mentors found")
    # The count is in the page's HTML; the filters apply as they change once its deferred
    # scripts have run (before that, "Show mentors" applies them). A choice made earlier was
    # lost now and then, and the count stayed at 3.
    page.wait_for_load_state("load")
    page.get_by_label("Category").select_option(label="All of Tech & Digital Innovation")
    expect(count).to_have_text("2 mentors found")
    page.get_by_label("Highest rate").fill("100")
    page.get_by_role("button", name="Show mentors").click()
    expect(count).to_have_text("1 mentor found")

    cards = page.get_by_test_id("mentor-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Dana Design")
    expect(cards.first.get_by_test_id("rate")).to_have_text("$60.00 an hour")
    # The filters are in the address, so the list can be shared or reloaded.
    expect(page).to_have_url(re.compile(r"category=[0-9a-f-]{36}.*max_rate=100"))

    # Changing a filter and pressing "Show mentors" each fetch the list; a card clicked while the
    # second answer replaces it is clicked on a list that is gone (seen once), so both land first.
    page.wait_for_load_state("networkidle")
    cards.first.get_by_role("link", name="Dana Design").click()
    expect(page).to_have_url(live_server.url + reverse("mentors:profile", args=[dana.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dana Design")
    expect(page.get_by_test_id("reviews-summary")).to_contain_text("No reviews yet")
    expect(page.get_by_test_id("calendar-zone")).to_have_text("America/New_York")
    expect(page.locator("#calendar-month")).to_have_text("January 2027")
    # Dana is free from 09:00 Berlin on weekdays; for a viewer in New York that is 03:00.
    tuesday = page.locator('td[data-date="2027-01-05"]')
    expect(tuesday.locator("time").first).to_have_text("03:00")
    expect(tuesday.locator("time").first).to_have_attribute("datetime", "2027-01-05T08:00:00+00:00")

    # As with the filters: a month link pressed before the deferred scripts have run is followed
    # as a plain link (a whole new page, focus at its top), which is right without scripts but is
    # not what this checks. It failed the test once in CI.
    page.wait_for_load_state("load")
    page.get_by_role("link", name="Next month").click()
    expect(page.locator("#calendar-month")).to_have_text("February 2027")
    expect(page.locator("#calendar-month")).to_be_focused()
    expect(page.locator('td[data-date="2027-02-01"] time').first).to_have_text("03:00")
