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


class ExchangeRate(models.Model):
    """How many units of `currency` one unit of settings.MONEY_BASE_CURRENCY buys, as staff last
    set it (the admin shows the date it is from). Used only for approximate prices shown to a
    viewer and for comparing prices across currencies (core.exchange); nothing is charged in a
    converted amount. There is no live FX feed: a rate is what staff entered."""

    currency = models.CharField(max_length=3, unique=True, help_text="ISO 4217 code, e.g. EUR.")
    rate = models.DecimalField(
        max_digits=18,
        decimal_places=8,
        help_text="Units of this currency per one unit of the base currency (e.g. 0.92 EUR per USD).",
    )
    as_of = models.DateField(help_text="The date this rate is from.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["currency"]
        constraints = [models.CheckConstraint(condition=models.Q(rate__gt=0), name="exchange_rate_positive")]

    def __str__(self) -> str:
        return f"{self.currency} {self.rate} ({self.as_of})"


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
