"""The integrity report (GET /staff/integrity) and the repair (POST /staff/integrity/repair)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from analytics.integrity import accounts, bookings, community, learning, ledgers
from analytics.integrity.base import Check, audit_fix, repair_limit, sample_size
from core.errors import Busy
from core.locks import busy_as_error

HEALTHY = "healthy"
UNHEALTHY = "unhealthy"


def all_checks() -> list[Check]:
    """Every check, in the order the report lists them (by the layer that owns the rows)."""
    return [*accounts.CHECKS, *bookings.CHECKS, *ledgers.CHECKS, *learning.CHECKS, *community.CHECKS]


def _issue(check: Check) -> dict[str, Any] | None:
    rows = check.rows()
    count = rows.count()
    if not count:
        return None
    # Ordered by primary key so a LIMIT can stop early on the primary key's index.
    sample = rows.order_by("pk").values_list("pk", flat=True)[: sample_size()]
    return {
        "code": check.code,
        "description": check.description,
        "count": count,
        "sample_ids": [str(pk) for pk in sample],
        "repairable": check.repairable,
    }


def integrity_report(*, now: datetime | None = None) -> dict[str, Any]:
    """What is inconsistent right now. Reads only: two statements per check that finds
    something (its count and a sample of ids), one per check that finds nothing, and one for
    the account figures."""
    figures = User.objects.live().aggregate(
        total=Count("pk"),
        mentors=Count("pk", filter=Q(is_mentor=True)),
        staff=Count("pk", filter=Q(is_staff=True)),
    )
    issues = [issue for issue in map(_issue, all_checks()) if issue is not None]
    return {
        "health_status": UNHEALTHY if issues else HEALTHY,
        "total_users": figures["total"],
        # Every account is a learner (API.md §0); mentors and staff are learners too.
        "role_counts": {"learner": figures["total"], "mentor": figures["mentors"], "staff": figures["staff"]},
        "issues": issues,
        "timestamp": now or timezone.now(),
    }


def integrity_repair(*, actor: User | None, request=None) -> list[dict[str, Any]]:
    """Run every safe fix on the rows the checks find now (at most the repair limit per check),
    each in its own transaction with its audit entry. `actor` is None for the system (the
    management command, the nightly job). Returns per check the ids it repaired."""
    repaired: list[dict[str, Any]] = []
    for check in all_checks():
        if not check.repairable:
            continue
        candidates = list(check.rows().order_by("pk").values_list("pk", flat=True)[: repair_limit()])
        ids: list[str] = []
        for pk in candidates:
            # One short transaction per row: a lock held for one repair never queues a
            # booking or a payment behind the whole run. A row whose lock someone holds past
            # the lock timeout is skipped; it is still in the report, and the next run takes it.
            try:
                with transaction.atomic(), busy_as_error():
                    fix = check.repair_one(pk)
                    if fix is not None:
                        audit_fix(fix, actor=actor, request=request)
            except Busy:
                continue
            if fix is not None:
                ids.append(str(pk))
        if ids:
            repaired.append({"code": check.code, "count": len(ids), "ids": ids})
    return repaired
