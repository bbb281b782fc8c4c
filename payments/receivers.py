"""payments' listeners: the free credit at sign-up, its own payable kinds (package and credit
purchases), and every other owner's item paid or refunded, handed to the handlers the owner
registered with its kind (payments.registry): one place turns money into an item's change."""

from __future__ import annotations

from django.dispatch import receiver

from accounts.models import User
from accounts.signals import user_registered
from payments import registry
from payments.models import CreditEntry, Payment
from payments.registry import PayableKind
from payments.signals import credits_transferred, payment_refunded, payment_succeeded


@receiver(user_registered, sender=User, dispatch_uid="payments.initial_credit")
def grant_initial_credit(sender, user: User, **kwargs) -> None:
    from payments.services import credits_grant_initial

    credits_grant_initial(user=user)


@receiver(payment_succeeded, sender=Payment, dispatch_uid="payments.own_kinds_paid")
def own_kind_paid(sender, payment: Payment, purpose: str, **kwargs) -> None:
    from payments import services

    if purpose == PayableKind.CREDIT_PURCHASE:
        services.credit_purchase_fulfil(payment=payment)
    elif purpose == PayableKind.PACKAGE_PURCHASE:
        services.package_purchase_activate(payment=payment)


@receiver(payment_refunded, sender=Payment, dispatch_uid="payments.own_kinds_refunded")
def own_kind_refunded(sender, payment: Payment, refund, purpose: str, full: bool, **kwargs) -> None:
    from payments import services

    if purpose == PayableKind.CREDIT_PURCHASE:
        services.credit_purchase_refunded(payment=payment, refund=refund)
    elif purpose == PayableKind.PACKAGE_PURCHASE:
        services.package_purchase_refunded(payment=payment, full=full)


@receiver(payment_succeeded, sender=Payment, dispatch_uid="payments.item_paid_by_card")
def item_paid_by_card(sender, payment: Payment, purpose: str, object_id: str, **kwargs) -> None:
    registry.settle_paid(purpose, object_id, method="card")


@receiver(credits_transferred, sender=CreditEntry, dispatch_uid="payments.item_paid_in_credits")
def item_paid_in_credits(sender, entry, purpose: str, object_id: str, **kwargs) -> None:
    registry.settle_paid(purpose, object_id, method="credits")


@receiver(payment_refunded, sender=Payment, dispatch_uid="payments.item_refunded")
def item_refunded(
    sender, payment: Payment, refund, purpose: str, object_id: str, full: bool, **kwargs
) -> None:
    if full:
        registry.settle_full_refund(purpose, object_id)
