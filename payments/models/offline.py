"""Tables of the offline gateway: what Stripe keeps on its side in test mode, kept in ours.

Only payments.gateways.offline reads and writes them; the rest of the code sees the gateway
interface, exactly as with Stripe.
"""

from __future__ import annotations

from django.db import models


class OfflineIntent(models.Model):
    id = models.CharField(max_length=64, primary_key=True)  # pi_...
    client_secret = models.CharField(max_length=128, unique=True)
    amount = models.PositiveBigIntegerField(help_text="Minor units, as Stripe counts them")
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=40, default="requires_payment_method")
    description = models.CharField(max_length=255, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    idempotency_key = models.CharField(max_length=255, unique=True)
    charge_id = models.CharField(max_length=64, blank=True)
    card_last4 = models.CharField(max_length=4, blank=True)
    last_error_code = models.CharField(max_length=60, blank=True)
    last_error_message = models.CharField(max_length=255, blank=True)
    amount_refunded = models.PositiveBigIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.id


class OfflineRefund(models.Model):
    id = models.CharField(max_length=64, primary_key=True)  # re_...
    intent = models.ForeignKey(OfflineIntent, on_delete=models.CASCADE, related_name="refunds")
    amount = models.PositiveBigIntegerField()
    status = models.CharField(max_length=20, default="succeeded")
    metadata = models.JSONField(default=dict, blank=True)
    idempotency_key = models.CharField(max_length=255, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.id


class OfflineTransfer(models.Model):
    id = models.CharField(max_length=64, primary_key=True)  # tr_...
    amount = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3)
    destination = models.CharField(max_length=64)
    metadata = models.JSONField(default=dict, blank=True)
    idempotency_key = models.CharField(max_length=255, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.id


class OfflineAccount(models.Model):
    id = models.CharField(max_length=64, primary_key=True)  # acct_...
    email = models.EmailField(blank=True)
    country = models.CharField(max_length=2, blank=True)
    default_currency = models.CharField(max_length=3, default="usd")
    details_submitted = models.BooleanField(default=False)
    payouts_enabled = models.BooleanField(default=False)
    idempotency_key = models.CharField(max_length=255, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.id


class OfflineEvent(models.Model):
    """An event the offline gateway emitted, signed and delivered to the webhook handler."""

    id = models.CharField(max_length=64, primary_key=True)  # evt_...
    type = models.CharField(max_length=100)
    payload = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return f"{self.type} {self.id}"
