from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Package(models.Model):
    """`session_count` sessions of `duration_minutes` with one mentor for one `price`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mentor = models.ForeignKey("mentors.MentorProfile", on_delete=models.CASCADE, related_name="packages")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    session_count = models.PositiveSmallIntegerField()
    price = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    duration_minutes = models.PositiveSmallIntegerField()
    validity_days = models.PositiveSmallIntegerField(default=90)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["price", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(session_count__gte=1), name="package_at_least_one_session"),
            models.CheckConstraint(condition=Q(price__gte=0), name="package_price_not_negative"),
            models.CheckConstraint(condition=Q(validity_days__gte=1), name="package_valid_at_least_a_day"),
        ]
        indexes = [models.Index(fields=["mentor", "is_active"], name="package_mentor_active_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def price_per_session(self) -> Decimal:
        return (self.price / self.session_count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class PackagePurchaseStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment"
    ACTIVE = "active"
    EXHAUSTED = "exhausted"
    EXPIRED = "expired"
    REFUNDED = "refunded"
    CANCELLED = "cancelled", "Cancelled (never paid)"


class PackagePurchase(models.Model):
    """A learner's bought package. Terms are copied at purchase: editing the package later
    leaves what was sold unchanged."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    package = models.ForeignKey(Package, on_delete=models.PROTECT, related_name="purchases")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="package_purchases"
    )
    mentor = models.ForeignKey(
        "mentors.MentorProfile", on_delete=models.PROTECT, related_name="package_sales"
    )
    name = models.CharField(max_length=120)
    sessions_total = models.PositiveSmallIntegerField()
    sessions_remaining = models.PositiveSmallIntegerField()
    duration_minutes = models.PositiveSmallIntegerField()
    validity_days = models.PositiveSmallIntegerField()
    price = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=20, choices=PackagePurchaseStatus.choices, default=PackagePurchaseStatus.PENDING_PAYMENT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    expiry_notice_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions_remaining__lte=F("sessions_total")),
                name="package_purchase_remaining_le_total",
            ),
        ]
        indexes = [
            models.Index(fields=["learner", "-created_at"], name="package_purchase_learner_idx"),
            models.Index(fields=["status", "expires_at"], name="package_purchase_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.sessions_remaining}/{self.sessions_total} ({self.status})"


class PackageSessionUse(models.Model):
    """One session of a purchase used by a booking; restored if that booking is refunded."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    purchase = models.ForeignKey(PackagePurchase, on_delete=models.CASCADE, related_name="uses")
    reference = models.CharField(max_length=64, help_text="The booking that used the session")
    used_at = models.DateTimeField(auto_now_add=True)
    restored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["used_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["purchase", "reference"], name="package_session_used_once_per_booking"
            ),
        ]

    def __str__(self) -> str:
        return f"session of {self.purchase_id} for {self.reference}"
