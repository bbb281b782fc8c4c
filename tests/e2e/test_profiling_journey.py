"""A learner completes the onboarding interview by typing, in a real browser, and sees the
profile built from the answers; then corrects it by hand."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.conftest import ensure_taxonomy
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.browser

ANSWERS = [
    "I love sketching app screens in Figma.",
    "I know the basics of Figma from videos.",
    "I want to become a UX designer.",
    "Two or three hours a day, mostly weekends. I like hands-on projects.",
]


def test_the_interview_by_typing_builds_a_profile_the_learner_sees_and_corrects(
    page: Page, live_server, transactional_db
):
    ensure_taxonomy()
    UserFactory(email="ana@example.com", full_name="Ana Araújo", persona="beginner")
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mail or username").fill("ana@example.com")
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + reverse("accounts:interview"))
    page.get_by_role("button", name="Start the interview").click()
    for number, text in enumerate(ANSWERS, start=1):
        expect(page.get_by_text(f"Question {number} of 4.")).to_be_visible()
        box = page.get_by_label("Your answer")
        box.fill(text)
        page.get_by_role("button", name="Send answer").click()
        # The answer now shows in the conversation.
        expect(page.get_by_role("list", name="The conversation so far")).to_contain_text(text)
    expect(page.get_by_text("sketching app screens in Figma").first).to_be_visible()
    page.get_by_role("button", name="Build my profile").click()

    expect(page).to_have_url(live_server.url + reverse("accounts:ai-profile"))
    expect(page.get_by_role("heading", name="Your learning profile")).to_be_visible()
    skills = page.get_by_role("region", name="Skills")
    expect(skills).to_contain_text("Figma: beginner")
    expect(page.get_by_role("region", name="Suggested for you")).to_contain_text("Design")
    expect(page.get_by_role("region", name="Summary")).to_contain_text("2–3 hours a day · weekends")

    page.get_by_label("Time you can give").fill("5 hours a week, evenings")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("region", name="Summary")).to_contain_text("5 hours a week, evenings")
