"""The availability editor: weekly hours, booking rules, date exceptions and a preview of the slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mentors import forms, selectors, services, slots
from mentors.views._common import form_data, form_saved, own_profile, time_zone_suggestions

PREVIEW_DAYS = 14


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest) -> HttpResponse:
    mentor = own_profile(request)
    if mentor is None:
        return redirect("mentors:apply", step="basics")
    schedule = selectors.schedule_for_mentor(mentor=mentor)
    form = forms.AvailabilityForm(
        form_data(request),
        initial=forms.AvailabilityForm.initial_for(schedule, timezone=request.user.timezone),
    )
    exceptions = forms.ExceptionFormSet(
        form_data(request), initial=forms.exception_initial(schedule), prefix="exceptions"
    )

    def save():
        exceptions_data = exceptions.exceptions()
        return services.schedule_replace(
            mentor=mentor, **form.schedule_data(schedule, exceptions=exceptions_data)
        )

    if exceptions.is_valid() and form_saved(form, save):
        messages.success(
            request, "Your availability is saved. The preview below shows what learners can book."
        )
        return redirect("mentors:availability")
    first_day = timezone.now().date()
    zone, preview = selectors.schedule_preview(
        mentor=mentor, start_date=first_day, end_date=first_day + timedelta(days=PREVIEW_DAYS - 1)
    )
    preview_start = datetime.combine(first_day, time.min, tzinfo=zone)
    preview_end = datetime.combine(first_day + timedelta(days=PREVIEW_DAYS), time.min, tzinfo=zone)
    external = selectors.external_busy_for_owner(mentor=mentor, start=preview_start, end=preview_end)
    return render(
        request,
        "mentors/availability.html",
        {
            "mentor": mentor,
            "form": form,
            "exceptions": exceptions,
            "time_zones": time_zone_suggestions(),
            "preview_tz": str(zone),
            "preview_days": _preview_days(preview, external, zone, start=preview_start, end=preview_end),
            "rules_summary": _rules_summary(schedule),
            "feed_count": selectors.calendar_feeds_for_owner(mentor=mentor).count(),
            "has_schedule": schedule is not None,
            "schedule_type": schedule.type if schedule is not None else "weekly",
        },
        status=400 if request.method == "POST" else 200,
    )


# What the preview says of a slot that is not free (learners see only the status).
PREVIEW_LABELS = {
    slots.REASON_DATE_EXCEPTION: "blocked",
    slots.REASON_BOOKING: "booked",
    slots.REASON_HOLD: "held",
    slots.REASON_BUFFER: "break around a session",
    slots.REASON_EXTERNAL: "busy in your calendar",
    slots.REASON_DAILY_SESSIONS: "day full: session limit",
    slots.REASON_DAILY_MINUTES: "day full: minutes limit",
    slots.REASON_MIN_GAP: "too close to another session",
}


@dataclass(frozen=True)
class PreviewDay:
    day: date
    slots: list[tuple[slots.Slot, str]]  # each slot with what the chip says
    busy: list[tuple[datetime, datetime, str]]  # imported events: start, end, calendar


def _preview_days(
    found: list[slots.Slot], external: list, zone: ZoneInfo, *, start: datetime, end: datetime
) -> list[PreviewDay]:
    days: dict[date, PreviewDay] = {}

    def day(local: date) -> PreviewDay:
        return days.setdefault(local, PreviewDay(local, [], []))

    for slot in found:
        label = "free" if slot.status == slots.AVAILABLE else PREVIEW_LABELS.get(slot.reason, slot.status)
        day(slot.start_at.astimezone(zone).date()).slots.append((slot, label))
    for interval in external:
        name = interval.feed.name if interval.feed is not None and interval.feed.name else "your calendar"
        # An event over several days (a trip, a holiday) is listed on each day of the preview it covers.
        first = max(interval.start_at, start).astimezone(zone).date()
        last = (min(interval.end_at, end) - timedelta(microseconds=1)).astimezone(zone).date()
        while first <= last:
            day(first).busy.append((interval.start_at, interval.end_at, name))
            first += timedelta(days=1)
    return [days[key] for key in sorted(days)]


def _rules_summary(schedule) -> list[str]:
    """The booking rules that shape the preview, in words."""
    if schedule is None:
        return []
    lines = []
    before, after = schedule.buffer_before_minutes, schedule.buffer_after_minutes
    if before and after:
        lines.append(f"A break of {before} minutes before and {after} minutes after each session.")
    elif before or after:
        lines.append(f"A break of {before or after} minutes {'before' if before else 'after'} each session.")
    if schedule.max_sessions_per_day is not None:
        count = schedule.max_sessions_per_day
        lines.append(f"At most {count} session{'s' if count != 1 else ''} a day.")
    if schedule.max_booked_minutes_per_day is not None:
        lines.append(f"At most {schedule.max_booked_minutes_per_day} minutes of sessions a day.")
    if schedule.min_gap_minutes:
        lines.append(f"At least {schedule.min_gap_minutes} minutes free between two sessions.")
    return lines
