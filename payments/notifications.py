"""What payments tells people, through messaging's `notify` (API.md §5, money types).

Each call runs inside the transaction that made the change: the notification row commits with
it, and its dedupe key makes a second delivery of the same change write nothing.
"""

from __future__ import annotations

from django.urls import reverse

from core.money import format_money
from messaging.services import notify


def payment_succeeded(payment) -> None:
    notify(
        user=payment.payer,
        type="payment_success",
        title=f"Payment received: {format_money(payment.amount, payment.currency, user=payment.payer)}",
        body=payment.description,
        action_url=reverse("payments:receipt", args=[payment.pk]),
        data={"payment_id": payment.pk, "receipt_number": payment.receipt_number},
        dedupe_key=f"payment:{payment.pk}:succeeded",
    )


def payment_failed(payment) -> None:
    notify(
        user=payment.payer,
        type="payment_failed",
        title="Your payment did not go through",
        body=payment.failure_message or payment.description,
        action_url=reverse("payments:checkout", args=[payment.pk]),
        data={"payment_id": payment.pk, "reason": payment.failure_code},
        dedupe_key=f"payment:{payment.pk}:failed",
    )


def refund_processed(refund) -> None:
    payment = refund.payment
    notify(
        user=payment.payer,
        type="refund_processed",
        title=f"Refund of {format_money(refund.amount, refund.currency, user=payment.payer)} processed",
        body=payment.description,
        action_url=reverse("payments:receipt", args=[payment.pk]),
        data={"payment_id": payment.pk, "refund_id": refund.pk},
        dedupe_key=f"refund:{refund.pk}:succeeded",
    )


def credits_received(*, user, credits: int, reason: str, key: str) -> None:
    notify(
        user=user,
        type="credits_received",
        title=f"{credits} credit{'s' if credits != 1 else ''} added to your wallet",
        body=reason,
        action_url=reverse("payments:wallet"),
        data={"credits": credits},
        dedupe_key=f"credits:{key}",
    )


def package_expiring(purchase) -> None:
    notify(
        user=purchase.learner,
        type="package_expiring",
        title=f"Your package “{purchase.name}” expires soon",
        body=(
            f"{purchase.sessions_remaining} session{'s' if purchase.sessions_remaining != 1 else ''} left; "
            f"unused sessions expire on {purchase.expires_at:%d %B %Y}."
        ),
        action_url=reverse("payments:packages"),
        data={"package_purchase_id": purchase.pk, "expires_at": purchase.expires_at},
        dedupe_key=f"package_purchase:{purchase.pk}:expiring",
    )
