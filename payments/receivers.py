"""payments' listeners: the free credit at sign-up, and its own payable kinds (package and
credit purchases), which hear about their payments through the same signals as any owner."""

from __future__ import annotations

from django.dispatch import receiver

from accounts.models import User
from accounts.signals import user_registered
from payments.models import Payment
from payments.registry import PayableKind
from payments.signals import payment_refunded, payment_succeeded


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
