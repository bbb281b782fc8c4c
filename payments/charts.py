"""A bar chart of monthly earnings as inline SVG, drawn on the server (no chart library)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    x: int
    y: int
    height: int


WIDTH, HEIGHT, BAR, GAP, TOP, BOTTOM = 480, 200, 28, 12, 16, 28


def last_months(today: date, count: int = 12) -> list[str]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def monthly_bars(by_month: list[dict], *, today: date, count: int = 12) -> tuple[list[Bar], int]:
    """Bars for the last `count` months (missing months are zero). Returns (bars, chart width)."""
    totals = {row["month"]: Decimal(row["total"]) for row in by_month}
    months = last_months(today, count)
    peak = max([totals.get(m, Decimal(0)) for m in months] + [Decimal(1)])
    usable = HEIGHT - TOP - BOTTOM
    bars = []
    for index, month in enumerate(months):
        value = totals.get(month, Decimal(0))
        height = int(usable * max(value, Decimal(0)) / peak)
        bars.append(
            Bar(
                label=date(int(month[:4]), int(month[5:]), 1).strftime("%b"),
                value=value,
                x=GAP + index * (BAR + GAP),
                y=TOP + usable - height,
                height=height,
            )
        )
    return bars, GAP + count * (BAR + GAP)
