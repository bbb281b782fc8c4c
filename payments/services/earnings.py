"""Earnings and payouts: a mentor's share waits (pending) until the session is delivered, then
is available; a weekly run transfers each mentor's available balance once per period."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.services.audit import audit_entry_create
from payments import registry
from payments.gateways import AccountState, GatewayError, OnboardingLink, get_gateway
from payments.models import ConnectAccount, EarningEntry, EarningStatus, Payout, PayoutStatus
from payments.money import from_minor

logger = logging.getLogger("mentora.payments")


def _audit(payout: Payout, outcome: str, **details) -> None:
    """payout.sent / payout.paid / payout.failed, in the transaction of the change."""
    audit_entry_create(
        actor=None,
        action=f"payout.{outcome}",
        target=payout,
        details={
            "mentor_id": payout.mentor_id,
            "amount": payout.amount,
            "currency": payout.currency,
            "status": payout.status,
            **details,
        },
    )


def earnings_release(*, purpose: str, object_id: str, now: datetime | None = None) -> int:
    """The item was delivered (a session completed, a package used up or expired): the mentor's
    pending share of its payments becomes available. bookings calls this on completion."""
    now = now or timezone.now()
    with transaction.atomic():
        return EarningEntry.objects.filter(
            payment__purpose=purpose, payment__object_id=str(object_id), status=EarningStatus.PENDING
        ).update(status=EarningStatus.AVAILABLE, available_at=now)


# --- Stripe Connect -------------------------------------------------------------------------------


def connect_account_ensure(*, mentor) -> ConnectAccount:
    """The mentor's connected account, created at the gateway on first use."""
    account = ConnectAccount.objects.filter(mentor=mentor).first()
    if account is not None:
        return account
    state = get_gateway().create_account(
        email=mentor.user.email,
        country=mentor.user.location_country or "",
        # One account per mentor even if two requests race: the gateway returns the same one.
        idempotency_key=f"mentora-connect-{mentor.pk}",
    )
    try:
        with transaction.atomic():
            return ConnectAccount.objects.create(
                mentor=mentor,
                account_id=state.id,
                gateway=get_gateway().name,
                payouts_enabled=state.payouts_enabled,
                charges_enabled=state.charges_enabled,
                details_submitted=state.details_submitted,
                requirements_due=state.requirements_due,
                default_currency=state.default_currency or mentor.currency,
            )
    except IntegrityError:
        return ConnectAccount.objects.get(mentor=mentor)


def connect_onboarding_link(*, mentor, refresh_url: str, return_url: str) -> OnboardingLink:
    account = connect_account_ensure(mentor=mentor)
    return get_gateway().create_onboarding_link(
        account_id=account.account_id, refresh_url=refresh_url, return_url=return_url
    )


def connect_account_refresh(*, mentor) -> ConnectAccount | None:
    account = ConnectAccount.objects.filter(mentor=mentor).first()
    if account is None:
        return None
    return connect_account_sync(state=get_gateway().retrieve_account(account.account_id))


def connect_account_sync(*, state: AccountState) -> ConnectAccount | None:
    """`account.updated` (or a refresh): store what the gateway says about the account."""
    with transaction.atomic():
        account = ConnectAccount.objects.select_for_update().filter(account_id=state.id).first()
        if account is None:
            return None
        account.payouts_enabled = state.payouts_enabled
        account.charges_enabled = state.charges_enabled
        account.details_submitted = state.details_submitted
        account.requirements_due = state.requirements_due
        account.default_currency = state.default_currency or account.default_currency
        account.save(
            update_fields=[
                "payouts_enabled",
                "charges_enabled",
                "details_submitted",
                "requirements_due",
                "default_currency",
                "updated_at",
            ]
        )
    return account


# --- weekly payouts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def payout_period_for(today: date) -> Period:
    """The last full week (Monday to Sunday) before `today`."""
    this_monday = today - timedelta(days=today.weekday())
    return Period(start=this_monday - timedelta(days=7), end=this_monday - timedelta(days=1))


