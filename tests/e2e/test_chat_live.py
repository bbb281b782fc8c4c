"""Two people chat in two browsers: messages, typing and read receipts appear without a reload."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from messaging.models import Message
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_message_appears_in_the_other_browser_without_reloading(open_as):
    alice = UserFactory(full_name="Alice Able")
    bob = UserFactory(full_name="Bob Baker")
    alice_page, bob_page = open_as(alice), open_as(bob)

    alice_page.goto(reverse("messaging:thread", args=[bob.pk]))
    bob_page.goto(reverse("messaging:thread", args=[alice.pk]))
    expect(alice_page.get_by_test_id("live-status")).to_have_text("Live updates are on.")
    expect(bob_page.get_by_test_id("live-status")).to_have_text("Live updates are on.")
    bob_page.evaluate("window.stillTheSamePage = true")

    alice_page.get_by_role("textbox", name="Message").fill("Hello from Alice's browser")
    alice_page.get_by_role("button", name="Send").click()

    expect(bob_page.get_by_test_id("chat-log")).to_contain_text("Hello from Alice's browser")
    assert bob_page.evaluate("window.stillTheSamePage") is True  # it arrived live, no reload
    # Bob's page had it in view, so it was read: Alice's receipt turns to "Seen".
    expect(alice_page.locator("[data-receipt]").last).to_have_text("Seen")
    expect(alice_page.get_by_role("textbox", name="Message")).to_be_empty()

    bob_page.get_by_role("textbox", name="Message").press_sequentially("Hi Al")
    expect(alice_page.get_by_text("Bob Baker is typing…")).to_be_visible()
    expect(alice_page.get_by_text("Online", exact=True)).to_be_visible()

    message = Message.objects.get(sender=alice)
    assert message.text == "Hello from Alice's browser"
    assert message.read_at is not None


def test_the_inbox_and_header_count_update_live(open_as):
    alice = UserFactory(full_name="Alice Able")
    bob = UserFactory(full_name="Bob Baker")
    alice_page, bob_page = open_as(alice), open_as(bob)

    bob_page.goto(reverse("messaging:inbox"))
    alice_page.goto(reverse("messaging:thread", args=[bob.pk]))
    expect(bob_page.get_by_test_id("live-status")).to_have_text("Live updates are on.")
    expect(alice_page.get_by_test_id("live-status")).to_have_text("Live updates are on.")

    alice_page.get_by_role("textbox", name="Message").fill("Are you free on Thursday?")
    alice_page.get_by_role("button", name="Send").press("Enter")  # by keyboard

    inbox = bob_page.locator("[data-inbox]")
    expect(inbox).to_contain_text("Are you free on Thursday?")
    expect(bob_page.get_by_role("link", name=re.compile(r"^Messages\s*,\s*1 unread$"))).to_be_visible()
