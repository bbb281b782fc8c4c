"""Credits: an append-only ledger per person, its sum cached on the wallet under a row lock.

Every change locks the wallet rows it touches (in a fixed order, by user id, so two transfers
between the same people in opposite directions cannot deadlock), checks the balance, writes one
ledger line per wallet and the new balance. The ledger line's `reference` is unique per wallet:
the same purchase, spend or refund can never be written twice.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import ValidationFailed
from core.locks import busy_as_error
from core.transactions import step
from payments import notifications, registry
from payments.errors import AlreadyPaid, InsufficientCredits, NotPayable
from payments.models import (
    LIVE_STATUSES,
    CreditEntry,
    CreditEntryType,
    CreditPurchase,
    CreditPurchaseStatus,
    CreditWallet,
    Payment,
)
from payments.money import cents
from payments.signals import credits_transferred

MAX_CREDITS_PER_PURCHASE = 1000

_LIFETIME_FIELD = {
    CreditEntryType.PURCHASED: "lifetime_purchased",
    CreditEntryType.SPENT: "lifetime_spent",
    CreditEntryType.EARNED: "lifetime_earned",
}


def credit_price() -> Decimal:
    return Decimal(str(settings.PAYMENTS_CREDIT_PRICE))


def _locked_wallets(*users) -> dict:
    """The wallets of `users`, created if missing, locked in user-id order."""
    ids = sorted({user.pk for user in users}, key=str)
    locked = CreditWallet.objects.select_for_update().filter(user_id__in=ids).order_by("user_id")
    wallets = {wallet.user_id: wallet for wallet in locked}
    if len(wallets) < len(ids):
        # The first payment of someone without a wallet: INSERT ... ON CONFLICT DO NOTHING
        # (no SAVEPOINT in the caller's transaction), then lock them all, in order.
        CreditWallet.objects.bulk_create(
            [CreditWallet(user_id=user_id) for user_id in ids if user_id not in wallets],
            ignore_conflicts=True,
        )
        wallets = {wallet.user_id: wallet for wallet in locked.all()}
    return wallets


class _AlreadyWritten(Exception):
    pass


def _post(
    *,
    wallet: CreditWallet,
    type: str,
    amount: int,
    reference: str,
    description: str,
    purpose: str = "",
    object_id: str = "",
    payment: Payment | None = None,
) -> CreditEntry:
    """Write one ledger line on a locked wallet. Raises InsufficientCredits rather than go below
    zero, and _AlreadyWritten when this reference is already on the ledger."""
    balance = wallet.balance + amount
    if balance < 0:
        raise InsufficientCredits(details={"balance": wallet.balance, "required": -amount})
    try:
        with step():
            entry = CreditEntry.objects.create(
                wallet=wallet,
                type=type,
                amount=amount,
                balance_after=balance,
                description=description[:255],
                reference=reference,
                purpose=purpose,
                object_id=object_id,
                payment=payment,
            )
    except IntegrityError:
        raise _AlreadyWritten() from None
    wallet.balance = balance
    fields = ["balance", "updated_at"]
    lifetime = _LIFETIME_FIELD.get(type)
    if lifetime:
        setattr(wallet, lifetime, getattr(wallet, lifetime) + abs(amount))
        fields.append(lifetime)
    wallet.save(update_fields=fields)
    return entry


def credits_grant_initial(*, user) -> CreditEntry | None:
    """The free credit every new account starts with (API.md §4). Runs inside the sign-up
    transaction (accounts.signals.user_registered), so it exists exactly when the account does."""
    with transaction.atomic():
        wallet = _locked_wallets(user)[user.pk]
        try:
            return _post(
                wallet=wallet,
                type=CreditEntryType.INITIAL,
                amount=settings.PAYMENTS_INITIAL_CREDITS,
                reference="initial",
                description="Welcome credit",
            )
        except _AlreadyWritten:
            return None


def credits_transfer(*, payer, purpose: str, object_id: str, credits: int | None = None) -> CreditEntry:
    """Pay an item with credits: `spent` for the payer, `earned` for its mentor (API.md §4)."""
    payable = registry.resolve(kind=purpose, object_id=object_id, payer=payer)
    if not payable.payer_may_pay:
        raise NotPayable()
    price = int(payable.credit_price or 0)
    if price < 1:
        raise NotPayable("This item cannot be paid with credits.")
    if credits is not None and credits != price:
        raise ValidationFailed.for_field("amount", f"This costs {price} credits; the server computes it.")
    mentor_user = payable.mentor.user if payable.mentor is not None else None
    if mentor_user is not None and mentor_user.pk == payer.pk:
        raise ValidationFailed("You cannot pay yourself.")
    object_id = str(object_id)
    with step(), busy_as_error():
        wallets = _locked_wallets(payer, *([mentor_user] if mentor_user else []))
        if (
            not payable.new_in_this_transaction
            and Payment.objects.filter(
                purpose=purpose, object_id=object_id, status__in=LIVE_STATUSES
            ).exists()
        ):
            raise AlreadyPaid()
        try:
            spent = _post(
                wallet=wallets[payer.pk],
                type=CreditEntryType.SPENT,
                amount=-price,
                reference=f"spend:{purpose}:{object_id}",
                description=payable.description,
                purpose=purpose,
                object_id=object_id,
            )
            if mentor_user is not None:
                _post(
                    wallet=wallets[mentor_user.pk],
                    type=CreditEntryType.EARNED,
                    amount=price,
                    reference=f"earn:{purpose}:{object_id}",
                    description=payable.description,
                    purpose=purpose,
                    object_id=object_id,
                )
        except _AlreadyWritten:
            raise AlreadyPaid() from None
        credits_transferred.send(
            sender=CreditEntry, entry=spent, purpose=purpose, object_id=object_id, payer=payer
        )
        if mentor_user is not None:
            notifications.credits_received(
                user=mentor_user,
                credits=price,
                reason=f"Paid by {payer.display_name}: {payable.description}",
                key=f"earn:{purpose}:{object_id}",
            )
    return spent


def credits_refund(*, purpose: str, object_id: str, reason: str = "") -> CreditEntry | None:
    """Give back the credits an item was paid with (bookings calls this when a
    credit-paid booking is refunded). The mentor's earned credits are taken back as far as the
    mentor still has them; the ledger can never go negative, so the platform absorbs the rest.
    Returns None when nothing was paid in credits or it was already refunded."""
    object_id = str(object_id)
    spent = (
        CreditEntry.objects.select_related("wallet__user")
        .filter(type=CreditEntryType.SPENT, reference=f"spend:{purpose}:{object_id}")
        .first()
    )
    if spent is None:
        return None
    earned = (
        CreditEntry.objects.select_related("wallet__user")
        .filter(type=CreditEntryType.EARNED, reference=f"earn:{purpose}:{object_id}")
        .first()
    )
    users = [spent.wallet.user, *([earned.wallet.user] if earned else [])]
    with transaction.atomic(), busy_as_error():
        wallets = _locked_wallets(*users)
        try:
            back = _post(
                wallet=wallets[spent.wallet_id],
                type=CreditEntryType.REFUNDED,
                amount=-spent.amount,
                reference=f"refund:{purpose}:{object_id}",
                description=f"Refund: {spent.description}" + (f" ({reason})" if reason else ""),
                purpose=purpose,
                object_id=object_id,
            )
        except _AlreadyWritten:
            return None
        if earned is not None:
            mentor_wallet = wallets[earned.wallet_id]
            take_back = min(earned.amount, mentor_wallet.balance)
            if take_back > 0:
                _post(
                    wallet=mentor_wallet,
                    type=CreditEntryType.REFUNDED,
                    amount=-take_back,
                    reference=f"reversal:{purpose}:{object_id}",
                    description=f"Refunded to the learner: {earned.description}",
                    purpose=purpose,
                    object_id=object_id,
                )
        notifications.credits_received(
            user=spent.wallet.user,
            credits=back.amount,
            reason=back.description,
            key=f"refund:{purpose}:{object_id}",
        )
    return back


# --- credit purchases ---------------------------------------------------------------------------


def credit_purchase_create(*, user, credits: int) -> CreditPurchase:
    if not 1 <= credits <= MAX_CREDITS_PER_PURCHASE:
        raise ValidationFailed.for_field("credits", f"Buy between 1 and {MAX_CREDITS_PER_PURCHASE} credits.")
    with transaction.atomic():
        return CreditPurchase.objects.create(
            user=user,
            credits=credits,
            price=cents(credit_price() * credits),
            currency=settings.PAYMENTS_CREDIT_CURRENCY,
        )


def resolve_credit_purchase(object_id: str, payer) -> registry.Payable | None:
    try:
        purchase_id = uuid.UUID(str(object_id))
    except ValueError:
        return None
    purchase = CreditPurchase.objects.filter(pk=purchase_id, user=payer).first()
    if purchase is None:
        return None
    balance = CreditWallet.objects.filter(user=payer).values_list("balance", flat=True).first() or 0
    return registry.Payable(
        amount=purchase.price,
        currency=purchase.currency,
        credit_price=0,
        mentor=None,
        description=f"{purchase.credits} Mentora credit{'s' if purchase.credits != 1 else ''}",
        payer_may_pay=purchase.status == CreditPurchaseStatus.PENDING_PAYMENT,
        # Unspent credits can be given back for their money.
        payer_may_refund=purchase.status == CreditPurchaseStatus.PAID and balance >= purchase.credits,
        service_title="Credits",
    )


def credit_purchase_fulfil(*, payment: Payment) -> CreditEntry | None:
    """payment_succeeded for a credit purchase: `purchased` on the ledger, once."""
    with transaction.atomic():
        purchase = CreditPurchase.objects.select_for_update().select_related("user").get(pk=payment.object_id)
        if purchase.status != CreditPurchaseStatus.PENDING_PAYMENT:
            return None
        purchase.status = CreditPurchaseStatus.PAID
        purchase.paid_at = timezone.now()
        purchase.save(update_fields=["status", "paid_at"])
        wallet = _locked_wallets(purchase.user)[purchase.user_id]
        try:
            entry = _post(
                wallet=wallet,
                type=CreditEntryType.PURCHASED,
                amount=purchase.credits,
                reference=f"purchase:{purchase.pk}",
                description=f"Bought {purchase.credits} credit{'s' if purchase.credits != 1 else ''}",
                purpose=registry.PayableKind.CREDIT_PURCHASE,
                object_id=str(purchase.pk),
                payment=payment,
            )
        except _AlreadyWritten:
            return None
        notifications.credits_received(
            user=purchase.user,
            credits=purchase.credits,
            reason=entry.description,
            key=f"purchase:{purchase.pk}",
        )
    return entry


def credit_purchase_refunded(*, payment: Payment, refund) -> CreditEntry | None:
    """payment_refunded for a credit purchase: the credits that money bought leave the wallet
    (in proportion for a partial refund; never more than the wallet holds)."""
    with transaction.atomic():
        purchase = CreditPurchase.objects.select_for_update().select_related("user").get(pk=payment.object_id)
        wallet = _locked_wallets(purchase.user)[purchase.user_id]
        share = int(purchase.credits * refund.amount / payment.amount) if payment.amount else 0
        take_back = min(share, wallet.balance)
        if payment.amount_refunded >= payment.amount:
            purchase.status = CreditPurchaseStatus.REFUNDED
            purchase.save(update_fields=["status"])
        if take_back <= 0:
            return None
        try:
            return _post(
                wallet=wallet,
                type=CreditEntryType.REFUNDED,
                amount=-take_back,
                reference=f"refund:credit_purchase:{refund.pk}",
                description=f"Refund of {take_back} bought credit{'s' if take_back != 1 else ''}",
                purpose=registry.PayableKind.CREDIT_PURCHASE,
                object_id=str(purchase.pk),
                payment=payment,
            )
        except _AlreadyWritten:
            return None


def wallet_get(*, user) -> CreditWallet:
    wallet, _ = CreditWallet.objects.get_or_create(user=user)
    return wallet
