from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class CreditWallet(models.Model):
    """A person's credits. `balance` is the sum of the ledger, kept here so that a spend can lock
    one row and check it; the CHECK constraint is the last guard against going below zero."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="credit_wallet"
    )
    balance = models.IntegerField(default=0)
    lifetime_purchased = models.PositiveIntegerField(default=0)
    lifetime_spent = models.PositiveIntegerField(default=0)
    lifetime_earned = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="credit_wallet_never_negative")
        ]

    def __str__(self) -> str:
        return f"{self.balance} credits of {self.user_id}"


class CreditEntryType(models.TextChoices):
    INITIAL = "initial"
    PURCHASED = "purchased"
    SPENT = "spent"
    EARNED = "earned"
    REFUNDED = "refunded"


class CreditEntry(models.Model):
    """One line of the append-only credit ledger (never updated, never deleted)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wallet = models.ForeignKey(CreditWallet, on_delete=models.CASCADE, related_name="entries")
    type = models.CharField(max_length=10, choices=CreditEntryType.choices)
    amount = models.IntegerField(help_text="Signed: credits in are positive, credits out negative")
    balance_after = models.IntegerField()
    description = models.CharField(max_length=255)
    # What this line happens once for ("spend:booking:<id>", "purchase:<id>", "initial"): unique
    # per wallet, so a retried or doubled request can never write it twice.
    reference = models.CharField(max_length=160)
    purpose = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    payment = models.ForeignKey(
        "payments.Payment", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_entries"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "credit entries"
        constraints = [
            models.UniqueConstraint(fields=["wallet", "reference"], name="credit_entry_once_per_reference"),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="credit_entry_balance_not_negative"
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="credit_entry_amount_not_zero"),
        ]
        indexes = [models.Index(fields=["wallet", "-created_at"], name="credit_entry_wallet_recent_idx")]

    def __str__(self) -> str:
        return f"{self.type} {self.amount:+d}"


class CreditPurchaseStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    FAILED = "failed"
    REFUNDED = "refunded"


class CreditPurchase(models.Model):
    """Credits bought with money: the ledger gets `purchased` once the payment succeeds."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credit_purchases"
    )
    credits = models.PositiveIntegerField()
    price = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=20, choices=CreditPurchaseStatus.choices, default=CreditPurchaseStatus.PENDING_PAYMENT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(credits__gte=1), name="credit_purchase_at_least_one")
        ]

    def __str__(self) -> str:
        return f"{self.credits} credits ({self.status})"
