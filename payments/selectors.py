"""Reads of the payments app. Lists fetch what their items show in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from core.errors import ValidationFailed
from core.money import Money
from core.timezones import user_zone
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


def mentor_today(mentor: MentorProfile, now: datetime | None = None) -> date:
    """Today in the mentor's own zone, where the days and months of their earnings are counted
    (`mentor.user` read with the mentor)."""
    return (now or timezone.now()).astimezone(user_zone(mentor.user)).date()


def earnings_window(*, period: str | None, today: date, start_date=None, end_date=None) -> tuple[date, date]:
    """The window of `period` (or of the dates given) up to `today` (mentor_today)."""
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


def earnings_this_month(
    *, mentor: MentorProfile, zone: tzinfo, now: datetime | None = None
) -> dict[str, Decimal]:
    """The mentor's share of what was paid since the first of the month in `zone` (the mentor's
    own), net of refunds, per currency: the "this month" of the earnings page, the mentor's
    statistics and the dashboard (one query)."""
    local = (now or timezone.now()).astimezone(zone)
    since = datetime.combine(local.date().replace(day=1), time.min, tzinfo=zone)
    rows = (
        EarningEntry.objects.filter(mentor=mentor, payment__paid_at__gte=since)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    return {row["currency"]: row["total"] for row in rows}


def _row(result: dict[str, CurrencyEarnings], currency: str) -> CurrencyEarnings:
    return result.setdefault(currency, CurrencyEarnings(currency=currency))


def _mentors_currency_first(
    mentor: MentorProfile, result: dict[str, CurrencyEarnings]
) -> list[CurrencyEarnings]:
    if not result:
        _row(result, mentor.currency)
    return sorted(result.values(), key=lambda r: (r.currency != mentor.currency, r.currency))


def _balances(*, mentor: MentorProfile, now: datetime | None) -> dict[str, CurrencyEarnings]:
    entries = EarningEntry.objects.filter(mentor=mentor)
    result: dict[str, CurrencyEarnings] = {}
    for item in entries.values("currency").annotate(total=Sum("amount")):
        _row(result, item["currency"]).lifetime_earnings = item["total"]
    for currency, total in earnings_this_month(mentor=mentor, zone=user_zone(mentor.user), now=now).items():
        _row(result, currency).this_month = total
    for item in (
        entries.filter(payout__isnull=True).values("currency", "status").annotate(total=Sum("amount"))
    ):
        target = _row(result, item["currency"])
        if item["status"] == EarningStatus.PENDING:
            target.pending_payout = item["total"]
        else:
            target.available_balance = item["total"]
    return result


def earnings_balances(*, mentor: MentorProfile, now: datetime | None = None) -> list[CurrencyEarnings]:
    """Lifetime, this month (in the mentor's zone), waiting and available, per currency, the
    mentor's own currency first: the part of mentor_earnings without a window (three queries,
    `mentor.user` read with the mentor)."""
    return _mentors_currency_first(mentor, _balances(mentor=mentor, now=now))


def mentor_earnings(
    *, mentor: MentorProfile, start: date, end: date, now: datetime | None = None
) -> list[CurrencyEarnings]:
    """Earnings per currency (API.md §4: earnings are reported per currency), the mentor's own
    currency first. Figures are the mentor's share net of refunds. Every day and month is the
    mentor's own (their zone, whoever asks): the window counts by the date the payment was made
    there, and "this month", the months and the days are theirs. Six aggregate queries whatever
    the history holds (earnings_balances' three and the window's; `mentor.user` read with the
    mentor)."""
    zone = user_zone(mentor.user)
    today = mentor_today(mentor, now)
    entries = EarningEntry.objects.filter(mentor=mentor)

    def paid_on(queryset):  # the date each payment was made on, in the mentor's zone
        return queryset.alias(paid_on=TruncDate("payment__paid_at", tzinfo=zone))

    window = paid_on(entries).filter(paid_on__range=(start, end))
    result = _balances(mentor=mentor, now=now)

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
        target = _row(result, item["currency"])
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
        paid_on(entries)
        .filter(paid_on__gte=today.replace(year=today.year - 1, day=1))
        .annotate(month=TruncMonth("payment__paid_at", tzinfo=zone))
        .values("currency", "month")
        .annotate(total=Sum("amount"))
        .order_by("currency", "month")
    ):
        _row(result, item["currency"]).by_month.append(
            {"month": item["month"].strftime("%Y-%m"), "total": item["total"]}
        )
    for item in (
        window.annotate(day=F("paid_on"))
        .values("currency", "day")
        .annotate(total=Sum("amount"))
        .order_by("currency", "day")
    ):
        _row(result, item["currency"]).daily.append({"date": item["day"], "total": item["total"]})
    return _mentors_currency_first(mentor, result)
