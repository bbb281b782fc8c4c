"""Payments: create (or re-create) the charge for one payable item, and apply what the gateway
says about it, once, whatever the number or order of webhooks and confirmations."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.services.audit import audit_entry_create
from core.locks import busy_as_error, claim_due
from core.money import format_money
from payments import notifications, registry
from payments.errors import AlreadyPaid, AmountMismatch, CardDeclined, NotPayable
from payments.gateways import CardError, IntentState, get_gateway
from payments.models import LIVE_STATUSES, EarningEntry, EarningStatus, Payment, PaymentStatus
from payments.money import cents, fee_split
from payments.signals import payment_failed, payment_succeeded

logger = logging.getLogger("mentora.payments")


def _intent_ttl() -> timedelta:
    return timedelta(minutes=settings.PAYMENTS_INTENT_TTL_MINUTES)


def _audit(payment: Payment, outcome: str, **details) -> None:
    """payment.succeeded / payment.failed, in the transaction of the change: the money log shows
    every outcome, whoever (a webhook, a confirmation, a beat job) brought it."""
    audit_entry_create(
        actor=None,
        action=f"payment.{outcome}",
        target=payment,
        details={
            "amount": payment.amount,
            "currency": payment.currency,
            "purpose": payment.purpose,
            "object_id": payment.object_id,
            **details,
        },
    )


def receipt_number_for(payment: Payment, paid_at: datetime) -> str:
    return f"MNT-{paid_at:%Y%m%d}-{payment.pk.hex[:10].upper()}"


def payment_create(
    *,
    payer,
    purpose: str,
    object_id: str,
    amount: Decimal | None = None,
    payment_method: str | None = None,
    return_url: str = "",
) -> Payment:
    """Create, or re-create once expired, the payment of one item and open its intent.

    The price always comes from the item's resolver; a client-sent `amount` that differs is a
    400. Call it outside any transaction: it talks to the gateway between its own two.
    """
    payable = registry.resolve(kind=purpose, object_id=object_id, payer=payer)
    if amount is not None and cents(amount) != cents(payable.amount):
        price = format_money(payable.amount, payable.currency)
        raise AmountMismatch(details={"amount": [f"The price is {price}; the server computes it."]})
    if not payable.payer_may_pay:
        raise NotPayable()
    if payable.amount <= 0:
        raise NotPayable("There is nothing to pay for this item.")
    payment, stale_intent = _payment_prepare(
        payer=payer, purpose=purpose, object_id=str(object_id), payable=payable
    )
    if stale_intent:
        _cancel_intent_quietly(stale_intent)
    if payment.intent_id:
        return payment
    return _payment_open_intent(payment=payment, payment_method=payment_method, return_url=return_url)


def _payment_prepare(
    *, payer, purpose: str, object_id: str, payable: registry.Payable
) -> tuple[Payment, str]:
    now = timezone.now()
    stale_intent = ""
    with transaction.atomic(durable=True), busy_as_error():
        existing = (
            Payment.objects.select_for_update()
            .filter(purpose=purpose, object_id=object_id, status__in=LIVE_STATUSES)
            .first()
        )
        if existing is not None:
            if existing.status != PaymentStatus.REQUIRES_PAYMENT or existing.payer_id != payer.pk:
                raise AlreadyPaid()
            if existing.expires_at > now:
                return existing, ""
            # Expired unpaid: close it and start a fresh one (API.md §4, POST /payments).
            existing.status = PaymentStatus.FAILED
            existing.failure_code = "expired"
            existing.failure_message = "The payment was not completed in time."
            existing.save(update_fields=["status", "failure_code", "failure_message", "updated_at"])
            _audit(existing, "failed", failure_code=existing.failure_code)
            stale_intent = existing.intent_id or ""
        if payable.mentor is not None:
            fee, payout = fee_split(payable.amount, payable.currency)
        else:
            # Nobody to pay out (credit purchases): the whole amount stays with the platform.
            fee, payout = cents(payable.amount), Decimal("0.00")
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    payer=payer,
                    purpose=purpose,
                    object_id=object_id,
                    mentor=payable.mentor,
                    description=payable.description[:255],
                    service_title=payable.service_title[:200],
                    release_on_payment=payable.earning_available_on_payment,
                    amount=cents(payable.amount),
                    currency=payable.currency.upper(),
                    platform_fee=fee,
                    mentor_payout=payout,
                    gateway=settings.PAYMENTS_GATEWAY,
                    expires_at=now + _intent_ttl(),
                )
        except IntegrityError:  # another request created it between our read and our insert
            raise AlreadyPaid() from None
    return payment, stale_intent


def _payment_open_intent(*, payment: Payment, payment_method: str | None, return_url: str) -> Payment:
    declined = None
    try:
        state = get_gateway().create_intent(
            amount=payment.amount,
            currency=payment.currency,
            description=payment.description,
            metadata={
                "payment_id": str(payment.pk),
                "purpose": payment.purpose,
                "object_id": payment.object_id,
            },
            # The same key on a retry returns the same intent: one charge per payment.
            idempotency_key=f"mentora-payment-{payment.pk}",
            payment_method=payment_method,
            return_url=return_url,
        )
    except CardError as error:
        state, declined = error.state, error
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        locked.intent_id = state.id
        locked.client_secret = state.client_secret
        locked.save(update_fields=["intent_id", "client_secret", "updated_at"])
    applied = payment_apply_intent(intent=state) or locked
    if declined is not None:
        raise CardDeclined(state.last_error_message or None, details={"decline_code": state.last_error_code})
    return applied


def _status_for(intent: IntentState) -> str:
    if intent.status == "succeeded":
        return PaymentStatus.SUCCEEDED
    if intent.status == "processing":
        return PaymentStatus.PROCESSING
    if intent.status == "canceled" or (intent.status == "requires_payment_method" and intent.last_error_code):
        return PaymentStatus.FAILED
    return PaymentStatus.REQUIRES_PAYMENT


def _locked_payment_for(intent: IntentState) -> Payment | None:
    payment = Payment.objects.select_for_update().select_related("payer").filter(intent_id=intent.id).first()
    if payment is None and intent.payment_id:
        try:
            payment_id = uuid.UUID(intent.payment_id)
        except ValueError:
            return None
        payment = Payment.objects.select_for_update().select_related("payer").filter(pk=payment_id).first()
        if payment is not None and payment.intent_id not in (None, intent.id):
            return None  # an older intent of a re-created payment: not this payment's
    return payment


def payment_apply_intent(*, intent: IntentState) -> Payment | None:
    """Move a payment to what its intent says. Safe to repeat: the payment row is locked and its
    status checked first, so a change and its effects happen once."""
    with transaction.atomic(), busy_as_error():
        payment = _locked_payment_for(intent)
        if payment is None:
            logger.warning("No payment for intent %s", intent.id)
            return None
        fields = ["gateway_status", "updated_at"]
        payment.gateway_status = intent.status
        if payment.intent_id is None:
            payment.intent_id, payment.client_secret = intent.id, intent.client_secret
            fields += ["intent_id", "client_secret"]
        target = _status_for(intent)
        if target == PaymentStatus.SUCCEEDED:
            payment.save(update_fields=fields)
            payment_mark_succeeded(payment=payment)
        elif target == PaymentStatus.FAILED and payment.status in (
            PaymentStatus.REQUIRES_PAYMENT,
            PaymentStatus.PROCESSING,
        ):
            payment.status = PaymentStatus.FAILED
            payment.failure_code = intent.last_error_code or intent.status
            payment.failure_message = (intent.last_error_message or "The payment was not completed.")[:255]
            payment.save(update_fields=[*fields, "status", "failure_code", "failure_message"])
            _audit(payment, "failed", failure_code=payment.failure_code)
            payment_failed.send(
                sender=Payment, payment=payment, purpose=payment.purpose, object_id=payment.object_id
            )
            notifications.payment_failed(payment)
        elif target == PaymentStatus.PROCESSING and payment.status == PaymentStatus.REQUIRES_PAYMENT:
            payment.status = PaymentStatus.PROCESSING
            payment.save(update_fields=[*fields, "status"])
        else:
            payment.save(update_fields=fields)
    return payment


def payment_mark_succeeded(*, payment: Payment) -> bool:
    """The money was taken. Call with the payment row locked, inside a transaction. Returns
    False when it had already been applied."""
    if payment.is_paid:
        return False
    if (
        payment.status == PaymentStatus.FAILED
        and Payment.objects.filter(
            purpose=payment.purpose, object_id=payment.object_id, status__in=LIVE_STATUSES
        )
        .exclude(pk=payment.pk)
        .exists()
    ):
        # A declined or expired payment's intent was paid after all, while a newer payment for
        # the same item exists: give this money back instead of charging twice.
        from payments import tasks

        logger.error("Payment %s succeeded after it was replaced; refunding it", payment.pk)
        payment.failure_code = "duplicate_charge"
        payment.save(update_fields=["failure_code", "updated_at"])
        tasks.refund_duplicate_charge.delay_on_commit(str(payment.pk))
        return False
    now = timezone.now()
    payment.status = PaymentStatus.SUCCEEDED
    payment.paid_at = now
    payment.receipt_number = receipt_number_for(payment, now)
    payment.failure_code = payment.failure_message = ""
    payment.save(
        update_fields=["status", "paid_at", "receipt_number", "failure_code", "failure_message", "updated_at"]
    )
    _audit(payment, "succeeded", receipt_number=payment.receipt_number)
    if payment.mentor_id and payment.mentor_payout > 0:
        available = payment.release_on_payment
        EarningEntry.objects.create(
            mentor_id=payment.mentor_id,
            payment=payment,
            amount=payment.mentor_payout,
            currency=payment.currency,
            status=EarningStatus.AVAILABLE if available else EarningStatus.PENDING,
            available_at=now if available else None,
        )
    payment_succeeded.send(
        sender=Payment, payment=payment, purpose=payment.purpose, object_id=payment.object_id
    )
    notifications.payment_succeeded(payment)
    return True


def payment_confirm(*, payment: Payment) -> Payment:
    """Re-read the intent from the gateway and apply it (API.md §4: safe to repeat)."""
    if not payment.intent_id:
        return payment
    state = get_gateway().retrieve_intent(payment.intent_id)
    return payment_apply_intent(intent=state) or payment


def _cancel_intent_quietly(intent_id: str) -> None:
    from payments.gateways import GatewayError

    try:
        get_gateway().cancel_intent(intent_id)
    except GatewayError:
        # The intent expires at the gateway anyway; a late success is refunded as a duplicate.
        logger.warning("Could not cancel intent %s", intent_id)


def payments_expire_unpaid(*, now: datetime | None = None) -> int:
    """Close payments left unpaid past their deadline, one row at a time (skip_locked, so a
    payment being confirmed right now is left alone), then cancel their intents."""
    now = now or timezone.now()
    due = Payment.objects.filter(status=PaymentStatus.REQUIRES_PAYMENT, expires_at__lte=now)

    def expire(payment: Payment) -> bool:
        payment.status = PaymentStatus.FAILED
        payment.failure_code = "expired"
        payment.failure_message = "The payment was not completed in time."
        payment.save(update_fields=["status", "failure_code", "failure_message", "updated_at"])
        _audit(payment, "failed", failure_code=payment.failure_code)
        payment_failed.send(
            sender=Payment, payment=payment, purpose=payment.purpose, object_id=payment.object_id
        )
        return True

    def cancel_intent(payment: Payment) -> None:
        if payment.intent_id:
            _cancel_intent_quietly(payment.intent_id)

    return claim_due(due, expire, order_by=("expires_at",), after=cancel_intent)


def payment_abandon(*, purpose: str, object_id: str) -> Payment | None:
    """The item no longer needs paying (a booking cancelled or expired before it was paid): its
    open payment fails and the intent is cancelled at the gateway, so the card can no longer be
    charged for it. Call outside any transaction. A payment that was being paid at that very
    moment and succeeds anyway reaches the item's owner as usual (who refunds a closed item)."""
    with transaction.atomic(durable=True), busy_as_error():
        payment = (
            Payment.objects.select_for_update()
            .filter(purpose=purpose, object_id=str(object_id), status=PaymentStatus.REQUIRES_PAYMENT)
            .first()
        )
        if payment is None:
            return None
        payment.status = PaymentStatus.FAILED
        payment.failure_code = "abandoned"
        payment.failure_message = "The item was cancelled before it was paid."
        payment.save(update_fields=["status", "failure_code", "failure_message", "updated_at"])
        _audit(payment, "failed", failure_code=payment.failure_code)
    if payment.intent_id:
        _cancel_intent_quietly(payment.intent_id)
    return payment


def duplicate_charge_refund(*, payment_id) -> None:
    """Give back a charge that succeeded for an item another payment already covers."""
    payment = Payment.objects.get(pk=payment_id)
    if payment.failure_code != "duplicate_charge" or not payment.intent_id:
        return
    get_gateway().create_refund(
        intent_id=payment.intent_id,
        amount=payment.amount,
        currency=payment.currency,
        metadata={"payment_id": str(payment.pk), "reason": "duplicate"},
        idempotency_key=f"mentora-duplicate-{payment.pk}",
    )
