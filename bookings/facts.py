"""Completed sessions for a learner's resume and portfolio (accounts.portfolio.facts).

Only `completed` bookings count: a cancelled, declined, expired or no-show booking never appears,
nor anyone else's. Sessions are grouped by mentor and topic (service, else the booking's topic, else subject), so ten
sessions of "Python code review" with one mentor are one line with their count and hours.
"""

from __future__ import annotations

from accounts.portfolio import facts


def completed_sessions(user) -> list[facts.Experience]:
    from bookings.models import Booking, BookingStatus

    rows = (
        Booking.objects.filter(learner=user, status=BookingStatus.COMPLETED)
        .select_related("mentor__user", "service", "subject")
        .order_by("start_at", "id")
    )
    groups: dict[tuple, dict] = {}
    for booking in rows:
        if booking.service is not None:
            title = booking.service.title
        elif booking.topic:
            title = booking.topic
        elif booking.subject is not None:
            title = f"{booking.subject.name} mentoring"
        else:
            title = "1:1 mentoring"
        day = (booking.completed_at or booking.end_at).date()
        group = groups.setdefault(
            (booking.mentor_id, title),
            {
                "title": title,
                "mentor": booking.mentor.user.display_name,
                "sessions": 0,
                "minutes": 0,
                "started_on": booking.start_at.date(),
                "ended_on": day,
            },
        )
        group["sessions"] += 1
        group["minutes"] += booking.duration_minutes
        group["ended_on"] = max(group["ended_on"], day)
    items = [facts.Experience(type="mentoring", **group) for group in groups.values()]
    return sorted(items, key=lambda item: (item.ended_on, item.title), reverse=True)
