"""Gateway webhooks: checked, recorded in dj-stripe's tables, applied once by our own handlers.

Stripe's requests (POST /api/v1/payments/webhooks/stripe) and the offline gateway's events take
the same path: `handle_webhook_request` checks the Stripe-Signature header against dj-stripe's
WebhookEndpoint secret with `stripe.WebhookSignature` (300 s tolerance) before anything is
written, then records the delivery as a dj-stripe WebhookEventTrigger and applies the event with
the handlers below, in one transaction, once per event id. dj-stripe's own processing is not
used: it re-fetches every object from Stripe's API.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from traceback import format_exc
from typing import Any

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from djstripe.enums import WebhookEndpointStatus, WebhookEndpointValidation
from djstripe.models import WebhookEndpoint, WebhookEventTrigger
from djstripe.models.webhooks import get_remote_ip

from payments.models import WebhookEvent

logger = logging.getLogger("mentora.payments")

TOLERANCE_SECONDS = 300  # API.md §4 / issue 6: a signature older than 5 minutes is refused


class InvalidWebhook(Exception):
    """Bad signature, stale timestamp or an unreadable body: answered 400, nothing written."""


def webhook_endpoint() -> WebhookEndpoint:
    """dj-stripe's endpoint row for the running gateway; its secret verifies the signatures.

    Stripe's secret comes from STRIPE_WEBHOOK_SECRET; the offline gateway's is made once per
    installation, at random, and kept in this row.
    """
    gateway_name = settings.PAYMENTS_GATEWAY
    endpoint_id = f"we_mentora_{gateway_name}"
    endpoint = WebhookEndpoint.objects.filter(id=endpoint_id).first()
    wanted = settings.STRIPE_WEBHOOK_SECRET if gateway_name == "stripe" else None
    if endpoint is not None:
        if wanted is not None and endpoint.secret != wanted:
            endpoint.secret = wanted
            endpoint.save(update_fields=["secret"])
        return endpoint
    try:
        with transaction.atomic():
            return WebhookEndpoint.objects.create(
                id=endpoint_id,
                livemode=settings.STRIPE_LIVE_MODE if gateway_name == "stripe" else False,
                secret=wanted if wanted is not None else f"whsec_{secrets.token_urlsafe(32)}",
                url=settings.SITE_URL + "/api/v1/payments/webhooks/stripe",
                enabled_events=sorted(HANDLERS),
                status=WebhookEndpointStatus.enabled,
                api_version="",
                djstripe_tolerance=TOLERANCE_SECONDS,
                djstripe_validation_method=WebhookEndpointValidation.verify_signature,
                metadata={"gateway": gateway_name},
            )
    except IntegrityError:  # two first deliveries at once: the other one made it
        return WebhookEndpoint.objects.get(id=endpoint_id)


def verify(*, body: bytes, signature: str | None, secret: str) -> dict[str, Any]:
    try:
        payload = body.decode("utf-8")
        stripe.WebhookSignature.verify_header(payload, signature, secret, TOLERANCE_SECONDS)
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as error:
        raise InvalidWebhook(str(error) or "invalid webhook") from error
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        raise InvalidWebhook("not an event")
    return event


def handle_webhook_request(request: HttpRequest) -> WebhookEventTrigger:
    """Verify, then record and apply. Raises InvalidWebhook (400) before writing anything."""
    endpoint = webhook_endpoint()
    event = verify(
        body=request.body, signature=request.headers.get("Stripe-Signature"), secret=endpoint.secret
    )
    trigger = WebhookEventTrigger(
        remote_ip=get_remote_ip(request),
        headers=dict(request.headers),
        body=request.body.decode("utf-8"),
        valid=True,
        webhook_endpoint=endpoint,
    )
    try:
        with transaction.atomic():
            process_event(event)
            trigger.processed = True
            trigger.save()
    except Exception as error:
        # Keep the failed delivery (with its traceback) for staff, then fail with 500 so that
        # the gateway delivers it again; nothing of the event itself was applied.
        trigger.exception = str(error)[:128]
        trigger.traceback = format_exc()
        trigger.save()
        raise
    return trigger


def deliver_signed(*, body: str, signature: str) -> WebhookEventTrigger:
    """The offline gateway's delivery: a request like Stripe's, into the same handler."""
    request = HttpRequest()
    request.method = "POST"
    request._body = body.encode("utf-8")
    request.META.update(
        {
            "CONTENT_TYPE": "application/json",
            "HTTP_STRIPE_SIGNATURE": signature,
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_USER_AGENT": "Mentora offline gateway",
        }
    )
    return handle_webhook_request(request)


def process_event(event: dict[str, Any]) -> bool:
    """Apply one event once. Returns False when this event id was already applied."""
    data = event.get("data") or {}
    obj = data.get("object") or {}
    with transaction.atomic():
        try:
            # A savepoint: the loser of a race on the event id (ten deliveries at once) waits
            # for the winner's commit on the primary key, then fails here and changes nothing.
            with transaction.atomic():
                WebhookEvent.objects.create(
                    event_id=event["id"],
                    type=event["type"],
                    gateway=settings.PAYMENTS_GATEWAY,
                    object_id=str(obj.get("id") or "")[:255],
                )
        except IntegrityError:
            logger.info("Webhook event %s was already applied", event["id"])
            return False
        handler = HANDLERS.get(event["type"])
        if handler is not None:
            handler(obj, event)
    return True


# --- handlers ---------------------------------------------------------------------------------


def _intent_changed(obj: dict[str, Any], event: dict[str, Any]) -> None:
    from payments.gateways.stripe import _intent_state
    from payments.services import payment_apply_intent

    payment_apply_intent(intent=_intent_state(obj))


def _charge_refunded(obj: dict[str, Any], event: dict[str, Any]) -> None:
    from payments.services import refunds_sync_from_charge

    refunds_sync_from_charge(charge=obj)


def _account_updated(obj: dict[str, Any], event: dict[str, Any]) -> None:
    from payments.gateways.stripe import _account_state
    from payments.services import connect_account_sync

    connect_account_sync(state=_account_state(obj))


def _payout_changed(obj: dict[str, Any], event: dict[str, Any]) -> None:
    from payments.services import payouts_sync_from_gateway

    payouts_sync_from_gateway(payout=obj, account_id=event.get("account") or "")


HANDLERS: dict[str, Callable[[dict[str, Any], dict[str, Any]], None]] = {
    "payment_intent.succeeded": _intent_changed,
    "payment_intent.payment_failed": _intent_changed,
    "payment_intent.processing": _intent_changed,
    "payment_intent.canceled": _intent_changed,
    "payment_intent.requires_action": _intent_changed,
    "charge.refunded": _charge_refunded,
    "account.updated": _account_updated,
    "payout.paid": _payout_changed,
    "payout.failed": _payout_changed,
    "payout.canceled": _payout_changed,
}
