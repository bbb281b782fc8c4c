from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from core.money import format_money


class EarningStatus(models.TextChoices):
    PENDING = "pending"  # paid, the session has not happened yet
    AVAILABLE = "available"  # can be paid out


class EarningEntry(models.Model):
    """A mentor's share of one payment (positive) or of one refund on it (negative).

    A payout takes every available entry of one currency that no payout took yet, so a refund
    after a payout becomes a negative available entry that the next payout carries.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mentor = models.ForeignKey("mentors.MentorProfile", on_delete=models.PROTECT, related_name="earnings")
    payment = models.ForeignKey("payments.Payment", on_delete=models.PROTECT, related_name="earnings")
    refund = models.OneToOneField(
        "payments.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="earning"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=10, choices=EarningStatus.choices, default=EarningStatus.PENDING)
    payout = models.ForeignKey(
        "payments.Payout", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    available_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "earning entries"
        ordering = ["-created_at", "-id"]
        constraints = [
            # One sale entry per payment: applying a payment twice cannot pay the mentor twice.
            models.UniqueConstraint(
                fields=["payment"], condition=Q(refund__isnull=True), name="earning_one_sale_per_payment"
            ),
        ]
        indexes = [
            models.Index(fields=["mentor", "status", "currency"], name="earning_mentor_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{format_money(self.amount, self.currency)} ({self.status})"


class ConnectAccount(models.Model):
    """A mentor's Stripe Connect Express account (or the offline gateway's stand-in)."""

    mentor = models.OneToOneField(
        "mentors.MentorProfile", on_delete=models.CASCADE, primary_key=True, related_name="connect_account"
    )
    account_id = models.CharField(max_length=255, unique=True)
    gateway = models.CharField(max_length=10)
    payouts_enabled = models.BooleanField(default=False)
    charges_enabled = models.BooleanField(default=False)
    details_submitted = models.BooleanField(default=False)
    requirements_due = models.JSONField(default=list, blank=True)
    default_currency = models.CharField(max_length=3, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.account_id


class PayoutStatus(models.TextChoices):
    PENDING = "pending"  # claimed by the run; the transfer has not been confirmed yet
    IN_TRANSIT = "in_transit"
    PAID = "paid"
    FAILED = "failed"


class Payout(models.Model):
    """One transfer of a mentor's available balance in one currency, for one weekly period."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mentor = models.ForeignKey("mentors.MentorProfile", on_delete=models.PROTECT, related_name="payouts")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=12, choices=PayoutStatus.choices, default=PayoutStatus.PENDING)
    period_start = models.DateField()
    period_end = models.DateField()
    arrival_date = models.DateField(null=True, blank=True)
    transfer_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    destination = models.CharField(max_length=255)
    bookings_count = models.PositiveIntegerField(default=0)
    failure_message = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start", "-created_at"]
        constraints = [
            # The weekly run claims a period with this row: a second run (or a rerun after a crash)
            # cannot create another payout for the same mentor, currency and week.
            models.UniqueConstraint(
                fields=["mentor", "currency", "period_start"], name="payout_once_per_period"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
        ]
        indexes = [models.Index(fields=["mentor", "-period_start"], name="payout_mentor_recent_idx")]

    def __str__(self) -> str:
        return f"{format_money(self.amount, self.currency)} {self.period_start}–{self.period_end} ({self.status})"
