"""The nightly integrity run (beat: analytics-integrity-check): staff hear about it only when it
finds something."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from analytics.integrity.report import integrity_repair, integrity_report
from messaging.models import NotificationType
from messaging.services import notifications_batched, notify

STAFF_REPORT_URL = "/api/v1/staff/integrity"


def integrity_nightly(*, now: datetime | None = None) -> dict[str, Any]:
    """Check (and, with ANALYTICS_INTEGRITY_AUTO_REPAIR, first repair) and tell every active
    staff member once per day when anything was found. Returns the report and what was repaired."""
    now = now or timezone.now()
    repaired = integrity_repair(actor=None) if settings.ANALYTICS_INTEGRITY_AUTO_REPAIR else []
    report = integrity_report(now=now)
    if report["issues"] or repaired:
        _tell_staff(report=report, repaired=repaired, now=now)
    return {**report, "repaired": repaired}


def _tell_staff(*, report: dict[str, Any], repaired: list[dict[str, Any]], now: datetime) -> None:
    lines = [f"{issue['code']}: {issue['count']}" for issue in report["issues"]]
    lines += [f"repaired {item['code']}: {item['count']}" for item in repaired]
    kinds = len(report["issues"])
    title = (
        f"The integrity check found {kinds} kind{'s' if kinds != 1 else ''} of inconsistent data"
        if kinds
        else "The integrity check repaired inconsistent data"
    )
    staff = User.objects.live().filter(is_staff=True, is_active=True)
    # One row per staff member in one INSERT; the day's key keeps a retried job from telling twice.
    with transaction.atomic(), notifications_batched():
        for member in staff:
            notify(
                user=member,
                type=NotificationType.INTEGRITY_ISSUES,
                title=title,
                body="\n".join(lines),
                action_url=STAFF_REPORT_URL,
                data={"issues": report["issues"], "repaired": repaired},
                dedupe_key=f"integrity:{now.date().isoformat()}",
            )
