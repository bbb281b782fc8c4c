"""The site pages: inbox, thread, notifications, settings, and the header's bell and inbox link.
Each works by plain form posts and reloads (no JavaScript needed)."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework_simplejwt.tokens import AccessToken

from messaging import services
from messaging.models import Attachment, Message, Notification, NotificationSettings, NotificationType
from tests.factories import UserFactory
from tests.messaging.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_site(alice) -> Client:
    client = Client()
    client.force_login(alice)
    return client


def text_of(response) -> str:
    return response.content.decode()


def test_pages_need_a_login(client):
    for name, args in [
        ("messaging:inbox", []),
        ("messaging:notifications", []),
        ("messaging:notification-settings", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_the_header_shows_the_inbox_link_and_the_bell_with_counts(alice_site, alice, bob):
    services.message_send(sender=bob, recipient_id=alice.pk, text="Hello")
    services.notify(user=alice, type=NotificationType.PAYMENT_SUCCESS, title="Paid")
    services.notify(user=alice, type=NotificationType.GROUP_POST, title="Post")

    html = text_of(alice_site.get(reverse("home")))

    assert 'href="/messages/"' in html
    assert 'href="/notifications/"' in html
    # 1 unread message (Bob's) and 3 unread notifications (Bob's message was offline too).
    assert '<span data-count>1</span><span class="visually-hidden"> unread</span>' in html
    assert '<span data-count>3</span><span class="visually-hidden"> unread</span>' in html
    assert "js/realtime.js" in html


def test_the_bells_socket_token_belongs_to_the_viewer(alice_site, alice):
    html = text_of(alice_site.get(reverse("home")))
    token = html.split('data-token="', 1)[1].split('"', 1)[0]

    assert str(AccessToken(token)["user_id"]) == str(alice.pk)


def test_anonymous_visitors_get_no_bell(client):
    html = text_of(client.get(reverse("home")))

    assert "data-notification-bell" not in html


def test_the_inbox_lists_conversations_with_unread_counts(alice_site, alice, bob, carol):
    services.message_send(sender=bob, recipient_id=alice.pk, text="Question about Thursday")
    services.message_send(sender=alice, recipient_id=carol.pk, text="See you")

    html = text_of(alice_site.get(reverse("messaging:inbox")))

    assert bob.display_name in html and carol.display_name in html
    assert "Question about Thursday" in html
    assert "You: See you" in html
    assert reverse("messaging:thread", args=[bob.pk]) in html
    assert 'data-live-status="notifications"' in html
    assert "Live updates are off: reload the page" in html


def test_opening_a_thread_shows_it_and_marks_it_read(alice_site, alice, bob):
    message = services.message_send(sender=bob, recipient_id=alice.pk, text="Are you free?")

    response = alice_site.get(reverse("messaging:thread", args=[bob.pk]))

    assert response.status_code == 200
    html = text_of(response)
    assert "Are you free?" in html
    assert '<label class="field__label" for="id_text">Message' in html
    assert 'role="log"' in html
    message.refresh_from_db()
    assert message.read_at is not None


def test_sending_from_the_thread_page_stores_the_message_and_returns_to_it(alice_site, alice, bob):
    url = reverse("messaging:thread", args=[bob.pk])

    response = alice_site.post(url, {"text": "First words"})

    assert response.status_code == 302 and response["Location"].startswith(url)
    assert Message.objects.get(sender=alice, recipient=bob).text == "First words"
    assert "First words" in text_of(alice_site.get(url))


def test_attaching_a_file_on_the_page(alice_site, alice, bob):
    response = alice_site.post(
        reverse("messaging:thread", args=[bob.pk]), {"text": "", "files": [upload("notes.pdf", pdf_bytes())]}
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    html = text_of(alice_site.get(reverse("messaging:thread", args=[bob.pk])))
    assert reverse("attachment-download", args=[attachment.pk]) in html
    assert "notes.pdf" in html


def test_a_refused_send_is_shown_on_the_form(alice_site, bob):
    response = alice_site.post(reverse("messaging:thread", args=[bob.pk]), {"text": ""})

    assert response.status_code == 400
    assert "Write a message or attach a file." in text_of(response)
    assert not Message.objects.exists()


def test_an_unverified_user_is_told_to_verify_first(bob):
    client = Client()
    client.force_login(UserFactory(is_verified=False))

    html = text_of(client.get(reverse("messaging:thread", args=[bob.pk])))

    assert "Verify your e-mail address to send messages" in html
    assert "data-message-form" not in html


def test_a_thread_with_no_such_person_is_404(alice_site, alice):
    assert alice_site.get(reverse("messaging:thread", args=[uuid.uuid4()])).status_code == 404
    assert alice_site.get(reverse("messaging:thread", args=[alice.pk])).status_code == 404


def test_edit_and_delete_your_message_on_the_page(alice_site, alice, bob):
    message = services.message_send(sender=alice, recipient_id=bob.pk, text="Tpyo")

    alice_site.post(reverse("messaging:message-edit", args=[message.pk]), {"text": "Typo fixed"})
    message.refresh_from_db()
    assert message.text == "Typo fixed" and message.edited_at is not None

    alice_site.post(reverse("messaging:message-delete", args=[message.pk]))
    message.refresh_from_db()
    assert message.is_deleted
    assert "This message was deleted." in text_of(alice_site.get(reverse("messaging:thread", args=[bob.pk])))


def test_someone_elses_message_cannot_be_edited_or_deleted_on_the_page(alice_site, bob, carol):
    message = services.message_send(sender=bob, recipient_id=carol.pk, text="Private")

    assert alice_site.get(reverse("messaging:message-edit", args=[message.pk])).status_code == 404
    assert alice_site.post(reverse("messaging:message-delete", args=[message.pk])).status_code == 404
    message.refresh_from_db()
    assert message.text == "Private"


def test_the_notifications_page_lists_and_manages_them(alice_site, alice):
    first = services.notify(user=alice, type=NotificationType.BOOKING_CONFIRMED, title="Session confirmed")
    second = services.notify(user=alice, type=NotificationType.GROUP_POST, title="New post")

    html = text_of(alice_site.get(reverse("messaging:notifications")))
    assert "Session confirmed" in html and "New post" in html
    assert "Mark all as read" in html

    alice_site.post(reverse("messaging:notification-read", args=[first.pk]))
    first.refresh_from_db()
    assert first.is_read

    unread_html = text_of(alice_site.get(reverse("messaging:notifications") + "?show=unread"))
    assert "New post" in unread_html and "Session confirmed" not in unread_html

    alice_site.post(reverse("messaging:notification-delete", args=[second.pk]))
    assert not Notification.objects.filter(pk=second.pk).exists()


def test_mark_all_read_on_the_page(alice_site, alice):
    for i in range(3):
        services.notify(user=alice, type=NotificationType.GROUP_POST, title=f"Post {i}")

    response = alice_site.post(reverse("messaging:notifications-read-all"), follow=True)

    assert "Marked 3 notifications as read." in text_of(response)
    assert not Notification.objects.filter(user=alice, is_read=False).exists()


def test_opening_a_notification_marks_it_read_and_follows_its_link(alice_site, alice):
    item = services.notify(user=alice, type=NotificationType.GROUP_POST, title="Post", action_url="/account/")

    response = alice_site.post(reverse("messaging:notification-read", args=[item.pk]), {"open": "1"})

    assert response.status_code == 302 and response["Location"] == "/account/"
    item.refresh_from_db()
    assert item.is_read


def test_someone_elses_notification_is_404_on_the_page(alice_site, bob):
    theirs = services.notify(user=bob, type=NotificationType.GROUP_POST, title="Theirs")

    assert alice_site.post(reverse("messaging:notification-read", args=[theirs.pk])).status_code == 404
    assert alice_site.post(reverse("messaging:notification-delete", args=[theirs.pk])).status_code == 404


def test_the_settings_page_saves_channels_types_and_quiet_hours(alice_site, alice):
    page = text_of(alice_site.get(reverse("messaging:notification-settings")))
    assert '<label for="id_sms">Text messages (SMS)</label>' in page
    assert 'id="id_type_course_update"' in page

    data = {"email": "on", "sms": "on", "quiet_hours_start": "22:00", "quiet_hours_end": "07:00"}
    data.update({f"type_{value}": "on" for value in NotificationType.values if value != "group_post"})
    response = alice_site.post(reverse("messaging:notification-settings"), data)

    assert response.status_code == 302
    prefs = NotificationSettings.objects.get(user=alice)
    assert (prefs.email_enabled, prefs.push_enabled, prefs.sms_enabled) == (True, False, True)
    assert prefs.types == {"group_post": False, "course_update": True}
    assert prefs.quiet_hours_start.hour == 22 and prefs.quiet_hours_end.hour == 7


def test_quiet_hours_need_both_times(alice_site):
    response = alice_site.post(reverse("messaging:notification-settings"), {"quiet_hours_start": "22:00"})

    assert response.status_code == 200
    assert "Give both times, or neither." in text_of(response)


def test_the_socket_token_endpoint_gives_the_page_a_fresh_token(alice_site, alice, client):
    response = alice_site.post(reverse("messaging:socket-token"))

    assert response.status_code == 200
    assert str(AccessToken(response.json()["token"])["user_id"]) == str(alice.pk)
    assert alice_site.get(reverse("messaging:socket-token")).status_code == 405
    assert client.post(reverse("messaging:socket-token")).status_code == 302


def test_opening_a_notification_never_leaves_the_site(alice_site, alice):
    item = services.notify(
        user=alice, type=NotificationType.GROUP_POST, title="Post", action_url="//evil.example/x"
    )

    response = alice_site.post(reverse("messaging:notification-read", args=[item.pk]), {"open": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:notifications")
