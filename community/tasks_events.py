"""Celery tasks of the events part (found through community.tasks)."""

from __future__ import annotations

from celery import shared_task

from community.services import events_reminders


@shared_task(name="community.tasks.send_due_event_reminders", ignore_result=True)
def send_due_event_reminders() -> int:
    return events_reminders.reminders_send_due()
