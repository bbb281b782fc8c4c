"""Celery tasks of analytics: each calls one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def check_integrity() -> int:
    """The nightly integrity check; returns how many kinds of inconsistency it found."""
    from analytics.integrity.nightly import integrity_nightly

    return len(integrity_nightly()["issues"])
