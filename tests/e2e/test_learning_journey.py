"""A learner finds a paid course in the catalogue, enrolls and pays with the offline gateway's
test card, and completes its lessons; the progress shows on My learning.

The certificate part of the journey (see the certificate, open its public verification page) is
added by the rewards work at the marked hook, after the last lesson."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from learning.models import Enrollment
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.learning.factories import opportunity

pytestmark = pytest.mark.browser


def test_a_learner_finds_a_course_enrolls_pays_and_completes_it(page: Page, live_server):
    learner = UserFactory(email="lin@example.com")
    course = opportunity(lessons=2, title="Data analysis with pandas", price=Decimal("49.00"))
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mail or username").fill(learner.email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses").click()
    page.get_by_label("Search").fill("pandas")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Data analysis with pandas").click()
    page.get_by_role("button", name="Enroll and pay").click()

    expect(page.get_by_test_id("checkout-total")).to_have_text("$49.00")
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiry date (MM/YY)").fill("12/40")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_role("button", name="Pay $49.00").click()

    expect(page).to_have_url(live_server.url + reverse("learning:opportunity", args=[course.pk]))
    expect(page.get_by_role("main")).to_contain_text("Your enrollment: Enrolled")
    page.get_by_role("link", name="Lesson 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1")
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 2")
    page.get_by_role("button", name="Mark as complete").click()

    expect(page.get_by_role("main")).to_contain_text("100% done")
    assert Enrollment.objects.get(user=learner).status == "completed"
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    expect(page.get_by_role("main")).to_contain_text("Data analysis with pandas")
    expect(page.get_by_role("main")).to_contain_text("100%")

    # The finished course earned a certificate: open it and its public verification page, which
    # a stranger (a fresh browser context, not signed in) sees confirmed too.
    page.get_by_role("link", name="Certificates").click()
    certificate = page.get_by_test_id("certificate")
    expect(certificate).to_contain_text("Data analysis with pandas")
    code = certificate.get_by_test_id("verification-code").inner_text()
    # The shared link is absolute on SITE_URL (the test settings' host): follow its path here.
    shared = certificate.get_by_role("link", name="Public verification page").get_attribute("href")
    page.goto(live_server.url + urlsplit(shared).path)
    expect(page.get_by_role("heading", name="Valid certificate")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(code)

    stranger = page.context.browser.new_context().new_page()
    stranger.goto(live_server.url + reverse("learning:certificate-verify"))
    stranger.get_by_label("Verification code").fill(code)
    stranger.get_by_role("button", name="Check code").click()
    expect(stranger.get_by_role("heading", name="Valid certificate")).to_be_visible()
    stranger.context.close()
