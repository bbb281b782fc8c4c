"""The pages' wording of the personal figures: labels of the timeline's types, and a mentor's
statistics as charts with their data tables (the same figures the API gives)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache

from analytics import charts
from analytics.selectors import personal
from core.outage import cache_outage

ACTIVITY_LABELS = {
    "session_booked": "Session booked",
    "session_completed": "Session completed",
    "milestone_completed": "Milestone completed",
    "achievement_unlocked": "Achievement unlocked",
    "course_completed": "Course completed",
    "certificate_issued": "Certificate issued",
    "review_given": "Review given",
    "review_received": "Review received",
    "group_joined": "Group joined",
    "post_created": "Post written",
}
MENTOR_CHARTS = ("outcomes", "ratings", "trend")


# The chart images are sent with max-age=300: they may show figures this old, so the page's
# statistics are kept that long for them instead of being worked out again for each image.
CHART_STATS_SECONDS = 300


def _stats_key(profile) -> str:
    return f"analytics:mentor-chart-stats:{profile.pk}"


def stats_for_page(profile) -> dict[str, Any]:
    """The mentor's statistics, worked out afresh, and kept for the page's chart images."""
    stats = personal.mentor_stats(profile=profile)
    cache_outage.attempt(lambda: cache.set(_stats_key(profile), stats, CHART_STATS_SECONDS), fallback=None)
    return stats


def stats_for_chart(profile) -> dict[str, Any]:
    """What the page showed (while kept), else worked out: an image asked for on its own."""
    stats = cache_outage.attempt(lambda: cache.get(_stats_key(profile)), fallback=None)
    return stats if stats is not None else personal.mentor_stats(profile=profile)


def _month_name(label: str) -> str:
    return date(int(label[:4]), int(label[5:]), 1).strftime("%b %Y")


def tables(stats: dict[str, Any]) -> dict[str, Any]:
    sessions = stats["sessions"]
    return {
        "charts": [
            {
                "name": "outcomes",
                "title": "Sessions by outcome",
                "summary": "Bar chart of your sessions: completed, cancelled, no-shows and upcoming.",
                "headers": ["Outcome", "Sessions"],
                "rows": [
                    ["Completed", sessions["completed"]],
                    ["Cancelled", sessions["cancelled"]],
                    ["Learner did not come", sessions["no_show_learner"]],
                    ["You did not come", sessions["no_show_mentor"]],
                    ["Upcoming", sessions["upcoming"]],
                ],
            },
            {
                "name": "ratings",
                "title": "Your ratings",
                "summary": "Bar chart of how many reviews gave each number of stars.",
                "headers": ["Stars", "Reviews"],
                "rows": [[f"{star} ★", stats["rating_distribution"][str(star)]] for star in range(5, 0, -1)],
            },
            {
                "name": "trend",
                "title": "Average rating per month",
                "summary": "Line chart of your average rating in each of the last six months.",
                "headers": ["Month", "Average rating", "Reviews"],
                "rows": [
                    [
                        _month_name(row["month"]),
                        row["average_rating"] if row["average_rating"] is not None else "—",
                        row["reviews"],
                    ]
                    for row in stats["rating_trend"]
                ],
            },
        ]
    }


def chart_svg(*, name: str, stats: dict[str, Any]) -> bytes:
    """KeyError for an unknown chart."""
    chart = {item["name"]: item for item in tables(stats)["charts"]}[name]
    labels = [str(row[0]) for row in chart["rows"]]
    if name == "trend":
        values = [row["average_rating"] for row in stats["rating_trend"]]
        return charts.lines(
            title=chart["title"],
            labels=labels,
            series=[charts.Series("Average rating", values)],
            range=(0, 5),
        )
    values = [row[1] for row in chart["rows"]]
    return charts.bars(
        title=chart["title"], labels=labels, series=[charts.Series(chart["headers"][1], values)]
    )
