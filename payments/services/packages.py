"""Packages: mentors sell `session_count` sessions for one price; a learner's purchase tracks
the sessions left and expires after `validity_days` (API.md §4)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.services.audit import audit_entry_create
from core.errors import ValidationFailed
from core.locks import busy_as_error, claim_due
from mentors.models import MentorStatus
from payments import notifications, registry
from payments.errors import NoPackageSessionsLeft, PackageNotFound
from payments.models import Package, PackagePurchase, PackagePurchaseStatus, PackageSessionUse, Payment
from payments.money import cents

EDITABLE_FIELDS = (
    "name",
    "description",
    "session_count",
    "price",
    "duration_minutes",
    "validity_days",
    "is_active",
)
LIMITS = {"session_count": (1, 100), "duration_minutes": (15, 480), "validity_days": (1, 3650)}


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    problems: dict[str, list[str]] = {}
    for field, (low, high) in LIMITS.items():
        if field in data and not (low <= int(data[field]) <= high):
            problems[field] = [f"Must be between {low} and {high}."]
    if "price" in data:
        data["price"] = cents(Decimal(data["price"]))
        if data["price"] < 0:
            problems["price"] = ["The price cannot be negative."]
    if "name" in data and not str(data["name"]).strip():
        problems["name"] = ["A package needs a name."]
    if problems:
        raise ValidationFailed(next(iter(problems.values()))[0], details=problems)
    return data


def package_create(
    *,
    mentor,
    name: str,
    session_count: int,
    price: Decimal,
    duration_minutes: int,
    validity_days: int = 90,
    description: str = "",
    is_active: bool = True,
) -> Package:
    data = _clean(
        {
            "name": name,
            "session_count": session_count,
            "price": price,
            "duration_minutes": duration_minutes,
            "validity_days": validity_days,
        }
    )
    with transaction.atomic():
        return Package.objects.create(
            mentor=mentor, currency=mentor.currency, description=description, is_active=is_active, **data
        )


def package_update(*, package: Package, **changes: Any) -> Package:
    """Edit a package. What was already sold keeps the terms copied onto each purchase."""
    changes = _clean({k: v for k, v in changes.items() if k in EDITABLE_FIELDS})
    if not changes:
        return package
    with transaction.atomic():
        for field, value in changes.items():
            setattr(package, field, value)
        package.save(update_fields=[*changes, "updated_at"])
    return package


def package_purchase_create(*, learner, package_id) -> PackagePurchase:
    package = (
        Package.objects.select_related("mentor__user")
        .filter(pk=package_id, is_active=True, mentor__status=MentorStatus.APPROVED)
        .first()
    )
    if package is None:
        raise PackageNotFound()
    if package.mentor.user_id == learner.pk:
        raise ValidationFailed("You cannot buy your own package.")
    with transaction.atomic():
        return PackagePurchase.objects.create(
            package=package,
            learner=learner,
            mentor=package.mentor,
            name=package.name,
            sessions_total=package.session_count,
            sessions_remaining=package.session_count,
            duration_minutes=package.duration_minutes,
            validity_days=package.validity_days,
            price=package.price,
            currency=package.currency,
        )


def resolve_package_purchase(object_id: str, payer) -> registry.Payable | None:
    try:
        purchase_id = uuid.UUID(str(object_id))
    except ValueError:
        return None
    purchase = (
        PackagePurchase.objects.select_related("mentor__user").filter(pk=purchase_id, learner=payer).first()
    )
    if purchase is None:
        return None
    unused = purchase.sessions_remaining == purchase.sessions_total
    return registry.Payable(
        amount=purchase.price,
        currency=purchase.currency,
        credit_price=0,
        mentor=purchase.mentor,
        description=(
            f"Package “{purchase.name}”: {purchase.sessions_total} sessions with {purchase.mentor.user.display_name}"
        ),
        payer_may_pay=purchase.status == PackagePurchaseStatus.PENDING_PAYMENT,
        # A package can be given back in full while none of its sessions has been used.
        payer_may_refund=purchase.status == PackagePurchaseStatus.ACTIVE and unused,
        service_title=purchase.name,
    )


def _audit(purchase: PackagePurchase, outcome: str, **details) -> None:
    """package.activated / package.expired, in the transaction of the change."""
    audit_entry_create(
        actor=None,
        action=f"package.{outcome}",
        target=purchase,
        details={
            "learner_id": purchase.learner_id,
            "mentor_id": purchase.mentor_id,
            "expires_at": purchase.expires_at,
            **details,
        },
    )


def package_purchase_activate(*, payment: Payment) -> PackagePurchase | None:
    """payment_succeeded for a package: validity starts now."""
    with transaction.atomic():
        purchase = PackagePurchase.objects.select_for_update().get(pk=payment.object_id)
        if purchase.status != PackagePurchaseStatus.PENDING_PAYMENT:
            return None
        now = timezone.now()
        purchase.status = PackagePurchaseStatus.ACTIVE
        purchase.activated_at = now
        purchase.expires_at = now + timedelta(days=purchase.validity_days)
        purchase.save(update_fields=["status", "activated_at", "expires_at"])
        _audit(purchase, "activated", payment_id=payment.pk)
    return purchase


def package_purchase_refunded(*, payment: Payment, full: bool) -> None:
    """payment_refunded for a package: a full refund ends it; its sessions are gone."""
    if not full:
        return
    with transaction.atomic():
        purchase = PackagePurchase.objects.select_for_update().get(pk=payment.object_id)
        purchase.status = PackagePurchaseStatus.REFUNDED
        purchase.sessions_remaining = 0
        purchase.save(update_fields=["status", "sessions_remaining"])


def package_session_use(
    *, purchase_id, learner, mentor, duration_minutes: int, reference: str, now: datetime | None = None
) -> PackagePurchase:
    """Use one session of a purchase for a booking (bookings calls this inside its own
    transaction). The purchase row is locked, so two bookings racing for the last session get one
    success and one 402. Using it again for the same booking changes nothing."""
    now = now or timezone.now()
    with transaction.atomic(), busy_as_error():
        purchase = PackagePurchase.objects.select_for_update().filter(pk=purchase_id, learner=learner).first()
        if purchase is None:
            raise NoPackageSessionsLeft("This package is not yours.", details={"reason": "not_found"})
        if PackageSessionUse.objects.filter(
            purchase=purchase, reference=reference, restored_at__isnull=True
        ).exists():
            return purchase
        reason = None
        if purchase.mentor_id != getattr(mentor, "pk", mentor):
            reason = "other_mentor"
        elif purchase.duration_minutes != duration_minutes:
            reason = "other_duration"
        elif purchase.status != PackagePurchaseStatus.ACTIVE or purchase.sessions_remaining < 1:
            reason = "no_sessions_left"
        elif purchase.expires_at is None or purchase.expires_at <= now:
            reason = "expired"
        if reason is not None:
            raise NoPackageSessionsLeft(details={"reason": reason})
        try:
            with transaction.atomic():
                PackageSessionUse.objects.update_or_create(
                    purchase=purchase, reference=reference, defaults={"restored_at": None, "used_at": now}
                )
        except IntegrityError:
            raise NoPackageSessionsLeft(details={"reason": "already_used"}) from None
        purchase.sessions_remaining -= 1
        fields = ["sessions_remaining"]
        if purchase.sessions_remaining == 0:
            purchase.status = PackagePurchaseStatus.EXHAUSTED
            fields.append("status")
            _release_package_earnings(purchase)
        purchase.save(update_fields=fields)
    return purchase


def package_session_restore(
    *, purchase_id, reference: str, now: datetime | None = None
) -> PackagePurchase | None:
    """Give a refunded booking's session back to its package (API.md §4, refunds)."""
    now = now or timezone.now()
    with transaction.atomic(), busy_as_error():
        purchase = PackagePurchase.objects.select_for_update().filter(pk=purchase_id).first()
        if purchase is None:
            return None
        use = PackageSessionUse.objects.filter(
            purchase=purchase, reference=reference, restored_at__isnull=True
        ).first()
        if use is None:
            return purchase
        use.restored_at = now
        use.save(update_fields=["restored_at"])
        purchase.sessions_remaining += 1
        fields = ["sessions_remaining"]
        if (
            purchase.status == PackagePurchaseStatus.EXHAUSTED
            and purchase.expires_at
            and purchase.expires_at > now
        ):
            purchase.status = PackagePurchaseStatus.ACTIVE
            fields.append("status")
        purchase.save(update_fields=fields)
    return purchase


