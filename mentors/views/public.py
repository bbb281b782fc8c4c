"""A mentor's public profile page and its month calendar."""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core import timezones
from core.money import format_money
from mentors import search, selectors, slots
from mentors.models import MentorProfile
from mentors.signals import profile_view_announce
from mentors.views._common import (
    mentor_zone,
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


@dataclass(frozen=True)
class SessionChoice:
    """One kind of session the calendar can show times for: a service, or the hourly rate."""

    value: str  # the service's id, or RATE
    label: str
    duration_minutes: int | None  # None: the schedule's own slot lengths
    service_id: str = ""


RATE = "rate"


def _session_choices(mentor: MentorProfile) -> list[SessionChoice]:
    choices = []
    if mentor.hourly_rate is not None or not mentor.active_services:
        rate = (
            f"{format_money(mentor.hourly_rate, mentor.currency)} an hour"
            if mentor.hourly_rate is not None
            else "the standard rate"
        )
        choices.append(SessionChoice(RATE, f"A session at {rate}", None))
    choices += [
        SessionChoice(
            str(service.pk),
            f"{service.title}, {service.duration_minutes} minutes, {format_money(service.price, service.currency)}",
            service.duration_minutes,
            str(service.pk),
        )
        for service in mentor.active_services
    ]
    return choices


def _chosen(choices: list[SessionChoice], raw: str | None) -> SessionChoice:
    return next((c for c in choices if c.value == raw), choices[0])


def month_calendar(
    request: HttpRequest,
    mentor: MentorProfile,
    *,
    duration_minutes: int | None,
    slot_link: str,
    query: dict[str, str] | None = None,
) -> dict:
    """The context of mentors/includes/calendar.html: a month (?month=) of the mentor's free
    times of `duration_minutes` in the viewer's zone. Each time links to `slot_link` followed by
    `slot=<id>` (booking it, or moving a booking there); `query` is what the month links keep."""
    zone = viewer_time_zone(request)
    today = timezone.now().astimezone(ZoneInfo(zone)).date()
    month = _month(request.GET.get("month"), today=today)
    days = selectors.mentor_calendar(
        mentor=mentor, month=month, viewer_timezone=zone, duration_minutes=duration_minutes
    ).days
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
    mentor_tz = mentor_zone(mentor)
    return {
        "mentor_tz": mentor_tz if not timezones.same_clock(timezone.now(), mentor_tz, zone) else "",
        "mentor_place": timezones.place_name(mentor_tz),
        "free_days": [day for week in weeks for day in week if day.in_month and day.slots and not day.past],
        "full_days": full_days,
        "own_calendar": request.user.is_authenticated and request.user.pk == mentor.user_id,
        "mentor": mentor,
        "viewer_tz": zone,
        "slot_link": slot_link,
        # "/" kept as is: ?tz=Asia/Tokyo reads as the zone's name.
        "calendar_query": urlencode({key: value for key, value in (query or {}).items() if value}, safe="/"),
        "month": month,
        "weeks": weeks,
        "free_count": sum(len(day.slots) for week in weeks for day in week if day.in_month),
        "previous_month": _add_months(month, -1) if month > first else None,
        "next_month": _add_months(month, 1) if month < _add_months(first, CALENDAR_MONTHS_AHEAD) else None,
        "weekday_names": [calendar.day_name[i] for i in range(7)],
    }


def _calendar_context(request: HttpRequest, mentor: MentorProfile) -> dict:
    # The session comes first: its length decides which times are free.
    choices = _session_choices(mentor)
    chosen = _chosen(choices, request.GET.get("session"))
    tz_param = request.GET.get("tz", "") if not request.user.is_authenticated else ""
    book = reverse("bookings:new") + "?"
    if chosen.service_id:
        book += urlencode({"service": chosen.service_id}) + "&"
    context = month_calendar(
        request,
        mentor,
        duration_minutes=chosen.duration_minutes,
        slot_link=book,
        # What the month links keep: the zone a visitor asked for and the session chosen.
        query={"tz": tz_param, "session": chosen.value if chosen is not choices[0] else ""},
    )
    context.update(
        session_choices=choices if len(choices) > 1 else [],
        session=chosen,
        tz_param=tz_param,
        booking_calendar=True,
    )
    return context


@require_GET
def profile(request: HttpRequest, mentor_id: uuid.UUID) -> HttpResponse:
    mentor = public_mentor(mentor_id)
    context = _calendar_context(request, mentor)
    if request.htmx and request.htmx.target == "calendar":
        return render(request, "mentors/includes/calendar.html", context)
    profile_view_announce(mentor=mentor, viewer=request.user)
    from mentors import extensions  # the reviews' provider (bookings registers it at start-up)

    context.update(
        cards=search.card_context(mentors=[mentor], viewer=request.user),
        reviews=selectors.mentor_reviews_summary(mentor=mentor),
        # The newest ten; GET /mentors/{id}/reviews pages through them all.
        public_reviews=list(extensions.reviews_for(mentor, sort="newest")[:10]),
        time_zones=time_zone_suggestions() if not request.user.is_authenticated else [],
    )
    return render(request, "mentors/profile.html", context)
