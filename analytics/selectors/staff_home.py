"""The admin index as the staff's home: cards with counts and charts of the staff figures, each
with its data as a table and links down into the admin's filtered lists. Every figure comes from
analytics.selectors.staff (so the page and the API never disagree, and share the cache)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from analytics import charts
from analytics.selectors import staff
from core.money import Money, format_money

CHART_MONTHS = 12
TOP_SUBJECTS = 10
CHARTS = ("revenue", "growth", "sessions", "subjects")


@dataclass
class Card:
    label: str
    value: str
    url: str | None = None
    hint: str = ""


@dataclass
class Row:
    cells: list[str]
    url: str | None = None


@dataclass
class Chart:
    name: str
    title: str
    summary: str
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    note: str = ""


def changelist(model: str, **params: Any) -> str | None:
    """The admin list of `app_label.model`, filtered by `params`; None when it is not registered."""
    app_label, name = model.split(".")
    try:
        url = reverse(f"admin:{app_label}_{name}_changelist")
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(params)}" if params else url


def _money(value: dict[str, str]) -> str:
    return format_money(Money(value["amount"], value["currency"]))


def _month_bounds(label: str) -> tuple[date, date]:
    first = date(int(label[:4]), int(label[5:]), 1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following


def _month_name(label: str) -> str:
    return date(int(label[:4]), int(label[5:]), 1).strftime("%b %Y")


def cards(*, zone: ZoneInfo) -> list[Card]:
    figures = staff.dashboard_stats(zone=zone)
    this_month = staff.month_starts(zone=zone, months=1, now=timezone.now())[0]
    found = [
        Card("Accounts", f"{figures['total_users']:,}", changelist("accounts.user")),
        Card("Mentors", f"{figures['total_mentors']:,}", changelist("accounts.user", role="mentor")),
        Card("Learners", f"{figures['total_learners']:,}", changelist("accounts.user", role="learner")),
        Card(
            "Mentor applications waiting",
            f"{figures['pending_approvals']:,}",
            changelist("mentors.mentorprofile", status="pending_approval"),
            "The approval queue",
        ),
        Card("Booked sessions", f"{figures['total_bookings']:,}", changelist("bookings.booking")),
        Card(
            "Net revenue this month",
            _money(figures["revenue_this_month"]),
            changelist(
                "payments.payment", created_at__year=this_month.year, created_at__month=this_month.month
            ),
            ", ".join(_money(row["net"]) for row in figures["revenue_this_month_by_currency"])
            or "No payments yet",
        ),
        Card(
            "Open community reports",
            f"{open_reports():,}",
            changelist("community.report", status__exact="open"),
            "Posts and comments members reported",
        ),
    ]
    return found


def open_reports() -> int:
    from community.models.groups import Report, ReportStatus

    return staff.cached("reports:open", lambda: Report.objects.filter(status=ReportStatus.OPEN).count())


def revenue_chart(*, zone: ZoneInfo) -> tuple[Chart, dict]:
    figures = staff.monthly_revenue(zone=zone, months=CHART_MONTHS)
    base = figures["base_currency"]
    chart = Chart(
        name="revenue",
        title=f"Revenue per month in {base}",
        summary=f"Bar chart of gross revenue, refunds and net revenue over the last {CHART_MONTHS} months, "
        f"converted to {base}.",
        headers=["Month", "Gross", "Refunds", "Platform fees", "Net"],
    )
    for row in figures["total"]:
        first, _ = _month_bounds(row["month"])
        chart.rows.append(
            Row(
                [_month_name(row["month"])]
                + [_money(row[key]) for key in ("gross", "refunds", "platform_fees", "net")],
                changelist("payments.payment", created_at__year=first.year, created_at__month=first.month),
            )
        )
    notes = []
    if figures["rates_as_of"]:
        notes.append(
            f"Converted with the exchange rates staff keep, the oldest from {figures['rates_as_of']}."
        )
    if figures["unconverted_currencies"]:
        notes.append(f"Not in the total (no rate): {', '.join(figures['unconverted_currencies'])}.")
    chart.note = " ".join(notes)
    return chart, figures


def growth_chart(*, zone: ZoneInfo) -> tuple[Chart, list]:
    figures = staff.user_growth(zone=zone, months=CHART_MONTHS)
    chart = Chart(
        name="growth",
        title="New accounts and mentors per month",
        summary=f"Bar chart of accounts that joined and mentors approved in each of the last {CHART_MONTHS} months.",
        headers=["Month", "New accounts", "New mentors", "Accounts at the month's end"],
    )
    for row in figures:
        first, following = _month_bounds(row["month"])
        chart.rows.append(
            Row(
                [
                    _month_name(row["month"]),
                    f"{row['new_users']:,}",
                    f"{row['new_mentors']:,}",
                    f"{row['total_users']:,}",
                ],
                changelist(
                    "accounts.user",
                    date_joined__date__gte=first.isoformat(),
                    date_joined__date__lt=following.isoformat(),
                ),
            )
        )
    return chart, figures


def sessions_chart(*, zone: ZoneInfo) -> tuple[Chart, dict]:
    first, last = staff.period(zone=zone, first=None, last=None)
    figures = staff.session_metrics(zone=zone, first=first, last=last)
    chart = Chart(
        name="sessions",
        title="Sessions of the last 30 days by outcome",
        summary="Bar chart of the sessions of the last 30 days: completed, cancelled and no-shows.",
        headers=["Outcome", "Sessions"],
    )
    window = {"start_at__date__gte": first.isoformat(), "start_at__date__lte": last.isoformat()}
    for label, key, status in (
        ("Completed", "completed_sessions", "completed"),
        ("Cancelled", "cancelled_sessions", "cancelled"),
        ("No-show (either side)", "no_show_sessions", None),
    ):
        params = (
            dict(window, status__exact=status)
            if status
            else dict(window, status__in="no_show_learner,no_show_mentor")
        )
        chart.rows.append(Row([label, f"{figures[key]:,}"], changelist("bookings.booking", **params)))
    rating = figures["average_rating"]
    chart.note = (
        f"{figures['total_sessions']:,} sessions in all; no-show rate {figures['no_show_rate']:.1%}; "
        f"average rating {rating if rating is not None else 'none yet'}."
    )
    return chart, figures


def subjects_chart(*, zone: ZoneInfo) -> tuple[Chart, list]:
    figures = staff.subject_distribution(zone=zone)[:TOP_SUBJECTS]
    chart = Chart(
        name="subjects",
        title=f"The {TOP_SUBJECTS} most booked subjects",
        summary="Horizontal bar chart of booked sessions per subject, most booked first.",
        headers=["Subject", "Category", "Sessions", "Share"],
    )
    for row in figures:
        subject, category = row["subject"], row["category"]
        params = {"subject__exact": subject["id"]} if subject else {"subject__isnull": "True"}
        chart.rows.append(
            Row(
                [
                    subject["name"] if subject else "No subject",
                    category["name"] if category else "—",
                    f"{row['bookings']:,}",
                    f"{row['share']:.1%}",
                ],
                changelist("bookings.booking", **params),
            )
        )
    return chart, figures


BUILDERS = {
    "revenue": revenue_chart,
    "growth": growth_chart,
    "sessions": sessions_chart,
    "subjects": subjects_chart,
}


def staff_home(*, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "cards": cards(zone=zone),
        "charts": [BUILDERS[name](zone=zone)[0] for name in CHARTS],
        "timezone": zone.key,
    }


def chart_svg(*, name: str, zone: ZoneInfo) -> bytes:
    """The SVG of one chart of the staff home (KeyError for an unknown name)."""
    chart, figures = BUILDERS[name](zone=zone)
    labels = [row.cells[0] for row in chart.rows]
    if name == "revenue":
        series = [
            charts.Series(label, [row[key]["amount"] for row in figures["total"]])
            for label, key in (("Gross", "gross"), ("Refunds", "refunds"), ("Net", "net"))
        ]
        return charts.bars(title=chart.title, labels=labels, series=series)
    if name == "growth":
        series = [
            charts.Series("New accounts", [row["new_users"] for row in figures]),
            charts.Series("New mentors", [row["new_mentors"] for row in figures]),
        ]
        return charts.bars(title=chart.title, labels=labels, series=series)
    if name == "sessions":
        values = [figures["completed_sessions"], figures["cancelled_sessions"], figures["no_show_sessions"]]
        return charts.bars(title=chart.title, labels=labels, series=[charts.Series("Sessions", values)])
    return charts.horizontal_bars(
        title=chart.title,
        labels=labels,
        series=[charts.Series("Sessions", [row["bookings"] for row in figures])],
    )
