"""A learner fills in the profile, uploads a picture and sees it on the page: in a real browser."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (29, 78, 216)).save(out, format="PNG")
    return out.getvalue()


def test_learner_edits_the_profile_and_uploads_a_picture(
    page: Page, live_server, transactional_db, settings, tmp_path
):
    # the live server serves MEDIA_ROOT at MEDIA_URL, as a web server or bucket would in production
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(email="maya@example.com", full_name="Maya Okafor")

    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mail or username").fill("maya@example.com")
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + reverse("accounts:account"))

    page.get_by_label("About you").fill("Final-year student who wants to ship a Python package.")
    page.get_by_label("City").fill("Lagos")
    page.get_by_label("Country").select_option("NG")
    page.get_by_label("Currency").select_option("NGN")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_role("status")).to_contain_text("Your details are saved.")
    expect(page.get_by_test_id("bio")).to_have_text("Final-year student who wants to ship a Python package.")
    expect(page.get_by_label("Country")).to_have_value("NG")

    default_src = page.get_by_test_id("current-avatar").get_attribute("src")
    page.get_by_label("Choose a picture").set_input_files(
        files=[{"name": "me.png", "mimeType": "image/png", "buffer": _png()}]
    )
    expect(page.get_by_alt_text("Preview of your new picture")).to_be_visible()
    page.get_by_role("button", name="Upload picture").click()

    expect(page.get_by_role("status")).to_contain_text("Your new picture is saved.")
    avatar = page.get_by_test_id("current-avatar")
    src = avatar.get_attribute("src")
    assert src != default_src
    assert "/media/avatars/" in src
    # the picture really loads: the browser decoded the stored square (cropped, never enlarged)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=avatar.element_handle())
    assert avatar.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [300, 300]
