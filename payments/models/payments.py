from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core.money import format_money


class PaymentStatus(models.TextChoices):
    """API.md §4: requires_payment → processing → succeeded or failed; after success
    refund_pending → partially_refunded or refunded."""

    REQUIRES_PAYMENT = "requires_payment"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REFUND_PENDING = "refund_pending"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


# A paid item has at most one payment in these statuses; a failed (or expired) one frees it.
LIVE_STATUSES = tuple(s for s in PaymentStatus.values if s != PaymentStatus.FAILED)
# Money was taken: a refund may be asked for.
REFUNDABLE_STATUSES = (
    PaymentStatus.SUCCEEDED,
    PaymentStatus.REFUND_PENDING,
    PaymentStatus.PARTIALLY_REFUNDED,
)
PAID_STATUSES = (*REFUNDABLE_STATUSES, PaymentStatus.REFUNDED)


class Payment(models.Model):
    """One charge for exactly one paid item: `purpose` names its registered kind (booking,
    enrollment, package_purchase, credit_purchase) and `object_id` the item."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    payer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments")
    purpose = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    mentor = models.ForeignKey(
        "mentors.MentorProfile", null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    description = models.CharField(max_length=255)
    service_title = models.CharField(max_length=200, blank=True, help_text="Groups earnings by service")
    # The mentor's share is available at once (nothing left to deliver) instead of pending
    # until the session is completed.
    release_on_payment = models.BooleanField(default=False)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    platform_fee = models.DecimalField(max_digits=12, decimal_places=2)
    mentor_payout = models.DecimalField(max_digits=12, decimal_places=2)
    # Running totals of refunds that were asked for and not failed, so that two refunds racing
    # can never give back more than was paid (the row is locked while they change).
    amount_refunded = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    fee_refunded = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    payout_refunded = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    status = models.CharField(
        max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.REQUIRES_PAYMENT
    )
    gateway = models.CharField(max_length=10)
    intent_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    client_secret = models.CharField(max_length=255, blank=True)
    gateway_status = models.CharField(
        max_length=40, blank=True, help_text="The intent's status at the gateway"
    )
    expires_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    failure_code = models.CharField(max_length=60, blank=True)
    failure_message = models.CharField(max_length=255, blank=True)
    receipt_number = models.CharField(max_length=32, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Two payments racing for one item: the second INSERT fails here whatever the code did.
            models.UniqueConstraint(
                fields=["purpose", "object_id"],
                condition=~Q(status="failed"),
                name="payment_one_live_per_item",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(amount=F("platform_fee") + F("mentor_payout")), name="payment_fee_split_adds_up"
            ),
            models.CheckConstraint(
                condition=Q(amount_refunded__gte=0) & Q(amount_refunded__lte=F("amount")),
                name="payment_refunds_within_amount",
            ),
        ]
        indexes = [
            models.Index(fields=["payer", "-created_at"], name="payment_payer_recent_idx"),
            models.Index(fields=["status", "expires_at"], name="payment_status_expiry_idx"),
            # The staff dashboard (analytics): revenue by the month paid, the newest payments.
            models.Index(fields=["paid_at"], name="payment_paid_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {format_money(self.amount, self.currency)} ({self.status})"

    @property
    def amount_left(self) -> Decimal:
        return self.amount - self.amount_refunded

    @property
    def is_paid(self) -> bool:
        return self.status in PAID_STATUSES


class RefundStatus(models.TextChoices):
    REFUND_PENDING = "refund_pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Refund(models.Model):
    """Money given back on a payment; the fee and the mentor's payout shrink in proportion."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    fee_amount = models.DecimalField(max_digits=12, decimal_places=2)
    payout_amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=20, choices=RefundStatus.choices, default=RefundStatus.REFUND_PENDING
    )
    reason = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    gateway_refund_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    estimated_refund_date = models.DateField()
    failure_message = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount=F("fee_amount") + F("payout_amount")), name="refund_split_adds_up"
            ),
        ]
        # The staff dashboard (analytics): refunds by the month they went through.
        indexes = [models.Index(fields=["processed_at"], name="refund_processed_at_idx")]

    def __str__(self) -> str:
        return f"refund {format_money(self.amount, self.currency)} ({self.status})"


class WebhookEvent(models.Model):
    """A gateway event that was applied. The primary key is the event id, so a second delivery
    of the same event (a retry, or ten at once) fails to insert and changes nothing."""

    event_id = models.CharField(max_length=255, primary_key=True)
    type = models.CharField(max_length=100)
    gateway = models.CharField(max_length=10)
    object_id = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
