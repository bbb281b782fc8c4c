"""Events in a browser: a stored XSS attempt in an event's title and description stays inert on
the list and the event page (no script runs); a learner finds events near them with the "Near me"
button (the browser's location) and answers "Going" with the keyboard alone."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from community.models.events import EventRSVP
from tests.community.events_factories import an_event
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

ATTACK = (
    '<script>window.__xss = "script"</script>'
    '<img src="x" onerror="window.__xss = \'onerror\'">'
    "<a href=\"javascript:window.__xss='link'\">click me</a>"
    "<svg onload=\"window.__xss = 'svg'\"></svg>"
)


def _signed_in(browser, live_server, user, **context_args):
    client = Client()
    client.force_login(user)
    context = browser.new_context(**context_args)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def test_stored_xss_in_an_event_renders_inert(page: Page, live_server):
    event = an_event(
        title="Meetup <img src=x onerror=\"window.__xss='title'\">", description=f"Hello {ATTACK}"
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    for path in (reverse("community:events"), reverse("community:event", args=[event.pk])):
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        links = page.locator("main a[href^='javascript:']")
        expect(links).to_have_count(0)
        if page.get_by_text("click me").count():
            page.get_by_text("click me").first.click()
        assert page.evaluate("window.__xss") is None, path
    # The title is shown as text, exactly as typed.
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    assert dialogs == []


def test_near_me_and_going_with_the_keyboard(browser, live_server):
    berlin = an_event(is_online=False, title="Berlin Python meetup", capacity=5)
    an_event(
        is_online=False, title="Far away meetup", latitude=35.658, longitude=139.7016, timezone="Asia/Tokyo"
    )
    learner = UserFactory()
    context = _signed_in(
        browser,
        live_server,
        learner,
        geolocation={"latitude": 52.52, "longitude": 13.405},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("community:events"))

    near_me = page.get_by_role("button", name="Near me")
    near_me.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_contain_text("In-person events nearest first")
    expect(page.get_by_role("link", name="Berlin Python meetup")).to_be_visible()
    expect(page.get_by_role("link", name="Far away meetup")).to_have_count(0)
    expect(page.get_by_label("Latitude")).to_have_value("52.5200")

    page.get_by_role("link", name="Berlin Python meetup").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Berlin Python meetup")
    page.get_by_role("radio", name="Going", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save my answer").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").first).to_contain_text("You're going.")
    expect(page.get_by_role("main")).to_contain_text("1 going, 4 of 5 places left")
    assert EventRSVP.objects.get(user=learner, event=berlin).status == "going"
    expect(page.get_by_role("link", name="Add to my calendar (.ics)")).to_be_visible()
    context.close()