def _release_package_earnings(purchase: PackagePurchase) -> None:
    from payments.services.earnings import earnings_release

    earnings_release(purpose=registry.PayableKind.PACKAGE_PURCHASE, object_id=str(purchase.pk))


def package_purchases_expire(*, now: datetime | None = None) -> int:
    """Expire active purchases past their date, one row at a time (skip_locked: a purchase being
    used for a booking right now is done on the next run). The mentor's share becomes available."""
    now = now or timezone.now()
    due = PackagePurchase.objects.filter(status=PackagePurchaseStatus.ACTIVE, expires_at__lte=now)

    def expire(purchase: PackagePurchase) -> bool:
        purchase.status = PackagePurchaseStatus.EXPIRED
        purchase.save(update_fields=["status"])
        _audit(purchase, "expired", sessions_remaining=purchase.sessions_remaining)
        _release_package_earnings(purchase)
        return True

    return claim_due(due, expire, order_by=("expires_at",))


def package_expiry_notices_send(*, now: datetime | None = None) -> int:
    """Tell learners 7 days before a package with sessions left expires, once per purchase."""
    now = now or timezone.now()
    horizon = now + timedelta(days=settings.PAYMENTS_PACKAGE_EXPIRY_NOTICE_DAYS)
    due = PackagePurchase.objects.filter(
        status=PackagePurchaseStatus.ACTIVE,
        sessions_remaining__gt=0,
        expiry_notice_sent_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=horizon,
    )

    def notify(purchase: PackagePurchase) -> bool:
        purchase.expiry_notice_sent_at = now
        purchase.save(update_fields=["expiry_notice_sent_at"])
        notifications.package_expiring(purchase)
        return True

    return claim_due(due, notify, order_by=("expires_at",), related=("learner",))
