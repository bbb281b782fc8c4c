"""The staff dashboard's figures (API.md §9): each a fixed handful of aggregate queries over the
other apps' tables, cached for STAFF_CACHE_SECONDS (API.md allows five minutes of staleness).

Months are calendar months in the staff member's time zone (a payment at 23:30 on 31 March in
New York is March's, though UTC already says April). Revenue is money taken on successful
payments in the month they were paid, less refunds in the month each refund went through (a
refund in May of an April payment lowers May), per currency, plus a total in the base currency
through the exchange-rate table staff keep (core.exchange), with the date of each rate.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import User
from analytics.selectors import unions
from analytics.selectors.unions import person_name
from bookings.models import Booking, BookingStatus, Review
from bookings.models.reviews import ReviewDirection
from core import exchange
from core.money import Money
from core.outage import cache_outage
from core.timezones import user_zone
from mentors.models import MentorProfile, MentorStatus
from payments.models import Payment
from payments.models.payments import PAID_STATUSES, RefundStatus

T = TypeVar("T")

CACHE_PREFIX = "analytics:staff:v1"

# Bookings that were really booked: not ones abandoned before payment, declined or left to expire.
NEVER_HELD = (BookingStatus.PENDING_PAYMENT, BookingStatus.DECLINED, BookingStatus.EXPIRED)
NO_SHOWS = (BookingStatus.NO_SHOW_LEARNER, BookingStatus.NO_SHOW_MENTOR)
# Sessions that were due to take place: they happened, or one side did not turn up.
DUE = (BookingStatus.COMPLETED, *NO_SHOWS)


# Set while the beat job recomputes the figures: compute afresh and store, read nothing stored.
_refreshing: contextvars.ContextVar[bool] = contextvars.ContextVar("analytics_refreshing", default=False)


@contextlib.contextmanager
def refreshing():
    token = _refreshing.set(True)
    try:
        yield
    finally:
        _refreshing.reset(token)


def cached(key: str, compute: Callable[[], T]) -> T:
    """`compute()`, unless the figure is in the cache (settings.ANALYTICS_STAFF_CACHE_SECONDS;
    skipped while Redis is down) or stored fresh by the beat job (StaffFigure, at most
    ANALYTICS_FIGURES_MAX_AGE_SECONDS old): a cold cache then costs one indexed read instead of
    aggregating every booking and payment."""
    from analytics.models.dashboards import StaffFigure

    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    full_key = f"{CACHE_PREFIX}:{digest}"
    seconds = settings.ANALYTICS_STAFF_CACHE_SECONDS
    remember = lambda value: cache_outage.attempt(  # noqa: E731
        lambda: cache.set(full_key, value, seconds) if seconds > 0 else None, fallback=None
    )
    if _refreshing.get():
        value = compute()
        StaffFigure.objects.update_or_create(
            key=digest, defaults={"value": value, "computed_at": timezone.now()}
        )
        remember(value)
        return value
    if seconds > 0:
        found = cache_outage.attempt(lambda: cache.get(full_key), fallback=None)
        if found is not None:
            return found
    since = timezone.now() - timedelta(seconds=settings.ANALYTICS_FIGURES_MAX_AGE_SECONDS)
    stored = (
        StaffFigure.objects.filter(key=digest, computed_at__gte=since).values_list("value", flat=True).first()
    )
    value = stored if stored is not None else compute()
    remember(value)
    return value


def zone_of(user) -> ZoneInfo:
    """The staff member's own zone; the site's default when theirs is unset or unknown."""
    return user_zone(user, settings.ANALYTICS_TIME_ZONE)


def month_starts(*, zone: ZoneInfo, months: int, now: datetime) -> list[datetime]:
    """The first instant of each of the last `months` months (this one last), in `zone`."""
    local = now.astimezone(zone)
    year, month = local.year, local.month
    firsts = []
    for _ in range(months):
        firsts.append(datetime(year, month, 1, tzinfo=zone))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(firsts))


def _month_key(value: datetime | date | None, zone: ZoneInfo) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        # SQLite hands TruncMonth back naive in the zone asked for, PostgreSQL aware.
        value = value.astimezone(zone) if timezone.is_aware(value) else value
    return f"{value.year:04d}-{value.month:02d}"


# --- stats ------------------------------------------------------------------------------------


def dashboard_stats(*, zone: ZoneInfo, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()

    def compute() -> dict[str, Any]:
        users = User.objects.live().aggregate(
            total=Count("pk"),
            mentors=Count("pk", filter=Q(is_mentor=True)),
            learners=Count("pk", filter=Q(is_mentor=False, is_staff=False)),
        )
        pending = MentorProfile.objects.filter(status=MentorStatus.PENDING_APPROVAL).count()
        bookings = Booking.objects.exclude(status__in=NEVER_HELD).count()
        revenue = monthly_revenue(zone=zone, months=1, now=now)
        return {
            "total_users": users["total"],
            "total_mentors": users["mentors"],
            "total_learners": users["learners"],
            "pending_approvals": pending,
            "total_bookings": bookings,
            "revenue_this_month": revenue["total"][-1]["net"],
            "revenue_this_month_by_currency": [
                {"currency": row["currency"], "net": row["months"][-1]["net"]}
                for row in revenue["currencies"]
            ],
        }

    return cached(f"stats:{zone.key}:{month_starts(zone=zone, months=1, now=now)[0].isoformat()}", compute)


# --- revenue ----------------------------------------------------------------------------------


@dataclass
class _Month:
    gross: Decimal = Decimal(0)
    refunds: Decimal = Decimal(0)
    fees: Decimal = Decimal(0)
    fees_refunded: Decimal = Decimal(0)

    def row(self, month: str, currency: str) -> dict[str, Any]:
        return {
            "month": month,
            "gross": Money(self.gross, currency).as_dict(),
            "refunds": Money(self.refunds, currency).as_dict(),
            "platform_fees": Money(self.fees - self.fees_refunded, currency).as_dict(),
            "net": Money(self.gross - self.refunds, currency).as_dict(),
        }


@dataclass
class _Currency:
    months: dict[str, _Month] = field(default_factory=dict)


def monthly_revenue(*, zone: ZoneInfo, months: int, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    starts = month_starts(zone=zone, months=months, now=now)

    def compute() -> dict[str, Any]:
        labels = [_month_key(first, zone) for first in starts]
        since = starts[0]
        by_currency: dict[str, _Currency] = {}

        paid = (
            Payment.objects.filter(status__in=PAID_STATUSES, paid_at__gte=since, paid_at__lte=now)
            .annotate(month=TruncMonth("paid_at", tzinfo=zone))
            .values("month", "currency")
            .annotate(gross=Sum("amount"), fees=Sum("platform_fee"))
            .order_by()
        )
        for row in paid:
            slot = by_currency.setdefault(row["currency"], _Currency()).months.setdefault(
                _month_key(row["month"], zone), _Month()
            )
            slot.gross += row["gross"]
            slot.fees += row["fees"]

        from payments.models import Refund

        # A refund counts when it went through (processed_at), in that month, whatever month
        # its payment was in; one never processed yet has no month.
        refunded = (
            Refund.objects.filter(
                status=RefundStatus.SUCCEEDED, processed_at__gte=since, processed_at__lte=now
            )
            .annotate(month=TruncMonth("processed_at", tzinfo=zone))
            .values("month", "currency")
            .annotate(amount=Sum("amount"), fees=Sum("fee_amount"))
            .order_by()
        )
        for row in refunded:
            slot = by_currency.setdefault(row["currency"], _Currency()).months.setdefault(
                _month_key(row["month"], zone), _Month()
            )
            slot.refunds += row["amount"]
            slot.fees_refunded += row["fees"]

        from core.models import ExchangeRate

        rate_rows = {r.currency: r for r in ExchangeRate.objects.filter(currency__in=list(by_currency))}
        base = exchange.base_currency()
        currencies, unconverted = [], []
        totals = {label: _Month() for label in labels}
        for code in sorted(by_currency):
            entry = by_currency[code]
            rate_row = rate_rows.get(code)
            rate = Decimal(1) if code == base else (rate_row.rate if rate_row else None)
            currencies.append(
                {
                    "currency": code,
                    "rate": None if rate is None else f"{rate:f}",
                    "rate_as_of": None if code == base or rate_row is None else rate_row.as_of,
                    "months": [entry.months.get(label, _Month()).row(label, code) for label in labels],
                }
            )
            if rate is None:
                unconverted.append(code)
                continue
            for label in labels:
                found = entry.months.get(label)
                if found is None:
                    continue
                total = totals[label]
                total.gross += found.gross / rate
                total.refunds += found.refunds / rate
                total.fees += found.fees / rate
                total.fees_refunded += found.fees_refunded / rate
        used_dates = [row["rate_as_of"] for row in currencies if row["rate_as_of"] is not None]
        return {
            "months": months,
            "timezone": zone.key,
            "base_currency": base,
            "rates_as_of": min(used_dates) if used_dates else None,
            "unconverted_currencies": unconverted,
            "currencies": currencies,
            "total": [totals[label].row(label, base) for label in labels],
        }

    return cached(f"revenue:{zone.key}:{months}:{starts[-1].isoformat()}", compute)


# --- user growth ------------------------------------------------------------------------------


def user_growth(*, zone: ZoneInfo, months: int, now: datetime | None = None) -> list[dict[str, Any]]:
    now = now or timezone.now()
    starts = month_starts(zone=zone, months=months, now=now)

    def compute() -> list[dict[str, Any]]:
        live = User.objects.live()
        before = live.filter(date_joined__lt=starts[0]).count()
        joined = {
            _month_key(row["month"], zone): row["n"]
            for row in live.filter(date_joined__gte=starts[0], date_joined__lte=now)
            .annotate(month=TruncMonth("date_joined", tzinfo=zone))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
        }
        approved = {
            _month_key(row["month"], zone): row["n"]
            for row in MentorProfile.objects.filter(
                status=MentorStatus.APPROVED,
                user__deleted_at__isnull=True,
                approved_at__gte=starts[0],
                approved_at__lte=now,
            )
            .annotate(month=TruncMonth("approved_at", tzinfo=zone))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
        }
        rows, running = [], before
        for first in starts:
            label = _month_key(first, zone)
            running += joined.get(label, 0)
            rows.append(
                {
                    "month": label,
                    "new_users": joined.get(label, 0),
                    "new_mentors": approved.get(label, 0),
                    "total_users": running,
                }
            )
        return rows

    return cached(f"growth:{zone.key}:{months}:{starts[-1].isoformat()}", compute)


# --- sessions ---------------------------------------------------------------------------------


def day_range(*, zone: ZoneInfo, first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in `zone`, as aware datetimes."""
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


