"""analytics' Celery tasks: thin, each calls one service."""

from __future__ import annotations

from celery import shared_task

from analytics.services import staff_figures_refresh


@shared_task(name="analytics.tasks.refresh_staff_figures", ignore_result=True)
def refresh_staff_figures() -> int:
    return staff_figures_refresh()


@shared_task(ignore_result=True)
def check_integrity() -> int:
    """The nightly integrity check; returns how many kinds of inconsistency it found."""
    from analytics.integrity.nightly import integrity_nightly

    return len(integrity_nightly()["issues"])
