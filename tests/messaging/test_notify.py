"""messaging.services.notify(): the one way every app tells a user something."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from messaging import services
from messaging.models import (
    DeliveryStatus,
    Notification,
    NotificationDelivery,
    NotificationSettings,
    NotificationType,
)
from messaging.providers import DeliveryResult, NotificationProvider, RecordOnlyProvider
from messaging.tasks import deliver_notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BOOKED = NotificationType.BOOKING_CONFIRMED


def notify_committed(capture, **kwargs):
    """notify() in a transaction that commits, so its after-commit work (pushes, Celery) runs."""
    with capture(execute=True):
        return services.notify(**kwargs)


def channels_delivered(notification) -> dict[str, str]:
    return dict(
        NotificationDelivery.objects.filter(notification=notification).values_list("channel", "status")
    )


def test_defaults_send_in_app_email_and_push_but_no_sms(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    notification = notify_committed(
        django_capture_on_commit_callbacks,
        user=alice,
        type=BOOKED,
        title="Your session is confirmed",
        body="Thursday at 10:00 with Ada.",
        action_url="/bookings/42/",
        data={"booking_id": "42"},
    )

    assert Notification.objects.filter(user=alice).count() == 1
    assert channels_delivered(notification) == {"email": "sent", "push": "recorded"}
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [alice.email]
    assert "Your session is confirmed" in mail.subject
    assert "Thursday at 10:00 with Ada." in mail.body
    assert "http://testserver/bookings/42/" in mail.body
    assert "http://testserver/notifications/settings/" in mail.body


def test_email_is_queued_only_after_the_callers_transaction_commits(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify(user=alice, type=BOOKED, title="Confirmed")
        assert mailoutbox == []  # still inside the transaction: nothing has left

    assert callbacks, "the push and the Celery task wait for the commit"
    assert len(mailoutbox) == 1


def test_a_rolled_back_caller_leaves_no_notification_and_sends_nothing(alice, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify(user=alice, type=BOOKED, title="Confirmed")
        raise RuntimeError("the booking failed after all")

    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_email_switched_off_sends_no_mail_but_keeps_in_app(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    services.notification_settings_update(user=alice, channels={"email": False})

    notification = notify_committed(
        django_capture_on_commit_callbacks, user=alice, type=BOOKED, title="Confirmed"
    )

    assert notification is not None and Notification.objects.count() == 1
    assert mailoutbox == []
    assert channels_delivered(notification) == {"push": "recorded"}


def test_a_type_switched_off_reaches_no_outside_channel(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    services.notification_settings_update(user=alice, types={BOOKED: False}, channels={"sms": True})

    notification = notify_committed(
        django_capture_on_commit_callbacks, user=alice, type=BOOKED, title="Confirmed"
    )
    other = notify_committed(
        django_capture_on_commit_callbacks, user=alice, type=NotificationType.PAYMENT_SUCCESS, title="Paid"
    )

    assert channels_delivered(notification) == {}
    assert channels_delivered(other) == {"email": "sent", "push": "recorded", "sms": "recorded"}
    assert [m.subject for m in mailoutbox] == ["[Mentora] Paid"]


def test_course_update_is_off_by_default(alice, mailoutbox, django_capture_on_commit_callbacks):
    notification = notify_committed(
        django_capture_on_commit_callbacks,
        user=alice,
        type=NotificationType.COURSE_UPDATE,
        title="New lesson",
    )

    assert Notification.objects.filter(pk=notification.pk).exists()
    assert channels_delivered(notification) == {}
    assert mailoutbox == []


def test_an_unverified_address_gets_no_notification_mail(mailoutbox, django_capture_on_commit_callbacks):
    unverified = UserFactory(is_verified=False)

    notify_committed(django_capture_on_commit_callbacks, user=unverified, type=BOOKED, title="Confirmed")

    assert mailoutbox == []


def test_quiet_hours_hold_back_push_and_sms_but_not_email(mailoutbox, django_capture_on_commit_callbacks):
    night_owl = UserFactory(timezone="Europe/Berlin")
    services.notification_settings_update(
        user=night_owl,
        channels={"sms": True},
        quiet_hours={"start": dt.time(22, 0), "end": dt.time(7, 0)},
    )

    # 22:30 UTC is 23:30 in Berlin (winter): inside the quiet hours.
    with time_machine.travel(dt.datetime(2026, 1, 15, 22, 30, tzinfo=dt.UTC), tick=False):
        at_night = notify_committed(
            django_capture_on_commit_callbacks, user=night_owl, type=BOOKED, title="Night"
        )
    # 08:00 UTC is 09:00 in Berlin: outside.
    with time_machine.travel(dt.datetime(2026, 1, 16, 8, 0, tzinfo=dt.UTC), tick=False):
        by_day = notify_committed(
            django_capture_on_commit_callbacks, user=night_owl, type=BOOKED, title="Day"
        )

    assert channels_delivered(at_night) == {"email": "sent"}
    assert channels_delivered(by_day) == {"email": "sent", "push": "recorded", "sms": "recorded"}


def test_the_same_dedupe_key_twice_creates_one_notification_and_one_mail(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    key = "booking:42:confirmed"
    first = notify_committed(
        django_capture_on_commit_callbacks, user=alice, type=BOOKED, title="A", dedupe_key=key
    )
    second = notify_committed(
        django_capture_on_commit_callbacks, user=alice, type=BOOKED, title="A", dedupe_key=key
    )

    assert first is not None
    assert second is None
    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_dedupe_key_is_per_user(alice, bob):
    key = "booking:42:confirmed"

    assert services.notify(user=alice, type=BOOKED, title="A", dedupe_key=key) is not None
    assert services.notify(user=bob, type=BOOKED, title="A", dedupe_key=key) is not None


def test_a_retried_delivery_task_sends_the_mail_once(alice, mailoutbox):
    notification = services.notify(user=alice, type=BOOKED, title="Confirmed")

    deliver_notification.delay(str(notification.pk), "email")
    deliver_notification.delay(str(notification.pk), "email")

    assert len(mailoutbox) == 1
    delivery = NotificationDelivery.objects.get(notification=notification, channel="email")
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 1


class FlakyGateway(NotificationProvider):
    """An outside push gateway that is down once, then accepts."""

    calls = 0

    def send(self, *, notification, channel):
        type(self).calls += 1
        if type(self).calls == 1:
            raise ConnectionError("gateway timed out")
        return DeliveryResult(status=DeliveryStatus.SENT, external_id="gw-123")


def test_a_configured_provider_is_used_and_a_failed_attempt_is_retried(alice, settings):
    from messaging.providers import _provider

    _provider.cache_clear()
    settings.MESSAGING_PUSH_PROVIDER = f"{__name__}.FlakyGateway"
    FlakyGateway.calls = 0
    notification = services.notify(user=alice, type=BOOKED, title="Confirmed")

    with pytest.raises(ConnectionError):
        services.notification_deliver(notification_id=notification.pk, channel="push")
    failed = NotificationDelivery.objects.get(notification=notification, channel="push")
    services.notification_deliver(notification_id=notification.pk, channel="push")
    services.notification_deliver(notification_id=notification.pk, channel="push")

    delivered = NotificationDelivery.objects.get(pk=failed.pk)
    assert failed.status == DeliveryStatus.FAILED and "timed out" in failed.detail
    assert delivered.status == DeliveryStatus.SENT
    assert delivered.external_id == "gw-123"
    assert delivered.provider.endswith("FlakyGateway")
    assert FlakyGateway.calls == 2
    _provider.cache_clear()


def test_the_default_provider_records_the_attempt():
    result = RecordOnlyProvider().send(notification=Notification(), channel="sms")

    assert result.status == DeliveryStatus.RECORDED
    assert "No sms provider is configured" in result.detail


def test_settings_changed_before_the_worker_runs_win(alice, mailoutbox):
    notification = services.notify(user=alice, type=BOOKED, title="Confirmed")
    services.notification_settings_update(user=alice, channels={"email": False})

    services.notification_deliver(notification_id=notification.pk, channel="email")

    assert mailoutbox == []
    assert NotificationDelivery.objects.get(notification=notification).status == DeliveryStatus.SKIPPED


def test_deleted_or_inactive_users_are_not_notified(db):
    from django.utils import timezone

    assert services.notify(user=UserFactory(deleted_at=timezone.now()), type=BOOKED, title="x") is None
    assert services.notify(user=UserFactory(is_active=False), type=BOOKED, title="x") is None
    assert not Notification.objects.exists()


def test_an_unknown_type_is_a_programming_error(alice):
    with pytest.raises(ValueError, match="Unknown notification type"):
        services.notify(user=alice, type="lottery_win", title="x")


def test_every_type_of_the_api_contract_exists():
    # The contract's types, plus issue 8's waitlist offers and calendar feed failures, and
    # issue 16's enrollment confirmations and opt-in streak reminder, issue 17's group replies,
    # mentions, membership decisions and reports, and issue 20's note to staff that the nightly
    # integrity check found something.
    assert set(NotificationType.values) == {
        "integrity_issues",
        "streak_reminder",
        "enrollment_confirmed",
        "waitlist_offer",
        "calendar_feed_failed",
        "booking_requested",
        "booking_confirmed",
        "booking_declined",
        "booking_cancelled",
        "booking_rescheduled",
        "session_reminder",
        "session_started",
        "booking_completed",
        "review_received",
        "review_response",
        "payment_success",
        "payment_failed",
        "refund_processed",
        "credits_received",
        "package_expiring",
        "message_received",
        "mentor_application_approved",
        "mentor_application_rejected",
        "achievement_unlocked",
        "milestone_completed",
        "certificate_issued",
        "course_update",
        "group_post",
        "group_reply",
        "group_mention",
        "group_membership",
        "group_report",
        "event_reminder",
        # issue 17's event cancellations and waitlist promotions
        "event_cancelled",
        "event_waitlist_promoted",
    }


def test_uuids_in_data_are_stored_as_plain_strings(alice):
    import uuid

    booking_id = uuid.uuid4()
    notification = services.notify(user=alice, type=BOOKED, title="x", data={"booking_id": booking_id})

    assert Notification.objects.get(pk=notification.pk).data == {"booking_id": str(booking_id)}


def test_settings_rows_are_written_only_when_changed(alice_api, alice):
    alice_api.get("/api/v1/notifications/settings")

    assert not NotificationSettings.objects.filter(user=alice).exists()


def test_a_message_to_someone_offline_notifies_them_once_per_unread_run(
    alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.message_send(sender=alice, recipient_id=bob.pk, text="Are you there?")
        services.message_send(sender=alice, recipient_id=bob.pk, text="Hello?")

    received = Notification.objects.get(user=bob)
    assert received.type == "message_received"
    assert received.title == f"New message from {alice.display_name}"
    assert received.data["conversation_id"] == str(first.conversation_id)
    assert len(mailoutbox) == 1

    services.conversation_mark_read(user=bob, conversation_id=first.conversation_id)
    services.message_send(sender=alice, recipient_id=bob.pk, text="New question")
    assert Notification.objects.filter(user=bob).count() == 2