def period(
    *, zone: ZoneInfo, first: date | None, last: date | None, now: datetime | None = None
) -> tuple[date, date]:
    """The days asked for, filled in: 30 days up to `last`, or from `first` to today (or to
    `first` when that is later); the last 30 days, today included, when neither is given."""
    today = (now or timezone.now()).astimezone(zone).date()
    last = last or max(today, first or today)
    return first or last - timedelta(days=29), last


def session_metrics(*, zone: ZoneInfo, first: date, last: date) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        since, until = day_range(zone=zone, first=first, last=last)
        counts = (
            Booking.objects.filter(start_at__gte=since, start_at__lt=until)
            .exclude(status__in=NEVER_HELD)
            .aggregate(
                total=Count("pk"),
                completed=Count("pk", filter=Q(status=BookingStatus.COMPLETED)),
                cancelled=Count("pk", filter=Q(status=BookingStatus.CANCELLED)),
                no_shows=Count("pk", filter=Q(status__in=NO_SHOWS)),
                due=Count("pk", filter=Q(status__in=DUE)),
            )
        )
        rating = Review.objects.filter(
            direction=ReviewDirection.LEARNER_TO_MENTOR,
            booking__start_at__gte=since,
            booking__start_at__lt=until,
        ).aggregate(avg=Avg("rating"))["avg"]
        return {
            "from": first,
            "to": last,
            "timezone": zone.key,
            "total_sessions": counts["total"],
            "completed_sessions": counts["completed"],
            "cancelled_sessions": counts["cancelled"],
            "no_show_sessions": counts["no_shows"],
            "no_show_rate": round(counts["no_shows"] / counts["due"], 4) if counts["due"] else 0.0,
            "average_rating": round(float(rating), 2) if rating is not None else None,
        }

    return cached(f"sessions:{zone.key}:{first}:{last}", compute)


