"""Celery tasks of learning: each loads by id (or takes the clock) and calls one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def send_streak_reminders() -> int:
    from learning.services.streaks import streak_reminders_send

    return streak_reminders_send()
