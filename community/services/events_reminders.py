"""`event_reminder` 24 hours before an event, once per attendee (the pattern of bookings'
reminders: a row per recipient, claimed with core.locks.claim_due).

A row is planned when someone starts going, cancelled when they stop, moved (and opened again)
when the event's start moves, and cancelled when the event is. The beat job claims one due row
at a time with `select_for_update(skip_locked=True)` and re-checks it under the lock (still
planned, still due, the event still on and ahead, the person still going), so two workers at
once, or a retried one, never remind anybody twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from community.models.events import Event, EventReminder, EventReminderStatus, EventRSVP, EventStatus
from community.selectors import events as selectors
from core.locks import claim_due
from messaging.services import notify

logger = logging.getLogger("mentora.community")

BEFORE = timedelta(hours=24)
MAX_ATTEMPTS = 3
OPEN = (EventReminderStatus.PLANNED, EventReminderStatus.FAILED)


def _planned(due: datetime, now: datetime) -> str:
    return EventReminderStatus.PLANNED if due > now else EventReminderStatus.SKIPPED


def reminder_plan(*, event: Event, user, now: datetime) -> EventReminder:
    """Plan (or plan again) `user`'s reminder for the event's current start. Called under the
    event's lock, so nothing else writes this row meanwhile."""
    due = event.starts_at - BEFORE
    reminder, created = EventReminder.objects.get_or_create(
        event=event, recipient=user, defaults={"due_at": due, "status": _planned(due, now)}
    )
    if not created and (reminder.status != EventReminderStatus.SENT or reminder.due_at != due):
        reminder.due_at = due
        reminder.status = _planned(due, now)
        reminder.attempts = 0
        reminder.last_error = ""
        reminder.sent_at = None
        reminder.save(update_fields=["due_at", "status", "attempts", "last_error", "sent_at", "updated_at"])
    return reminder


def reminder_cancel(*, event: Event, user) -> int:
    return EventReminder.objects.filter(event=event, recipient=user, status__in=OPEN).update(
        status=EventReminderStatus.CANCELLED, updated_at=timezone.now()
    )


def reminders_cancel(*, event: Event) -> int:
    return EventReminder.objects.filter(event=event, status__in=OPEN).update(
        status=EventReminderStatus.CANCELLED, updated_at=timezone.now()
    )


def reminders_move(*, event: Event, now: datetime) -> int:
    """The event moved: every attendee's reminder follows its new start, and one already sent
    for the old time is sent again for the new one."""
    due = event.starts_at - BEFORE
    going = selectors.going_rsvps(event).values("user_id")
    return EventReminder.objects.filter(event=event, recipient_id__in=going).update(
        due_at=due,
        status=_planned(due, now),
        attempts=0,
        last_error="",
        sent_at=None,
        updated_at=timezone.now(),
    )


def _due(now: datetime):
    return EventReminder.objects.filter(
        Q(status=EventReminderStatus.PLANNED)
        | Q(status=EventReminderStatus.FAILED, attempts__lt=MAX_ATTEMPTS),
        due_at__lte=now,
    )


def reminders_send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """The beat job: every due reminder, one row per transaction. Returns how many went out."""
    now = now or timezone.now()

    def failed(reminder_id, error: Exception) -> None:
        logger.exception("Event reminder %s failed", reminder_id)
        with transaction.atomic():
            reminder = EventReminder.objects.select_for_update().filter(pk=reminder_id).first()
            if reminder is not None and reminder.status != EventReminderStatus.SENT:
                reminder.status = EventReminderStatus.FAILED
                reminder.attempts += 1
                reminder.last_error = f"{type(error).__name__}: {error}"[:2000]
                reminder.save(update_fields=["status", "attempts", "last_error", "updated_at"])

    return claim_due(
        _due(now),
        partial(_send, now=now),
        order_by=("due_at",),
        limit=limit,
        failed=failed,
        lock_of=("self",),
        related=("event", "recipient"),
    )


def _local(moment: datetime, zone_name: str) -> str:
    try:
        zone = ZoneInfo(zone_name or "UTC")
    except (ValueError, KeyError):
        zone = ZoneInfo("UTC")
    return f"{moment.astimezone(zone):%A %d %B %Y, %H:%M} ({zone.key})"


def _send(reminder: EventReminder, *, now: datetime) -> bool:
    # Re-checked under the lock: another worker may have sent it since it was listed.
    if reminder.status not in OPEN or reminder.due_at > now:
        return False
    event = reminder.event
    still_going = (
        EventRSVP.objects.filter(event=event, user=reminder.recipient).filter(selectors.GOING).exists()
    )
    if event.status != EventStatus.SCHEDULED or event.starts_at <= now or not still_going:
        reminder.status = EventReminderStatus.CANCELLED
        reminder.last_error = "Not sent: the event is cancelled or over, or the person is not going."
        reminder.save(update_fields=["status", "last_error", "updated_at"])
        return False
    user = reminder.recipient
    where = "Online: the link is on the event page." if event.is_online else event.location_text
    notification = notify(
        user=user,
        type="event_reminder",
        title=f"Tomorrow: {event.title}",
        body=f"{_local(event.starts_at, user.timezone)}. {where}",
        action_url=reverse("community:event", args=[event.pk]),
        data={"event_id": event.pk, "starts_at": event.starts_at},
        # One notice per planned time: a moved event is reminded again, a retry is not.
        dedupe_key=f"event:{event.pk}:reminder:{int(reminder.due_at.timestamp())}",
    )
    reminder.status = EventReminderStatus.SENT
    reminder.sent_at = now
    reminder.attempts += 1
    reminder.last_error = ""
    reminder.notification = notification
    reminder.save(update_fields=["status", "sent_at", "attempts", "last_error", "notification", "updated_at"])
    return True
