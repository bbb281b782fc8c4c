"""A page whose socket drops catches up when it reconnects: what was sent in between appears
once, and what arrives live afterwards too (static/js/realtime.js)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.urls import reverse
from playwright.sync_api import expect

from messaging.models import NotificationType
from messaging.services import message_send, notify
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Lets the test cut the page's sockets and keep them down: while window.socketsHeld is true every
# new socket goes to a port where nothing listens, as when the server is unreachable.
CUTTABLE_SOCKETS = """
(() => {
  const RealWebSocket = window.WebSocket;
  window.openSockets = [];
  window.socketsHeld = false;
  window.WebSocket = function (url, protocols) {
    const ws = new RealWebSocket(window.socketsHeld ? "ws://127.0.0.1:1/" : url, protocols);
    window.openSockets.push(ws);
    return ws;
  };
  window.WebSocket.prototype = RealWebSocket.prototype;
  window.cutSockets = () => {
    window.socketsHeld = true;
    window.openSockets.forEach((ws) => ws.close());
  };
})();
"""
CATCH_UP = 20_000  # ms: the page retries after 1, 2, 4 s... and catches up once it is open again


def elsewhere(service, **kwargs):
    """Call a messaging service as another process would: in a thread without Playwright's event
    loop, where its after-commit push can reach the channel layer."""

    def call():
        try:
            return service(**kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def cut(page, socket: str) -> None:
    page.evaluate("window.cutSockets()")
    expect(page.locator(f'[data-live-status="{socket}"]')).to_have_attribute("data-state", "off")


def test_notifications_sent_while_the_socket_was_down_appear_once(open_as):
    user = UserFactory()
    page = open_as(user, init_script=CUTTABLE_SOCKETS)
    page.goto(reverse("messaging:notifications"))
    expect(page.get_by_test_id("live-status")).to_have_text("Live updates are on.")
    items = page.locator("[data-notification-id]")

    cut(page, "notifications")
    elsewhere(notify, user=user, type=NotificationType.BOOKING_CONFIRMED, title="First while away")
    elsewhere(notify, user=user, type=NotificationType.BOOKING_CONFIRMED, title="Second while away")
    page.evaluate("window.socketsHeld = false")

    expect(items).to_have_count(2, timeout=CATCH_UP)
    expect(items.first).to_contain_text("Second while away")  # newest on top
    elsewhere(notify, user=user, type=NotificationType.BOOKING_CONFIRMED, title="Sent live")
    expect(items).to_have_count(3)
    expect(items.filter(has_text="First while away")).to_have_count(1)


def test_messages_sent_while_the_chat_socket_was_down_appear_once(open_as):
    alice = UserFactory(full_name="Alice Able")
    bob = UserFactory(full_name="Bob Baker")
    message_send(sender=bob, recipient_id=alice.pk, text="Before")
    page = open_as(alice, init_script=CUTTABLE_SOCKETS)
    page.goto(reverse("messaging:thread", args=[bob.pk]))
    expect(page.locator('[data-live-status="chat"]')).to_have_attribute("data-state", "live")
    log = page.get_by_test_id("chat-log").locator("[data-message-id]")

    cut(page, "chat")
    elsewhere(message_send, sender=bob, recipient_id=alice.pk, text="While away")
    page.evaluate("window.socketsHeld = false")

    expect(log).to_have_count(2, timeout=CATCH_UP)
    expect(log.last).to_contain_text("While away")
    elsewhere(message_send, sender=bob, recipient_id=alice.pk, text="Live again")
    expect(log).to_have_count(3)
    expect(log.filter(has_text="While away")).to_have_count(1)
