"""A learner buys credits with the offline gateway's test card and sees the new balance."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_a_learner_buys_credits_with_the_test_card_and_sees_the_new_balance(page: Page, live_server):
    learner = UserFactory(email="lin@example.com")
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mail or username").fill(learner.email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Wallet").click()
    expect(page.get_by_test_id("credit-balance")).to_have_text("0")
    page.get_by_label("Credits to buy").fill("12")
    page.get_by_role("button", name="Continue to payment").click()

    expect(page.get_by_test_id("checkout-total")).to_have_text("$12.00")
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiry date (MM/YY)").fill("12/40")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_role("button", name="Pay $12.00").click()

    expect(page).to_have_url(live_server.url + reverse("payments:wallet"))
    expect(page.get_by_role("status")).to_contain_text("Payment received")
    expect(page.get_by_test_id("credit-balance")).to_have_text("12")
    expect(page.get_by_role("table")).to_contain_text("Bought 12 credits")