def payouts_run(*, today: date | None = None) -> list[Payout]:
    """Pay out every mentor's available balance for the last full week, once.

    1. Claim: per mentor and currency, one transaction locks the available entries no payout
       took yet, creates the Payout (unique per mentor, currency and period) and attaches them.
       A second run finds the payout claimed and claims nothing.
    2. Transfer: every payout still without a transfer (this run's, or one a crash left behind)
       is sent with the payout's id as the idempotency key, so the gateway transfers it once
       however often this step is retried.
    """
    period = payout_period_for(today or timezone.now().date())
    accounts = ConnectAccount.objects.filter(payouts_enabled=True).select_related("mentor")
    for account in accounts:
        currencies = (
            EarningEntry.objects.filter(
                mentor_id=account.mentor_id, status=EarningStatus.AVAILABLE, payout__isnull=True
            )
            .values_list("currency", flat=True)
            .distinct()
        )
        for currency in list(currencies):
            _payout_claim(account=account, currency=currency, period=period)
    sent = []
    for payout in Payout.objects.filter(status=PayoutStatus.PENDING, transfer_id__isnull=True).order_by(
        "created_at"
    ):
        try:
            sent.append(_payout_transfer(payout=payout))
        except GatewayError:
            logger.warning("Payout %s could not be transferred; the next run retries it", payout.pk)
    return sent


def _payout_claim(*, account: ConnectAccount, currency: str, period: Period) -> Payout | None:
    with transaction.atomic(durable=True):
        if Payout.objects.filter(
            mentor_id=account.mentor_id, currency=currency, period_start=period.start
        ).exists():
            return None
        entries = list(
            EarningEntry.objects.select_for_update()
            .select_related("payment")
            .filter(
                mentor_id=account.mentor_id,
                status=EarningStatus.AVAILABLE,
                payout__isnull=True,
                currency=currency,
            )
        )
        total = sum((entry.amount for entry in entries), Decimal("0.00"))
        if total <= 0:
            # Refunds after an earlier payout outweigh this week's earnings: they stay to be
            # carried against a later payout.
            return None
        try:
            with transaction.atomic():
                payout = Payout.objects.create(
                    mentor_id=account.mentor_id,
                    amount=total,
                    currency=currency,
                    period_start=period.start,
                    period_end=period.end,
                    destination=account.account_id,
                    bookings_count=sum(
                        1 for e in entries if e.refund_id is None and registry.is_session(e.payment.purpose)
                    ),
                )
        except IntegrityError:
            return None
        EarningEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(payout=payout)
    return payout


def _payout_transfer(*, payout: Payout) -> Payout:
    transfer_id = get_gateway().create_transfer(
        amount=payout.amount,
        currency=payout.currency,
        destination=payout.destination,
        metadata={"payout_id": str(payout.pk), "period_start": payout.period_start.isoformat()},
        idempotency_key=f"mentora-payout-{payout.pk}",
    )
    with transaction.atomic():
        locked = Payout.objects.select_for_update().get(pk=payout.pk)
        locked.transfer_id = transfer_id
        fields = ["transfer_id", "updated_at"]
        if locked.status == PayoutStatus.PENDING:
            locked.status = PayoutStatus.IN_TRANSIT
            fields.append("status")
        locked.save(update_fields=fields)
        _audit(locked, "sent", transfer_id=transfer_id)
    return locked


def payouts_sync_from_gateway(*, payout: dict[str, Any], account_id: str) -> int:
    """Connect payout events (`payout.paid`, `payout.failed`, `payout.canceled`) on a mentor's
    account: the transfers waiting on that account are marked paid (with the arrival date) or
    failed."""
    status = {"paid": PayoutStatus.PAID, "failed": PayoutStatus.FAILED, "canceled": PayoutStatus.FAILED}.get(
        payout.get("status") or ""
    )
    if status is None or not account_id:
        return 0
    arrival = payout.get("arrival_date")
    arrival_date = datetime.fromtimestamp(int(arrival), tz=UTC).date() if arrival else None
    ours = (payout.get("metadata") or {}).get("payout_id")
    with transaction.atomic():
        waiting = Payout.objects.select_for_update().filter(
            destination=account_id, status__in=[PayoutStatus.PENDING, PayoutStatus.IN_TRANSIT]
        )
        if ours:
            waiting = waiting.filter(pk=ours)
        else:
            waiting = waiting.filter(currency=str(payout.get("currency") or "").upper())
        updated = 0
        for row in waiting:
            row.status = status
            row.arrival_date = arrival_date
            row.failure_message = (payout.get("failure_message") or "")[:255]
            row.save(update_fields=["status", "arrival_date", "failure_message", "updated_at"])
            if status == PayoutStatus.PAID:
                _audit(row, "paid", arrival_date=arrival_date)
            else:
                _audit(row, "failed", failure_message=row.failure_message)
            updated += 1
    if updated == 0 and payout.get("amount"):
        logger.info(
            "Payout event for %s (%s) matched no payout",
            account_id,
            from_minor(int(payout["amount"]), str(payout.get("currency") or "usd")),
        )
    return updated
