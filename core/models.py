from __future__ import annotations

import uuid

from django.db import models


class IdempotencyRecord(models.Model):
    """The first response to an `Idempotency-Key`, replayed to every retry with the same body.

    `owner` is the caller's user id (or "" for an anonymous caller), kept as text so that this
    shared plumbing does not depend on the accounts app.
    """

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress"
        COMPLETED = "completed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.CharField(max_length=64, blank=True)
    key = models.CharField(max_length=255)
    scope = models.CharField(max_length=300, help_text="HTTP method and path")
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the request body")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # The claim on a key is this row: a second request with the same key can never run
            # the operation again, because its INSERT fails on this constraint.
            models.UniqueConstraint(fields=["owner", "key", "scope"], name="idempotency_once_per_key"),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_created_idx")]

    def __str__(self) -> str:
        return f"{self.scope} [{self.key}]"


class Heartbeat(models.Model):
    """When a background process was last seen alive (core.health reads it for /health).

    `beat`: Celery beat published the heartbeat task (core.signals, in the beat process) or
    started. `worker`: a worker ran that task (core.tasks.heartbeat) or became ready. Beat
    schedules the task every HEALTH_HEARTBEAT_INTERVAL seconds (config/settings/domains.py).
    """

    class Source(models.TextChoices):
        WORKER = "worker"
        BEAT = "beat"

    name = models.CharField(max_length=16, primary_key=True, choices=Source.choices)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} seen at {self.seen_at:%Y-%m-%d %H:%M:%S}"
