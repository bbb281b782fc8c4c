"""Reads of the payments app. Lists fetch what their items show in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from core.errors import ValidationFailed
from core.money import Money
from mentors.models import MentorProfile, MentorStatus
from payments import registry
from payments.errors import PaymentNotFound
from payments.models import (
    ConnectAccount,
    CreditEntry,
    CreditWallet,
    EarningEntry,
    EarningStatus,
    Package,
    PackagePurchase,
    Payment,
    Payout,
    Refund,
    RefundStatus,
)


def _date(value: Any, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed.for_field(name, f"'{name}' must be a date (YYYY-MM-DD).") from None


def _any_of(values: str | Iterable[str]) -> list[str]:
    """A filter's values: a list, or one comma-separated string."""
    parts = values.split(",") if isinstance(values, str) else values
    return [part for part in parts if part]


def payment_list_for_user(
    *, user, status: str | None = None, purpose: str | None = None, start_date=None, end_date=None
) -> QuerySet[Payment]:
    """The caller's payment history (API.md §4), newest first."""
    qs = Payment.objects.filter(payer=user).select_related("mentor__user")
    if status:
        qs = qs.filter(status__in=_any_of(status))
    if purpose:
        qs = qs.filter(purpose__in=_any_of(purpose))
    start, end = _date(start_date, "start_date"), _date(end_date, "end_date")
    if start:
        qs = qs.filter(created_at__date__gte=start)
    if end:
        qs = qs.filter(created_at__date__lte=end)
    return qs.order_by("-created_at", "-id")


def payment_get_for_user(*, user, payment_id) -> Payment:
    """One payment its payer (or staff) may see; anyone else gets 404, not 403 (no IDOR)."""
    qs = Payment.objects.select_related("mentor__user", "payer").prefetch_related(
        Prefetch("refunds", queryset=Refund.objects.order_by("created_at", "id"))
    )
    if not user.is_staff:
        qs = qs.filter(payer=user)
    payment = qs.filter(pk=payment_id).first()
    if payment is None:
        raise PaymentNotFound()
    return payment


def wallet_for(*, user) -> CreditWallet:
    wallet = CreditWallet.objects.filter(user=user).first()
    return wallet if wallet is not None else CreditWallet(user=user)


def credit_entries_for(*, user, type: str | None = None) -> QuerySet[CreditEntry]:
    qs = CreditEntry.objects.filter(wallet__user=user)
    if type:
        qs = qs.filter(type__in=_any_of(type))
    return qs.order_by("-created_at", "-id")


def package_list(*, user=None, mentor_id=None) -> QuerySet[Package]:
    """Active packages of bookable mentors; a mentor also sees their own inactive ones."""
    visible = Q(is_active=True, mentor__status=MentorStatus.APPROVED)
    if user is not None and user.is_authenticated:
        visible |= Q(mentor__user=user)
    qs = Package.objects.filter(visible).select_related("mentor__user")
    if mentor_id:
        qs = qs.filter(mentor_id=mentor_id)
    return qs.order_by("mentor_id", "price", "name")


def package_get_for_mentor(*, user, package_id) -> Package | None:
    return Package.objects.select_related("mentor__user").filter(pk=package_id, mentor__user=user).first()


def package_purchases_for(*, user, status: str | None = None) -> QuerySet[PackagePurchase]:
    qs = PackagePurchase.objects.filter(learner=user).select_related("package", "mentor__user")
    if status:
        qs = qs.filter(status__in=_any_of(status))
    return qs.order_by("-created_at", "-id")


def payouts_for(*, mentor: MentorProfile) -> QuerySet[Payout]:
    return Payout.objects.filter(mentor=mentor).order_by("-period_start", "-created_at")


def connect_account_for(*, mentor: MentorProfile) -> ConnectAccount | None:
    return ConnectAccount.objects.filter(mentor=mentor).first()


def receipt_for(*, payment: Payment) -> dict[str, Any]:
    """Receipt lines of API.md §3 (price, platform fee, refunds) for a paid payment."""
    refunds = [r for r in payment.refunds.all() if r.status == RefundStatus.SUCCEEDED]
    currency = payment.currency
    lines = [
        {"kind": "price", "label": payment.description, "amount": Money(payment.amount, currency)},
        {
            "kind": "platform_fee",
            "label": "Platform fee (included)",
            "amount": Money(payment.platform_fee, currency),
        },
    ]
    lines += [
        {
            "kind": "refund",
            "label": f"Refund on {r.processed_at:%d %b %Y}",
            "amount": Money(-r.amount, currency),
        }
        for r in refunds
    ]
    refunded = sum((r.amount for r in refunds), Decimal("0.00"))
    return {
        "receipt_number": payment.receipt_number,
        "paid_at": payment.paid_at,
        "currency": currency,
        "lines": lines,
        "total_paid": Money(payment.amount, currency),
        "total_refunded": Money(refunded, currency),
        "net": Money(payment.amount - refunded, currency),
    }


