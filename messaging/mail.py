"""The e-mail copy of a notification."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from messaging.models import Notification


def absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def notification_mail_send(*, notification: Notification) -> None:
    user = notification.user
    context = {
        "user": user,
        "notification": notification,
        "action_url": absolute(notification.action_url) if notification.action_url else "",
        "settings_url": absolute(reverse("messaging:notification-settings")),
        "site_name": settings.SITE_NAME,
    }
    subject = render_to_string("messaging/email/notification_subject.txt", context).strip()
    body = render_to_string("messaging/email/notification_message.txt", context)
    send_mail(subject, body, None, [user.email])
