"""analytics' Celery tasks: thin, each calls one service."""

from __future__ import annotations

from celery import shared_task

from analytics.services import staff_figures_refresh


@shared_task(name="analytics.tasks.refresh_staff_figures", ignore_result=True)
def refresh_staff_figures() -> int:
    return staff_figures_refresh()
