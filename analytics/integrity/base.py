"""What every integrity check is: a set-based question and, when it is safe, a repair.

A check's `rows()` is one queryset naming the inconsistent rows, answered by the database in one
statement (anti-joins with NOT EXISTS, correlated aggregates), never by walking a table in
Python: the report costs two statements per check (its count and a LIMITed sample of ids)
whatever the size of the platform. A repair walks only the rows the check found, at most
ANALYTICS_INTEGRITY_REPAIR_LIMIT of them per run, each in its own short transaction that takes
the row lock the owning app's services take, re-checks the row under it and writes one audit
entry; a row that is still wrong after the limit is reported again by the next run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models

from accounts.services.audit import audit_entry_create


@dataclass(frozen=True)
class Fix:
    """One row a repair changed, and how (written to the audit log as `integrity.repair`)."""

    code: str
    target: models.Model
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    code: str
    description: str
    # The inconsistent rows: one queryset, evaluated by the database.
    rows: Callable[[], models.QuerySet]
    # Repairs one row by its primary key, inside the caller's transaction (which also holds the
    # fix's audit entry): takes the owning app's row lock, re-checks the row under it, and
    # returns None when it turned out fine (or cannot be repaired safely). None: report only.
    repair_one: Callable[..., Fix | None] | None = None

    @property
    def repairable(self) -> bool:
        return self.repair_one is not None


def sample_size() -> int:
    return settings.ANALYTICS_INTEGRITY_SAMPLE_SIZE


def repair_limit() -> int:
    return settings.ANALYTICS_INTEGRITY_REPAIR_LIMIT


def audit_fix(fix: Fix, *, actor, request=None) -> None:
    """The audit entry of one fix; call it inside the fix's transaction."""
    audit_entry_create(
        actor=actor,
        action="integrity.repair",
        target=fix.target,
        details={"code": fix.code, **fix.details},
        request=request,
    )
