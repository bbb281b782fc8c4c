"""Refunds: full ones by the payer while the item's rules allow, any amount up to what is left
by staff; the fee and the mentor's payout shrink in proportion (API.md §4)."""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.services import audit_entry_create
from core.errors import Forbidden, ValidationFailed
from core.locks import busy_as_error
from core.money import format_money
from payments import notifications, registry
from payments.errors import PaymentNotFound, RefundNotAllowed
from payments.gateways import GatewayError, get_gateway
from payments.models import (
    PAID_STATUSES,
    REFUNDABLE_STATUSES,
    EarningEntry,
    EarningStatus,
    Payment,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from payments.money import cents, from_minor, refund_split
from payments.services.payments import payment_mark_succeeded
from payments.signals import payment_refunded

logger = logging.getLogger("mentora.payments")


def refund_request(
    *, payment_id, user, reason: str = "", amount: Decimal | None = None, request=None
) -> Refund:
    """Ask the gateway to give money back. The refund is `refund_pending` until the gateway's
    `charge.refunded` arrives; the amount is reserved on the payment at once, so two refunds
    racing can never return more than was paid."""
    refund = _refund_reserve(payment_id=payment_id, user=user, reason=reason, amount=amount, request=request)
    return _refund_send(refund)


def refund_owed(*, purpose: str, object_id: str, reason: str = "", actor=None, request=None) -> Refund | None:
    """The full refund an item's own rules owe its payer now (a booking the mentor cancelled or
    declined, one that expired unconfirmed, a learner's early cancellation): what is left of its
    paid payment goes back. The owner of the item calls this after its own change committed.

    Safe to repeat: a refund already pending or done is returned as it is, and an item with
    nothing paid (or nothing left) returns None. `actor` is who the audit log names (None: the
    system); the rules are checked for the payer, through the item's resolver.
    """
    object_id = str(object_id)
    payment = (
        Payment.objects.filter(purpose=purpose, object_id=object_id, status__in=PAID_STATUSES)
        .select_related("payer")
        .first()
    )
    if payment is None:
        return None
    if payment.status != PaymentStatus.SUCCEEDED:
        # Already (being) refunded: hand back the latest refund that did not fail.
        return payment.refunds.exclude(status=RefundStatus.FAILED).order_by("-created_at").first()
    try:
        refund = _refund_reserve(
            payment_id=payment.pk,
            user=payment.payer,
            reason=reason,
            amount=None,
            request=request,
            actor=actor,
        )
    except RefundNotAllowed:
        return None
    return _refund_send(refund)


def _refund_send(refund: Refund) -> Refund:
    """Ask the gateway for a reserved refund; a refusal frees the reservation again."""
    payment = refund.payment
    try:
        state = get_gateway().create_refund(
            intent_id=payment.intent_id,
            amount=refund.amount,
            currency=refund.currency,
            metadata={"refund_id": str(refund.pk), "payment_id": str(payment.pk)},
            idempotency_key=f"mentora-refund-{refund.pk}",
        )
    except GatewayError:
        _refund_release(refund_id=refund.pk)
        raise
    with transaction.atomic():
        # The webhook may have been faster and matched the refund already; only fill the id in.
        Refund.objects.filter(pk=refund.pk, gateway_refund_id__isnull=True).update(gateway_refund_id=state.id)
    return refund


_PAYER = object()


def _refund_reserve(
    *, payment_id, user, reason: str, amount: Decimal | None, request, actor=_PAYER
) -> Refund:
    with transaction.atomic(durable=True), busy_as_error():
        visible = Payment.objects.all() if user.is_staff else Payment.objects.filter(payer=user)
        payment = visible.select_for_update().filter(pk=payment_id).first()
        if payment is None:
            raise PaymentNotFound()
        if payment.status not in REFUNDABLE_STATUSES or not payment.intent_id:
            raise RefundNotAllowed(details={"status": payment.status})
        left = payment.amount_left
        if user.is_staff:
            wanted = left if amount is None else cents(amount)
            if wanted <= 0:
                raise ValidationFailed.for_field("amount", "The amount must be more than zero.")
            if wanted > left:
                raise ValidationFailed.for_field(
                    "amount", f"At most {format_money(left, payment.currency)} is left to refund."
                )
        else:
            if amount is not None and cents(amount) != payment.amount:
                raise Forbidden("Only staff can refund part of a payment.")
            payable = registry.resolve(kind=payment.purpose, object_id=payment.object_id, payer=user)
            if payment.status != PaymentStatus.SUCCEEDED or not payable.payer_may_refund:
                raise RefundNotAllowed("The rules of this item no longer allow a refund.")
            wanted = payment.amount
        refund = _refund_create(payment=payment, amount=wanted, reason=reason, user=user)
        audit_entry_create(
            actor=user if actor is _PAYER else actor,
            action="payment.refund",
            target=payment,
            details={
                "refund_id": refund.pk,
                "amount": wanted,
                "currency": payment.currency,
                "reason": reason,
            },
            request=request,
        )
    return refund


def _refund_create(*, payment: Payment, amount: Decimal, reason: str, user) -> Refund:
    """Reserve `amount` of a locked payment for a refund, with its share of the fee and payout."""
    now = timezone.now()
    fee_part, payout_part = refund_split(
        amount=payment.amount,
        currency=payment.currency,
        fee=payment.platform_fee,
        refunded_before=payment.amount_refunded,
        fee_refunded_before=payment.fee_refunded,
        refund=amount,
    )
    refund = Refund.objects.create(
        payment=payment,
        amount=amount,
        fee_amount=fee_part,
        payout_amount=payout_part,
        currency=payment.currency,
        reason=reason[:500],
        requested_by=user,
        estimated_refund_date=(now + timedelta(days=settings.PAYMENTS_REFUND_ESTIMATE_DAYS)).date(),
    )
    payment.amount_refunded += amount
    payment.fee_refunded += fee_part
    payment.payout_refunded += payout_part
    payment.status = PaymentStatus.REFUND_PENDING
    payment.save(update_fields=["amount_refunded", "fee_refunded", "payout_refunded", "status", "updated_at"])
    return refund


def _refund_release(*, refund_id) -> None:
    """The gateway refused: free the reserved amount again."""
    with transaction.atomic():
        refund = Refund.objects.select_for_update().select_related("payment").get(pk=refund_id)
        if refund.status != RefundStatus.REFUND_PENDING:
            return
        payment = Payment.objects.select_for_update().get(pk=refund.payment_id)
        refund.status = RefundStatus.FAILED
        refund.failure_message = "The payment provider refused the refund."
        refund.processed_at = timezone.now()
        refund.save(update_fields=["status", "failure_message", "processed_at"])
        payment.amount_refunded -= refund.amount
        payment.fee_refunded -= refund.fee_amount
        payment.payout_refunded -= refund.payout_amount
        payment.status = _status_after_refunds(payment)
        payment.save(
            update_fields=["amount_refunded", "fee_refunded", "payout_refunded", "status", "updated_at"]
        )


def _status_after_refunds(payment: Payment) -> str:
    if payment.refunds.filter(status=RefundStatus.REFUND_PENDING).exists():
        return PaymentStatus.REFUND_PENDING
    if payment.amount_refunded >= payment.amount:
        return PaymentStatus.REFUNDED
    if payment.amount_refunded > 0:
        return PaymentStatus.PARTIALLY_REFUNDED
    return PaymentStatus.SUCCEEDED


def _refund_apply(*, refund: Refund, payment: Payment) -> None:
    """The gateway gave the money back: book it once (rows locked by the caller)."""
    now = timezone.now()
    refund.status = RefundStatus.SUCCEEDED
    refund.processed_at = now
    refund.save(update_fields=["status", "processed_at", "gateway_refund_id"])
    if payment.mentor_id and refund.payout_amount > 0:
        sale = EarningEntry.objects.filter(payment=payment, refund__isnull=True).first()
        # Not yet paid out: the sale and its refund stay together (pending or available). Paid out
        # already: the refund is carried against the mentor's next payout.
        still_pending = sale is not None and sale.status == EarningStatus.PENDING
        EarningEntry.objects.create(
            mentor_id=payment.mentor_id,
            payment=payment,
            refund=refund,
            amount=-refund.payout_amount,
            currency=payment.currency,
            status=EarningStatus.PENDING if still_pending else EarningStatus.AVAILABLE,
            available_at=None if still_pending else now,
        )
    payment.status = _status_after_refunds(payment)
    payment.save(update_fields=["status", "updated_at"])
    payment_refunded.send(
        sender=Payment,
        payment=payment,
        refund=refund,
        purpose=payment.purpose,
        object_id=payment.object_id,
        full=payment.amount_refunded >= payment.amount,
    )
    notifications.refund_processed(refund)


def refunds_sync_from_charge(*, charge: dict[str, Any]) -> Payment | None:
    """Apply a `charge.refunded` event: its `amount_refunded` is the total given back so far.

    Pending refunds are matched by their gateway id (or our id in the metadata), then oldest
    first by amount; anything beyond them was refunded at the provider (the dashboard) and is
    booked as a refund of its own. A refund that arrives before the success implies the success.
    """
    intent_id = charge.get("payment_intent") or ""
    with transaction.atomic(), busy_as_error():
        payment = (
            Payment.objects.select_for_update().select_related("payer").filter(intent_id=intent_id).first()
        )
        if payment is None:
            metadata_id = (charge.get("metadata") or {}).get("payment_id")
            if metadata_id:
                payment = (
                    Payment.objects.select_for_update().select_related("payer").filter(pk=metadata_id).first()
                )
        if payment is None or payment.failure_code == "duplicate_charge":
            logger.warning("charge.refunded for unknown or duplicate intent %s", intent_id)
            return None
        if not payment.is_paid:
            payment_mark_succeeded(payment=payment)
        target = from_minor(int(charge.get("amount_refunded") or 0), payment.currency)
        refunds = list(payment.refunds.select_for_update().order_by("created_at", "id"))
        by_gateway_id = {r.gateway_refund_id: r for r in refunds if r.gateway_refund_id}
        by_our_id = {str(r.pk): r for r in refunds}
        for listed in (charge.get("refunds") or {}).get("data") or []:
            ours = by_gateway_id.get(listed.get("id")) or by_our_id.get(
                (listed.get("metadata") or {}).get("refund_id")
            )
            if ours is not None and not ours.gateway_refund_id:
                ours.gateway_refund_id = listed["id"]
        done = sum((r.amount for r in refunds if r.status == RefundStatus.SUCCEEDED), Decimal("0.00"))
        for refund in refunds:
            if refund.status == RefundStatus.REFUND_PENDING and done + refund.amount <= target:
                _refund_apply(refund=refund, payment=payment)
                done += refund.amount
        if done < target:
            extra = min(target - done, payment.amount_left)
            if extra > 0:
                outside = _refund_create(
                    payment=payment, amount=extra, reason="Refunded at the payment provider", user=None
                )
                _refund_apply(refund=outside, payment=payment)
    return payment
