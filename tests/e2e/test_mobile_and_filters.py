"""Issue 15: the directory's filters do not reload the results on each arrow key of a <select>
(the choice applies when the field is left), and on a narrow screen the main navigation and the
filters fold behind disclosure buttons that say whether they are open."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from mentors.models import Category
from tests.conftest import ensure_taxonomy
from tests.mentors.factories import mentor_with_weekly_hours

pytestmark = pytest.mark.browser


def _mentors():
    ensure_taxonomy()
    design = Category.objects.get(parent__name="Tech & Digital Innovation", name="UX & UI Design")
    tax = Category.objects.get(parent__name="Law & Legal Studies", name="Tax Law")
    for name, category in (("Dana Design", design), ("Tom Tax", tax)):
        mentor = mentor_with_weekly_hours(hourly_rate=Decimal("60.00"), user__full_name=name)
        mentor.categories.set([category])


def test_arrow_keys_on_a_filter_do_not_reload_the_results_until_the_field_is_left(
    page: Page, live_server, transactional_db
):
    _mentors()
    page.goto(live_server.url + reverse("mentors:directory"))
    count = page.locator("#result-count")
    expect(count).to_have_text("2 mentors found")
    requests = []
    page.on("request", lambda request: requests.append(request.url) if "/mentors/" in request.url else None)

    category = page.get_by_label("Category")
    category.focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert requests == []  # three steps through the list, no reload
    expect(count).to_have_text("2 mentors found")

    page.keyboard.press("Tab")  # leaving the field applies the choice
    expect(count).not_to_have_text("2 mentors found")
    assert len(requests) == 1


def test_on_a_narrow_screen_the_menu_and_the_filters_fold_behind_buttons(
    browser, live_server, transactional_db
):
    _mentors()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(reverse("mentors:directory"))

    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_hidden()
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_visible()
    page.keyboard.press("Tab")  # into the menu; Escape there closes it and returns to the button
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()

    filters = page.get_by_role("button", name="Filters")
    expect(filters).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Category")).to_be_hidden()
    filters.focus()
    page.keyboard.press("Space")
    expect(filters).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label("Category")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_on_a_wide_screen_there_is_no_menu_button(page: Page, live_server, transactional_db):
    page.goto(live_server.url + reverse("mentors:directory"))
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("button", name="Filters")).to_be_hidden()
    expect(page.get_by_label("Category")).to_be_visible()
