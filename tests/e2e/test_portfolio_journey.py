"""A learner edits the portfolio (with a project picture), opens the public page, generates and
downloads a resume, and writes share captions: in a real browser."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.accounts.portfolio_world import learner_with_history
from tests.conftest import ensure_taxonomy
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.browser


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 500), (21, 101, 192)).save(out, format="PNG")
    return out.getvalue()


def test_learner_edits_the_portfolio_and_opens_the_public_page(
    page: Page, live_server, transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_taxonomy()
    world = learner_with_history()

    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mail or username").fill(world.learner.email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + reverse("accounts:account"))

    page.goto(live_server.url + reverse("accounts:portfolio-edit"))
    page.get_by_label("Your address").fill("anna-designs")
    page.get_by_label("About you").fill("I design calm interfaces for small shops.")
    first = page.get_by_test_id("project-row").first
    first.get_by_label("Project title").fill("Bakery ordering app")
    first.get_by_label("What it is").fill("Online orders for a neighbourhood bakery.")
    first.get_by_label("Link").fill("https://example.com/bakery")
    first.get_by_label("Picture").set_input_files(
        files=[{"name": "bakery.png", "mimeType": "image/png", "buffer": _png()}]
    )
    page.get_by_role("button", name="Save portfolio").click()

    expect(page.get_by_role("status").first).to_contain_text("Your portfolio is saved.")
    expect(page.get_by_alt_text("Current picture of Bakery ordering app")).to_be_visible()

    page.get_by_test_id("public-link").click()
    expect(page).to_have_url(live_server.url + "/p/anna-designs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Анна Каренина")
    expect(page.get_by_test_id("portfolio-bio")).to_have_text("I design calm interfaces for small shops.")
    project = page.get_by_test_id("portfolio-project")
    expect(project.get_by_role("link", name="Bakery ordering app")).to_have_attribute(
        "href", "https://example.com/bakery"
    )
    picture = project.get_by_alt_text("Picture of Bakery ordering app")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    expect(page.get_by_role("link", name=re.compile(r"^Finished Figma Foundations\W+verify"))).to_be_visible()
    expect(page.locator('meta[property="og:title"]')).to_have_attribute(
        "content", "Анна Каренина · Portfolio"
    )

    # A resume version, downloaded as a PDF with the learner's name in it.
    page.goto(live_server.url + reverse("accounts:resumes"))
    page.get_by_role("button", name="Generate a new version").click()
    expect(page.get_by_test_id("resume")).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download PDF\W+version 1$")).click()
    text = PdfReader(download.value.path()).pages[0].extract_text()
    assert "Анна Каренина" in text and "Finished Figma Foundations" in text

    # Captions to share, with the platforms' pre-filled pages; nothing posted.
    page.goto(live_server.url + reverse("accounts:portfolio-share"))
    page.get_by_role("button", name="Write captions").click()
    x_caption = page.get_by_test_id("share-twitter").get_by_role("textbox")
    expect(x_caption).to_have_value(re.compile(r"/p/anna-designs/$"))
    expect(page.get_by_test_id("share-linkedin").get_by_role("textbox")).to_contain_text(
        "Finished Figma Foundations"
    )
    href = page.get_by_test_id("share-twitter").get_by_role("link").get_attribute("href")
    assert href.startswith("https://x.com/intent/post?text=")
    expect(page.get_by_test_id("share-twitter")).to_contain_text("Not posted")
