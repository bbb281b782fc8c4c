"""Celery tasks of payments: thin, each loads by id (or a date) and calls one service."""

from __future__ import annotations

import json

from celery import shared_task


@shared_task
def run_weekly_payouts() -> int:
    from payments.services import payouts_run

    return len(payouts_run())


@shared_task
def expire_package_purchases() -> int:
    from payments.services import package_expiry_notices_send, package_purchases_expire

    return package_purchases_expire() + package_expiry_notices_send()


@shared_task
def expire_unpaid_payments() -> int:
    from payments.services import payments_expire_unpaid

    return payments_expire_unpaid()


@shared_task
def refund_duplicate_charge(payment_id: str) -> None:
    from payments.services import duplicate_charge_refund

    duplicate_charge_refund(payment_id=payment_id)


@shared_task(bind=True, max_retries=8)
def deliver_offline_event(self, event_id: str) -> None:
    """The offline gateway's webhook delivery: sign the event with the installation's secret
    (Stripe's scheme) and hand it to the webhook handler, which verifies it like Stripe's.
    Retried on failure, as Stripe retries; the handler applies each event id once."""
    import stripe
    from django.utils import timezone

    from payments.models import OfflineEvent
    from payments.webhooks import deliver_signed, webhook_endpoint

    event = OfflineEvent.objects.get(pk=event_id)
    body = json.dumps(event.payload, separators=(",", ":"))
    signature = stripe.WebhookSignature.generate_signature_header(body, webhook_endpoint().secret)
    try:
        deliver_signed(body=body, signature=signature)
    except Exception as error:
        if self.request.is_eager:
            raise
        # A fresh signature on each try: the handler refuses one older than 5 minutes.
        raise self.retry(exc=error, countdown=min(3600, 2 ** (self.request.retries + 2))) from error
    OfflineEvent.objects.filter(pk=event_id, delivered_at__isnull=True).update(delivered_at=timezone.now())
