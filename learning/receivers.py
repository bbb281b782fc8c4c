"""learning's listeners: payments tells it about an enrollment's money.

payments' signals arrive inside the transaction that changed the payment, so the enrollment
changes with it, once.
"""

from __future__ import annotations

from django.dispatch import receiver

from payments.models import CreditEntry, Payment
from payments.registry import PayableKind
from payments.signals import credits_transferred, payment_refunded, payment_succeeded


def _is_enrollment(purpose: str) -> bool:
    return purpose == PayableKind.ENROLLMENT


@receiver(payment_succeeded, sender=Payment, dispatch_uid="learning.card_paid")
def card_paid(sender, payment: Payment, purpose: str, object_id: str, **kwargs) -> None:
    if _is_enrollment(purpose):
        from learning.services.enrollment import enrollment_mark_paid

        enrollment_mark_paid(enrollment_id=object_id, method="card")


@receiver(credits_transferred, sender=CreditEntry, dispatch_uid="learning.credits_paid")
def credits_paid(sender, entry, purpose: str, object_id: str, **kwargs) -> None:
    if _is_enrollment(purpose):
        from learning.services.enrollment import enrollment_mark_paid

        enrollment_mark_paid(enrollment_id=object_id, method="credits")


@receiver(payment_refunded, sender=Payment, dispatch_uid="learning.refunded")
def refunded(sender, payment: Payment, refund, purpose: str, object_id: str, full: bool, **kwargs) -> None:
    # A full refund (asked for through payments, or given at the provider) ends the enrollment;
    # one that learning asked for finds it cancelled already.
    if full and _is_enrollment(purpose):
        from learning.services.enrollment import enrollment_cancel_refunded

        enrollment_cancel_refunded(enrollment_id=object_id)
