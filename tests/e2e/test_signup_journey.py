"""A new learner signs up, confirms the e-mail from the mailed link, logs in again: in a real browser."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "compilers-and-moths-1947"


def _verification_link(mailoutbox, email: str, live_server_url: str) -> str:
    mail = next(m for m in mailoutbox if email in m.to)
    url = next(u for u in re.findall(r"https?://\S+", mail.body) if "/verify-email/" in u)
    # Mails link to settings.SITE_URL (http://testserver under test): keep the path only.
    return live_server_url + urlsplit(url).path


def test_new_learner_signs_up_verifies_the_email_and_logs_in(page: Page, live_server, mailoutbox):
    email = "grace@example.com"
    page.goto(live_server.url + reverse("accounts:signup"))

    page.get_by_label("Full name", exact=True).fill("Grace Hopper")
    page.get_by_label("E-mail address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Which describes you best?").select_option("experienced")
    page.get_by_label("Learn from a mentor").check()
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(live_server.url + reverse("accounts:verification-sent"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    expect(page.get_by_role("main")).to_contain_text(email)

    page.goto(_verification_link(mailoutbox, email, live_server.url))
    page.get_by_role("button", name="Confirm my e-mail").click()

    # Still signed in from the sign-up, so the confirmation lands on the account page.
    expect(page).to_have_url(live_server.url + reverse("accounts:account"))
    expect(page.get_by_role("status")).to_contain_text(email)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_contain_text("You are logged out.")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    page.get_by_label("E-mail or username").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(live_server.url + reverse("accounts:account"))
    expect(page.get_by_role("heading", name="Grace Hopper")).to_be_visible()
    expect(page.get_by_test_id("email-status")).to_have_text("Verified")


def test_first_tab_on_the_home_page_reaches_the_skip_link(page: Page, live_server):
    page.goto(live_server.url + reverse("home"))

    page.keyboard.press("Tab")

    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_a_failed_login_moves_focus_to_the_list_of_problems(page: Page, live_server):
    page.goto(live_server.url + reverse("accounts:login"))

    page.get_by_label("E-mail or username").fill("nobody@example.com")
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Log in").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Invalid e-mail/username or password.")