def subject_distribution(
    *, zone: ZoneInfo, first: date | None = None, last: date | None = None
) -> list[dict]:
    """Booked sessions per subject and category, most booked first, with each one's share."""

    def compute() -> list[dict]:
        rows = Booking.objects.exclude(status__in=NEVER_HELD)
        if first is not None:
            rows = rows.filter(start_at__gte=day_range(zone=zone, first=first, last=first)[0])
        if last is not None:
            rows = rows.filter(start_at__lt=day_range(zone=zone, first=last, last=last)[1])
        grouped = list(
            rows.values("subject_id", "subject__name", "category_id", "category__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "subject__name", "category__name")
        )
        total = sum(row["n"] for row in grouped)
        return [
            {
                "subject": {"id": row["subject_id"], "name": row["subject__name"]}
                if row["subject_id"]
                else None,
                "category": {"id": row["category_id"], "name": row["category__name"]}
                if row["category_id"]
                else None,
                "bookings": row["n"],
                "share": round(row["n"] / total, 4) if total else 0.0,
            }
            for row in grouped
        ]

    return cached(f"subjects:{zone.key}:{first}:{last}", compute)


def upcoming_sessions(*, now: datetime | None = None):
    """Confirmed bookings still to start, soonest first (a queryset: the list pages it)."""
    now = now or timezone.now()
    return (
        Booking.objects.filter(status=BookingStatus.CONFIRMED, start_at__gte=now)
        .select_related("mentor__user", "learner", "subject")
        .order_by("start_at", "id")
    )


# --- recent activities ------------------------------------------------------------------------

ACTIVITY_TYPES = ("user_signed_up", "booking_created", "payment_succeeded", "mentor_approved", "report_filed")
ACTIVITY_COLUMNS = ("a_type", "a_actor_id", "a_actor", "a_target_type", "a_target_id", "a_target", "a_at")


# "Recent" is the newest this many events of each kind: enough for 50 pages of 20, and each
# kind's part of the UNION then reads that many rows of its time index, however big the platform.
RECENT_CAP = 1000


def union_part(rows, kind: str, **columns):
    part = unions.union_part(rows, kind, ACTIVITY_COLUMNS, **columns)
    return unions.newest_first(part, newest="a_at", cap=RECENT_CAP)


def recent_activities(*, types: list[str] | None = None):
    """Sign-ups, bookings, payments, approvals and community reports, newest first: one UNION,
    so counting it and taking a page are two queries whatever the page holds."""
    wanted = set(types or ACTIVITY_TYPES)
    parts = []
    if "user_signed_up" in wanted:
        parts.append(
            union_part(
                User.objects.live(),
                "user_signed_up",
                a_actor_id=F("pk"),
                a_actor=person_name(""),
                a_target_type=unions.text("user"),
                a_target_id=F("pk"),
                a_target=person_name(""),
                a_at=F("date_joined"),
            )
        )
    if "booking_created" in wanted:
        parts.append(
            union_part(
                Booking.objects.exclude(status=BookingStatus.EXPIRED),
                "booking_created",
                a_actor_id=F("learner_id"),
                a_actor=person_name("learner__"),
                a_target_type=unions.text("booking"),
                a_target_id=F("pk"),
                a_target=person_name("mentor__user__"),
                a_at=F("created_at"),
            )
        )
    if "payment_succeeded" in wanted:
        parts.append(
            union_part(
                Payment.objects.filter(status__in=PAID_STATUSES, paid_at__isnull=False),
                "payment_succeeded",
                a_actor_id=F("payer_id"),
                a_actor=person_name("payer__"),
                a_target_type=unions.text("payment"),
                a_target_id=F("pk"),
                a_target=F("description"),
                a_at=F("paid_at"),
            )
        )
    if "mentor_approved" in wanted:
        parts.append(
            union_part(
                MentorProfile.objects.filter(status=MentorStatus.APPROVED, approved_at__isnull=False),
                "mentor_approved",
                a_actor_id=F("user_id"),
                a_actor=person_name("user__"),
                a_target_type=unions.text("mentor"),
                a_target_id=F("pk"),
                a_target=person_name("user__"),
                a_at=F("approved_at"),
            )
        )
    if "report_filed" in wanted:
        from community.models.groups import Report

        parts.append(
            union_part(
                Report.objects.all(),
                "report_filed",
                a_actor_id=F("reporter_id"),
                a_actor=person_name("reporter__"),
                a_target_type=unions.text("report"),
                a_target_id=F("pk"),
                a_target=F("post__title"),
                a_at=F("created_at"),
            )
        )
    return unions.union_of(parts, newest="a_at", then=("a_type", "a_target_id"))
