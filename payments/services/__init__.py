"""Writes of the payments app, one module per subject, re-exported here. Each public function
runs in one transaction, or, where it must talk to the gateway, between two of its own: no call
to the outside world ever runs while a transaction is open."""

from payments.services.credits import (
    credit_price,
    credit_purchase_create,
    credit_purchase_fulfil,
    credit_purchase_refunded,
    credits_grant_initial,
    credits_refund,
    credits_transfer,
    wallet_get,
)
from payments.services.earnings import (
    connect_account_ensure,
    connect_account_refresh,
    connect_account_sync,
    connect_onboarding_link,
    earnings_release,
    payout_period_for,
    payouts_run,
    payouts_sync_from_gateway,
)
from payments.services.packages import (
    package_create,
    package_expiry_notices_send,
    package_purchase_activate,
    package_purchase_create,
    package_purchase_refunded,
    package_purchases_expire,
    package_session_restore,
    package_session_use,
    package_update,
)
from payments.services.payments import (
    duplicate_charge_refund,
    payment_abandon,
    payment_apply_intent,
    payment_confirm,
    payment_create,
    payment_mark_succeeded,
    payments_expire_unpaid,
)
from payments.services.refunds import refund_owed, refund_request, refunds_sync_from_charge

__all__ = [
    "connect_account_ensure",
    "connect_account_refresh",
    "connect_account_sync",
    "connect_onboarding_link",
    "credit_price",
    "credit_purchase_create",
    "credit_purchase_fulfil",
    "credit_purchase_refunded",
    "credits_grant_initial",
    "credits_refund",
    "credits_transfer",
    "duplicate_charge_refund",
    "earnings_release",
    "package_create",
    "package_expiry_notices_send",
    "package_purchase_activate",
    "package_purchase_create",
    "package_purchase_refunded",
    "package_purchases_expire",
    "package_session_restore",
    "package_session_use",
    "package_update",
    "payment_abandon",
    "payment_apply_intent",
    "payment_confirm",
    "payment_create",
    "payment_mark_succeeded",
    "payments_expire_unpaid",
    "payout_period_for",
    "payouts_run",
    "payouts_sync_from_gateway",
    "refund_owed",
    "refund_request",
    "refunds_sync_from_charge",
    "wallet_get",
]
