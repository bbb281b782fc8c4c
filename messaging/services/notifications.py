"""Writes of notifications: `notify()`, which every app calls, reading, deleting, settings, and
the delivery of the e-mail, push and SMS copies. Each public function runs in one transaction;
pushes and Celery tasks are registered to run after it commits.
"""

from __future__ import annotations

import json
import uuid
import zoneinfo
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import Truncator

from core.errors import ValidationFailed
from messaging import payloads, realtime, selectors, tasks
from messaging.models import (
    DeliveryChannel,
    DeliveryStatus,
    Notification,
    NotificationDelivery,
    NotificationSettings,
    NotificationType,
)
from messaging.providers import DeliveryResult, provider_for
from messaging.signals import delivery_attempted

_UNSET: Any = object()


# --- pushes ---------------------------------------------------------------------------------------


def unread_count_push(user) -> tuple[list[str], dict[str, Any]]:
    return (
        [realtime.notifications_group(user.pk)],
        {"type": "unread.count", **selectors.unread_counts(user=user)},
    )


# --- notifications --------------------------------------------------------------------------------


def _outside_channels(*, user, prefs: NotificationSettings, type: str, now: datetime) -> list[str]:
    """Which outside channels this notification goes to. In-app and socket always happen."""
    if not selectors.type_enabled(prefs, type):
        return []
    channels = []
    # Only to an address the person proved is theirs: a sign-up with someone else's address
    # must not turn into mail to them.
    if prefs.email_enabled and user.is_verified:
        channels.append(DeliveryChannel.EMAIL.value)
    try:
        zone = zoneinfo.ZoneInfo(user.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    quiet = selectors.in_quiet_hours(prefs, local_time=now.astimezone(zone).time())
    if prefs.push_enabled and not quiet:
        channels.append(DeliveryChannel.PUSH.value)
    if prefs.sms_enabled and not quiet:
        channels.append(DeliveryChannel.SMS.value)
    return channels


def notify(
    *,
    user,
    type: str,
    title: str,
    body: str = "",
    action_url: str = "",
    data: dict | None = None,
    dedupe_key: str | None = None,
) -> Notification | None:
    """Tell `user` something. Every app calls this, once per event.

    Writes the notification in the caller's transaction; after commit pushes notification.new
    and unread.count to the user's sockets and queues e-mail, push and SMS as the user's
    settings allow. With a `dedupe_key` it is idempotent: a second call with the same key (a
    retried task) returns None and sends nothing. None also for a deleted or deactivated user.
    """
    if type not in NotificationType.values:
        raise ValueError(f"Unknown notification type {type!r}")
    if not user.is_active or user.deleted_at is not None:
        return None
    # Plain JSON now (UUIDs, datetimes and Decimals as strings), so the pushed event is exactly
    # what the row holds and any channel layer can carry it.
    data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    notification = Notification(
        user=user,
        type=type,
        title=Truncator(title).chars(200),
        body=body,
        action_url=action_url[:500],
        data=data,
        dedupe_key=dedupe_key,
    )
    batch = _batch.get()
    if batch is not None:
        batch.append(notification)
        return notification
    with transaction.atomic():
        if dedupe_key is not None and Notification.objects.filter(user=user, dedupe_key=dedupe_key).exists():
            return None
        try:
            # A savepoint: losing a race on the dedupe key must leave the caller's transaction
            # usable, so the caller's own work still commits.
            with transaction.atomic():
                notification.save(force_insert=True)
        except IntegrityError:
            if dedupe_key is None:
                raise
            return None
        _announce_on_commit(notification, prefs=selectors.notification_settings_for(user=user))
    return notification


def _announce_on_commit(notification: Notification, *, prefs: NotificationSettings) -> None:
    """After commit: notification.new and unread.count to the user's sockets, and the e-mail,
    push and SMS copies their settings allow."""
    user = notification.user
    channels = _outside_channels(user=user, prefs=prefs, type=notification.type, now=notification.created_at)
    event = {"type": "notification.new", "notification": payloads.notification(notification)}
    realtime.push_on_commit(
        lambda: [([realtime.notifications_group(user.pk)], event), unread_count_push(user)]
    )
    for channel in channels:
        # A broker that is down loses this delivery (logged), never the caller's
        # already-committed work (delay_on_commit is robust: config/celery_app.py).
        tasks.deliver_notification.delay_on_commit(str(notification.pk), channel)


# The notifications of one change, written together (notifications_batched).
_batch: ContextVar[list[Notification] | None] = ContextVar("notifications_batch", default=None)


@contextmanager
def notifications_batched():
    """Inside a transaction that tells several people at once (a booking made and paid):
    `notify()` collects its notifications and they are written together as the block ends,
    still in that transaction, with one read of their dedupe keys, one INSERT and one read of
    the recipients' settings, instead of three statements and two SAVEPOINTs each. Pushes and
    mail leave after commit as usual. The block must run inside `transaction.atomic()`.

    Their dedupe keys name the change (a booking made in this very transaction), so no other
    transaction can write one of them meanwhile; a key already there is skipped, as notify()
    skips it."""
    if _batch.get() is not None:
        yield  # already collecting: the outer block writes these too
        return
    token = _batch.set([])
    try:
        yield
        pending = _batch.get()
    finally:
        _batch.reset(token)
    _write_batch(pending)


def _write_batch(pending: list[Notification]) -> None:
    if not pending:
        return
    keys = {n.dedupe_key for n in pending if n.dedupe_key is not None}
    taken = (
        set(
            Notification.objects.filter(
                dedupe_key__in=keys, user_id__in={n.user_id for n in pending}
            ).values_list("user_id", "dedupe_key")
        )
        if keys
        else set()
    )
    fresh = []
    for notification in pending:
        key = (notification.user_id, notification.dedupe_key)
        if notification.dedupe_key is not None:
            if key in taken:
                continue
            taken.add(key)
        fresh.append(notification)
    Notification.objects.bulk_create(fresh)
    saved = {
        p.user_id: p for p in NotificationSettings.objects.filter(user_id__in={n.user_id for n in fresh})
    }
    deliveries = []
    for notification in fresh:
        prefs = saved.get(notification.user_id) or NotificationSettings(user=notification.user)
        channels = _outside_channels(
            user=notification.user, prefs=prefs, type=notification.type, now=notification.created_at
        )
        deliveries += [[str(notification.pk), channel] for channel in channels]
    # The sockets hear of them from a task too (the unread counts it reads are no work for the
    # request that made the change), which queues the mail and push copies: one message to the
    # broker after commit for the whole batch.
    tasks.announce_notifications.delay_on_commit([str(n.pk) for n in fresh], deliveries)


def notifications_announce(*, notification_ids: list[str]) -> int:
    """Push notification.new for each of these notifications and one unread.count per person."""
    found = list(
        Notification.objects.filter(pk__in=notification_ids).select_related("user").order_by("created_at")
    )
    people = {}
    for notification in found:
        people.setdefault(notification.user_id, (notification.user, []))[1].append(notification)
    for user, notifications in people.values():
        group = [realtime.notifications_group(user.pk)]
        pushes = [
            (group, {"type": "notification.new", "notification": payloads.notification(n)})
            for n in notifications
        ]
        for groups, event in [*pushes, unread_count_push(user)]:
            realtime.send_now(groups, event)
    return len(found)


def _push_notification_read(*, user, ids: list[str], read_at: datetime) -> None:
    event = {"type": "notification.read", "notification_ids": ids, "read_at": payloads.iso(read_at)}
    realtime.push_on_commit(
        lambda: [([realtime.notifications_group(user.pk)], event), unread_count_push(user)]
    )


def notification_mark_read(*, user, notification_id: uuid.UUID) -> Notification:
    with transaction.atomic():
        notification = selectors.notification_for_owner(user=user, notification_id=notification_id)
        if not notification.is_read:
            notification.is_read = True
            notification.read_at = timezone.now()
            notification.save(update_fields=["is_read", "read_at"])
            _push_notification_read(user=user, ids=[str(notification.pk)], read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, user) -> int:
    with transaction.atomic():
        ids = [
            str(pk)
            for pk in Notification.objects.filter(user=user, is_read=False).values_list("pk", flat=True)
        ]
        if not ids:
            return 0
        now = timezone.now()
        updated = Notification.objects.filter(pk__in=ids, is_read=False).update(is_read=True, read_at=now)
        _push_notification_read(user=user, ids=ids, read_at=now)
    return updated


def notification_delete(*, user, notification_id: uuid.UUID) -> None:
    with transaction.atomic():
        notification = selectors.notification_for_owner(user=user, notification_id=notification_id)
        was_unread = not notification.is_read
        notification.delete()
        if was_unread:
            realtime.push_on_commit(lambda: [unread_count_push(user)])


def notification_settings_update(
    *,
    user,
    channels: dict[str, bool] | None = None,
    types: dict[str, bool] | None = None,
    quiet_hours: dict | None = _UNSET,
) -> NotificationSettings:
    """Partial edit. `quiet_hours` {start, end} sets them, None clears them, absent keeps them."""
    if types:
        unknown = sorted(set(types) - set(NotificationType.values))
        if unknown:
            raise ValidationFailed.for_field("types", f"Unknown notification type: {', '.join(unknown)}.")
    with transaction.atomic():
        prefs, _ = NotificationSettings.objects.select_for_update().get_or_create(user=user)
        changed: list[str] = []
        for channel, value in (channels or {}).items():
            field = f"{DeliveryChannel(channel).value}_enabled"
            setattr(prefs, field, bool(value))
            changed.append(field)
        if types:
            merged = {**prefs.types, **{key: bool(value) for key, value in types.items()}}
            # Keep only real choices: a type set back to its default follows the default again.
            defaults = selectors.types_state(NotificationSettings(user=user))
            prefs.types = {key: value for key, value in merged.items() if defaults.get(key) != value}
            changed.append("types")
        if quiet_hours is not _UNSET:
            start, end = (quiet_hours["start"], quiet_hours["end"]) if quiet_hours else (None, None)
            prefs.quiet_hours_start, prefs.quiet_hours_end = start, end
            changed += ["quiet_hours_start", "quiet_hours_end"]
        if changed:
            prefs.save(update_fields=[*changed, "updated_at"])
    return prefs


def notification_deliver(*, notification_id: uuid.UUID | str, channel: str) -> NotificationDelivery | None:
    """Send one notification over one outside channel, at most once.

    The delivery row is claimed with a conditional UPDATE before anything is sent, so a retried
    or doubled task finds it taken and sends nothing; the mail or provider call runs with no
    transaction open, and its outcome is saved afterwards. A claim older than the task time
    limit (CELERY_TASK_TIME_LIMIT) was left by a worker that died mid-send: the broker hands
    that task out again, and it claims the delivery anew rather than leave it unsent.
    """
    channel = DeliveryChannel(channel).value
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None:
        return None  # deleted by its owner before the worker got to it
    with transaction.atomic():
        delivery, _ = NotificationDelivery.objects.get_or_create(notification=notification, channel=channel)
    now = timezone.now()
    abandoned = Q(
        status=DeliveryStatus.SENDING, updated_at__lt=now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    )
    claimed = (
        NotificationDelivery.objects.filter(pk=delivery.pk)
        .filter(Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED]) | abandoned)
        .update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, updated_at=now)
    )
    delivery.refresh_from_db()
    if not claimed:
        return delivery

    user = notification.user
    prefs = selectors.notification_settings_for(user=user)
    # Settings may have changed between the event and the worker: the latest choice wins.
    allowed = _outside_channels(user=user, prefs=prefs, type=notification.type, now=timezone.now())
    if not user.is_active or user.deleted_at is not None or channel not in allowed:
        result = DeliveryResult(
            status=DeliveryStatus.SKIPPED, detail="Switched off or unreachable when sending."
        )
        provider_name = ""
    elif channel == DeliveryChannel.EMAIL:
        from messaging.mail import notification_mail_send

        provider_name = "django.core.mail"
        try:
            notification_mail_send(notification=notification)
        except OSError as exc:
            _record_delivery(delivery, DeliveryResult(DeliveryStatus.FAILED, str(exc)), provider_name)
            raise
        result = DeliveryResult(status=DeliveryStatus.SENT)
    else:
        provider = provider_for(channel)
        provider_name = provider.name
        try:
            result = provider.send(notification=notification, channel=channel)
        except OSError as exc:
            _record_delivery(delivery, DeliveryResult(DeliveryStatus.FAILED, str(exc)), provider_name)
            raise
    _record_delivery(delivery, result, provider_name)
    return delivery


def _record_delivery(delivery: NotificationDelivery, result: DeliveryResult, provider_name: str) -> None:
    delivery.status = result.status
    delivery.detail = result.detail
    delivery.external_id = result.external_id
    delivery.provider = provider_name
    delivery.save(update_fields=["status", "detail", "external_id", "provider", "updated_at"])
    delivery_attempted.send(sender=NotificationDelivery, delivery=delivery)
