"""A mentor's public profile page and its month calendar."""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from mentors import search, selectors, slots
from mentors.models import MentorProfile
from mentors.views._common import (
    public_mentor,
    time_zone_suggestions,
    viewer_time_zone,
)

CALENDAR_MONTHS_AHEAD = 12


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    past: bool
    slots: list[slots.Slot]


def _month(raw: str | None, *, today: date) -> date:
    try:
        asked = datetime.strptime(raw or "", "%Y-%m").date()
    except ValueError:
        return today.replace(day=1)
    first, last = today.replace(day=1), _add_months(today.replace(day=1), CALENDAR_MONTHS_AHEAD)
    return min(max(asked, first), last)


def _add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _weeks(month: date, days: dict[str, list[slots.Slot]], *, today: date) -> list[list[CalendarDay]]:
    return [
        [
            CalendarDay(
                d,
                d.month == month.month,
                d < today,
                [s for s in days.get(d.isoformat(), []) if s.status == slots.AVAILABLE],
            )
            for d in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]


def _calendar_context(request: HttpRequest, mentor: MentorProfile) -> dict:
    zone = viewer_time_zone(request)
    today = timezone.now().astimezone(ZoneInfo(zone)).date()
    month = _month(request.GET.get("month"), today=today)
    days = selectors.mentor_calendar(mentor=mentor, month=month, viewer_timezone=zone).days
    weeks = _weeks(month, days, today=today)
    first = today.replace(day=1)
    # Days whose times are all taken by others: the calendar offers the waitlist there.
    full_days = {
        day
        for day, found in days.items()
        if day >= today.isoformat()
        and any(s.status in (slots.BOOKED, slots.HELD) for s in found)
        and not any(s.status == slots.AVAILABLE for s in found)
    }
    return {
        "full_days": full_days,
        "own_calendar": request.user.is_authenticated and request.user.pk == mentor.user_id,
        "mentor": mentor,
        "viewer_tz": zone,
        "tz_param": request.GET.get("tz", "") if not request.user.is_authenticated else "",
        "month": month,
        "weeks": weeks,
        "free_count": sum(len(day.slots) for week in weeks for day in week if day.in_month),
        "previous_month": _add_months(month, -1) if month > first else None,
        "next_month": _add_months(month, 1) if month < _add_months(first, CALENDAR_MONTHS_AHEAD) else None,
        "weekday_names": [calendar.day_name[i] for i in range(7)],
    }


@require_GET
def profile(request: HttpRequest, mentor_id: uuid.UUID) -> HttpResponse:
    mentor = public_mentor(mentor_id)
    context = _calendar_context(request, mentor)
    if request.htmx and request.htmx.target == "calendar":
        return render(request, "mentors/includes/calendar.html", context)
    from mentors import extensions  # the reviews' provider (bookings registers it at start-up)

    context.update(
        cards=search.card_context(mentors=[mentor], viewer=request.user),
        reviews=selectors.mentor_reviews_summary(mentor=mentor),
        # The newest ten; GET /mentors/{id}/reviews pages through them all.
        public_reviews=list(extensions.reviews_for(mentor, sort="newest")[:10]),
        time_zones=time_zone_suggestions() if not request.user.is_authenticated else [],
    )
    return render(request, "mentors/profile.html", context)
