"""The audit log (API.md §1): every app records sensitive actions through `audit_entry_create`."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from accounts.models import AuditEntry, User
from accounts.request_meta import client_ip, user_agent
from core.transactions import step


def _target_ref(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    return target._meta.label_lower, str(target.pk)


def audit_entry_create(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
    request=None,
) -> AuditEntry:
    """Record `actor` doing `action` to `target`, with the caller's IP and user agent.

    Call it inside the transaction of the change it records: the entry then commits or rolls
    back with that change, so the log never shows something that did not happen (or misses
    something that did). `actor` is None for the system (a scheduled job).
    """
    target_type, target_id = _target_ref(target)
    # Details are stored as JSON: dates, UUIDs and Decimals become strings here, not in every caller.
    plain = json.loads(DjangoJSONEncoder().encode(details or {}))
    with step():
        return AuditEntry.objects.create(
            actor=actor if actor is not None and actor.pk else None,
            action=action,
            target_type=target_type,
            target_id=target_id,
            details=plain,
            ip_address=client_ip(request),
            user_agent=user_agent(request),
        )