# --- earnings -----------------------------------------------------------------------------------


@dataclass
class CurrencyEarnings:
    currency: str
    total_earnings: Decimal = Decimal("0.00")
    lifetime_earnings: Decimal = Decimal("0.00")
    this_month: Decimal = Decimal("0.00")
    pending_payout: Decimal = Decimal("0.00")
    available_balance: Decimal = Decimal("0.00")
    total_bookings: int = 0
    completed_sessions: int = 0
    by_service: list[dict[str, Any]] = field(default_factory=list)
    by_month: list[dict[str, Any]] = field(default_factory=list)
    daily: list[dict[str, Any]] = field(default_factory=list)

    @property
    def average_session_value(self) -> Decimal:
        if not self.total_bookings:
            return Decimal("0.00")
        return (self.total_earnings / self.total_bookings).quantize(Decimal("0.01"))


PERIODS = {"week": 7, "month": 30, "year": 365}


def earnings_window(
    *, period: str | None, start_date=None, end_date=None, today: date | None = None
) -> tuple[date, date]:
    today = today or timezone.now().date()
    start, end = _date(start_date, "start_date"), _date(end_date, "end_date")
    if start or end:
        end = end or today
        # 30 days up to `end`, none of them before the calendar's first (0001-01-27 was a 500)
        start = start or end - timedelta(days=min(29, (end - date.min).days))
        if start > end:
            raise ValidationFailed.for_field("start_date", "start_date must not be after end_date.")
        return start, end
    period = period or "month"
    if period not in PERIODS:
        raise ValidationFailed.for_field("period", "period is one of week, month, year.")
    return today - timedelta(days=PERIODS[period] - 1), today


def mentor_earnings(
    *, mentor: MentorProfile, start: date, end: date, today: date | None = None
) -> list[CurrencyEarnings]:
    """Earnings per currency (API.md §4: earnings are reported per currency), the mentor's own
    currency first. Figures are the mentor's share net of refunds; the window counts by the
    payment's date. Six aggregate queries whatever the history holds."""
    today = today or timezone.now().date()
    entries = EarningEntry.objects.filter(mentor=mentor)
    window = entries.filter(payment__paid_at__date__gte=start, payment__paid_at__date__lte=end)
    result: dict[str, CurrencyEarnings] = {}

    def row(currency: str) -> CurrencyEarnings:
        return result.setdefault(currency, CurrencyEarnings(currency=currency))

    for item in entries.values("currency").annotate(total=Sum("amount")):
        row(item["currency"]).lifetime_earnings = item["total"]
    month_start = today.replace(day=1)
    for item in (
        entries.filter(payment__paid_at__date__gte=month_start)
        .values("currency")
        .annotate(total=Sum("amount"))
    ):
        row(item["currency"]).this_month = item["total"]
    for item in (
        entries.filter(payout__isnull=True).values("currency", "status").annotate(total=Sum("amount"))
    ):
        target = row(item["currency"])
        if item["status"] == EarningStatus.PENDING:
            target.pending_payout = item["total"]
        else:
            target.available_balance = item["total"]
    by_service = (
        window.values("currency", "payment__purpose", "payment__service_title")
        .annotate(
            total=Sum("amount"),
            count=Count("id", filter=Q(refund__isnull=True)),
            completed=Count("id", filter=Q(refund__isnull=True, status=EarningStatus.AVAILABLE)),
        )
        .order_by("currency", "-total")
    )
    for item in by_service:
        target = row(item["currency"])
        target.total_earnings += item["total"]
        target.by_service.append(
            {
                "purpose": item["payment__purpose"],
                "service": item["payment__service_title"] or item["payment__purpose"].replace("_", " "),
                "count": item["count"],
                "total": item["total"],
            }
        )
        if registry.is_session(item["payment__purpose"]):
            target.total_bookings += item["count"]
            target.completed_sessions += item["completed"]
    for item in (
        entries.filter(payment__paid_at__date__gte=month_start.replace(year=month_start.year - 1))
        .annotate(month=TruncMonth("payment__paid_at"))
        .values("currency", "month")
        .annotate(total=Sum("amount"))
        .order_by("currency", "month")
    ):
        row(item["currency"]).by_month.append(
            {"month": item["month"].strftime("%Y-%m"), "total": item["total"]}
        )
    for item in (
        window.annotate(day=TruncDate("payment__paid_at"))
        .values("currency", "day")
        .annotate(total=Sum("amount"))
        .order_by("currency", "day")
    ):
        row(item["currency"]).daily.append({"date": item["day"], "total": item["total"]})
    if not result:
        row(mentor.currency)
    return sorted(result.values(), key=lambda r: (r.currency != mentor.currency, r.currency))
