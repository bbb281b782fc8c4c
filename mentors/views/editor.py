"""Site pages of mentors: the directory, a mentor's profile and calendar, favourites,
recommendations, and for mentors the application wizard, the profile editor and the
availability editor.

Each view binds a form (shape only), makes one call to mentors.services, .selectors, .search or
.matching, and renders; htmx requests get the fragment they swap. Service errors are shown on
the form they came from (accounts.forms.add_domain_error).
"""

from __future__ import annotations

import calendar
import uuid
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import reference
from accounts.forms import add_domain_error
from core.errors import DomainError
from mentors import forms, matching, search, selectors, services, slots
from mentors.errors import MentorProfileNotFound
from mentors.models import MentorProfile, MentorStatus

PAGE_SIZE = 12
RECOMMENDED = 12
PREVIEW_DAYS = 14
CALENDAR_MONTHS_AHEAD = 12
WIZARD_STEPS = [
    ("basics", "About you"),
    ("topics", "What you teach"),
    ("availability", "Weekly hours"),
    ("review", "Review and submit"),
]


def _data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def viewer_time_zone(request: HttpRequest) -> str:
    """Times are shown in the signed-in user's zone, else the one asked for (?tz=), else UTC."""
    if request.user.is_authenticated and reference.normalize_time_zone(request.user.timezone):
        return request.user.timezone
    return reference.normalize_time_zone(request.GET.get("tz", "")) or "UTC"


def _back(request: HttpRequest, fallback: str) -> str:
    url = request.POST.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return fallback


# --- the directory ------------------------------------------------------------------------------


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = forms.DirectoryFilterForm(request.GET)
    # A bad value (a price of "abc") shows its error and leaves that filter out; the rest apply.
    filters = search.MentorFilters(**form.filters())
    page = Paginator(search.mentor_search(filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "cards": search.card_context(mentors=list(page.object_list), viewer=request.user),
        "viewer_tz": viewer_time_zone(request),
        "query_string": form.query_string(),
    }
    template = "mentors/includes/results.html" if request.htmx else "mentors/directory.html"
    return render(request, template, context)


@login_required
@require_GET
def recommended(request: HttpRequest) -> HttpResponse:
    matches = matching.recommend_for(user=request.user, limit=RECOMMENDED, queryset=selectors.mentor_cards())
    return render(
        request,
        "mentors/recommended.html",
        {
            "matches": matches,
            "cards": search.card_context(mentors=[m.mentor for m in matches], viewer=request.user),
            "viewer_tz": viewer_time_zone(request),
            "has_goals": bool(matching.learner_wants(request.user)),
        },
    )


# --- a mentor's public profile and calendar -----------------------------------------------------


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
    _, days = selectors.mentor_calendar(mentor_id=mentor.pk, month=month, viewer_timezone=zone)
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


def _public_mentor(mentor_id: uuid.UUID) -> MentorProfile:
    try:
        return selectors.mentor_public_get(mentor_id=mentor_id)
    except MentorProfileNotFound:
        raise Http404("No such mentor") from None


@require_GET
def profile(request: HttpRequest, mentor_id: uuid.UUID) -> HttpResponse:
    mentor = _public_mentor(mentor_id)
    context = _calendar_context(request, mentor)
    if request.htmx and request.htmx.target == "calendar":
        return render(request, "mentors/includes/calendar.html", context)
    from mentors import extensions  # the reviews' provider (bookings registers it at start-up)

    context.update(
        cards=search.card_context(mentors=[mentor], viewer=request.user),
        reviews=selectors.mentor_reviews_summary(mentor=mentor),
        # The newest ten; GET /mentors/{id}/reviews pages through them all.
        public_reviews=list(extensions.reviews_for(mentor, sort="newest")[:10]),
        time_zones=_time_zone_suggestions() if not request.user.is_authenticated else [],
    )
    return render(request, "mentors/profile.html", context)


def _time_zone_suggestions() -> list[str]:
    return sorted(name for name in reference.time_zones() if "/" in name and not name.startswith("Etc/"))


# --- favourites ---------------------------------------------------------------------------------


@login_required
@require_POST
def favorite_toggle(request: HttpRequest, mentor_id: uuid.UUID) -> HttpResponse:
    mentor = _public_mentor(mentor_id)
    adding = request.POST.get("action") != "remove"
    if adding:
        services.favorite_add(learner=request.user, mentor=mentor)
    else:
        # Already removed (in a second tab): the page shows the right state either way.
        with suppress(MentorProfileNotFound):
            services.favorite_remove(learner=request.user, mentor_id=mentor.pk)
    if request.htmx:
        return render(
            request,
            "mentors/includes/favorite_button.html",
            {"mentor": mentor, "is_favorite": adding, "announce": True, "next_url": _back(request, "")},
        )
    name = mentor.user.display_name
    messages.success(
        request,
        f"{name} is saved to your favourites." if adding else f"{name} is removed from your favourites.",
    )
    return redirect(_back(request, reverse("mentors:profile", args=[mentor.pk])))


@login_required
@require_GET
def favorites(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.favorites_for_learner(learner=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "mentors/favorites.html",
        {
            "page": page,
            "cards": search.card_context(mentors=list(page.object_list), viewer=request.user),
            "viewer_tz": viewer_time_zone(request),
        },
    )


# --- the mentor's own profile -------------------------------------------------------------------


def _own(request: HttpRequest) -> MentorProfile | None:
    return selectors.mentor_get_for_owner(user=request.user)


@login_required
@never_cache
@require_GET
def my_profile(request: HttpRequest) -> HttpResponse:
    mentor = _own(request)
    if mentor is None:
        return redirect("mentors:apply", step="basics")
    return render(request, "mentors/me.html", _me_context(mentor))


def _profile_initial(mentor: MentorProfile) -> dict:
    initial = {
        name: getattr(mentor, name) for name in forms.ProfileEditForm.base_fields if name != "languages"
    }
    initial["languages"] = ", ".join(mentor.languages or [])
    return initial


def _topics_initial(mentor: MentorProfile) -> dict:
    return {
        "subcategories": [str(c.pk) for c in mentor.categories.all() if c.parent_id],
        "subject_ids": [str(s.pk) for s in mentor.subjects.all()],
        "skills": ", ".join(s.name for s in mentor.skills.all()),
    }


def _me_context(mentor: MentorProfile, **bound) -> dict:
    """The "my mentor profile" page; `bound` replaces a blank form with one that has errors."""
    mentor = selectors.mentor_private_get(mentor_id=mentor.pk)
    return {
        "mentor": mentor,
        "missing": services.missing_for_review(mentor),
        "services": selectors.services_for_owner(mentor=mentor),
        "profile_form": forms.ProfileEditForm(initial=_profile_initial(mentor)),
        "topics_form": forms.TopicsForm(initial=_topics_initial(mentor)),
        "service_form": forms.ServiceForm(),
        **bound,
    }


def _render_me_with(request: HttpRequest, mentor: MentorProfile, **bound) -> HttpResponse:
    return render(request, "mentors/me.html", _me_context(mentor, **bound), status=400)


@login_required
@require_POST
def my_profile_save(request: HttpRequest) -> HttpResponse:
    mentor = _own(request)
    if mentor is None:
        return redirect("mentors:apply", step="basics")
    form = forms.ProfileEditForm(request.POST)
    if form.is_valid():
        try:
            services.mentor_update(mentor=mentor, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("mentors:me")
    return _render_me_with(request, mentor, profile_form=form)


@login_required
@require_POST
def my_topics_save(request: HttpRequest) -> HttpResponse:
    mentor = _own(request)
    if mentor is None:
        return redirect("mentors:apply", step="basics")
    form = forms.TopicsForm(request.POST)
    if form.is_valid():
        try:
            services.mentor_update(mentor=mentor, **form.service_data())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your topics are saved.")
            return redirect(_back(request, reverse("mentors:me")))
    return _render_me_with(request, mentor, topics_form=form)


@login_required
@require_POST
def my_service_add(request: HttpRequest) -> HttpResponse:
    mentor = _own(request)
    if mentor is None:
        return redirect("mentors:apply", step="basics")
    form = forms.ServiceForm(request.POST)
    if form.is_valid():
        try:
            services.service_create(mentor=mentor, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"“{form.cleaned_data['title']}” is added to your sessions.")
            return redirect(reverse("mentors:me") + "#sessions")
    return _render_me_with(request, mentor, service_form=form)


@login_required
@require_POST
def my_service_delete(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    mentor = _own(request)
    try:
        # Scoped to the caller's own profile: another mentor's session is a 404, never deleted.
        service = selectors.service_get_for_owner(mentor=mentor, service_id=service_id)
    except DomainError:
        raise Http404("No such session") from None
    deleted = services.service_delete(service=service)
    messages.success(
        request,
        f"“{service.title}” is deleted."
        if deleted
        else f"“{service.title}” has bookings, so it is switched off instead.",
    )
    return redirect(reverse("mentors:me") + "#sessions")


@login_required
@require_POST
def my_submit(request: HttpRequest) -> HttpResponse:
    mentor = _own(request)
    if mentor is None:
        return redirect("mentors:apply", step="basics")
    try:
        services.mentor_submit(mentor=mentor)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_back(request, reverse("mentors:me")))
    messages.success(request, "Thank you: your profile is with our team for review. We will let you know.")
    return redirect("mentors:me")


# --- the application wizard ---------------------------------------------------------------------


def _wizard_context(step: str, mentor: MentorProfile | None) -> dict:
    index = [name for name, _ in WIZARD_STEPS].index(step)
    return {
        "steps": WIZARD_STEPS,
        "step": step,
        "step_number": index + 1,
        "step_title": WIZARD_STEPS[index][1],
        "previous_step": WIZARD_STEPS[index - 1][0] if index else None,
        "mentor": mentor,
    }


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, step: str) -> HttpResponse:
    if step not in dict(WIZARD_STEPS):
        raise Http404("No such step")
    mentor = _own(request)
    if mentor is None and step != "basics":
        return redirect("mentors:apply", step="basics")
    if mentor is not None and mentor.status in {MentorStatus.PENDING_APPROVAL, MentorStatus.APPROVED}:
        return redirect("mentors:me")
    handler = {"basics": _apply_basics, "topics": _apply_topics, "availability": _apply_availability}.get(
        step, _apply_review
    )
    return handler(request, mentor, _wizard_context(step, mentor))


def _apply_basics(request: HttpRequest, mentor: MentorProfile | None, context: dict) -> HttpResponse:
    if mentor is None:
        initial = {
            "currency": request.user.currency,
            "years_of_experience": 0,
            "languages": request.user.preferred_language[:2],
        }
    else:
        initial = _profile_initial(mentor)
    form = forms.ProfileBasicsForm(_data(request), initial=initial)
    if form.is_valid():
        try:
            if mentor is None:
                services.mentor_apply(user=request.user, **form.cleaned_data)
            else:
                services.mentor_update(mentor=mentor, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("mentors:apply", step="topics")
    return render(request, "mentors/apply.html", {**context, "form": form})


def _apply_topics(request: HttpRequest, mentor: MentorProfile, context: dict) -> HttpResponse:
    mentor = selectors.mentor_private_get(mentor_id=mentor.pk)
    form = forms.TopicsForm(_data(request), initial=_topics_initial(mentor))
    if form.is_valid():
        try:
            services.mentor_update(mentor=mentor, **form.service_data())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("mentors:apply", step="availability")
    return render(request, "mentors/apply.html", {**context, "form": form})


def _apply_availability(request: HttpRequest, mentor: MentorProfile, context: dict) -> HttpResponse:
    schedule = selectors.schedule_for_mentor(mentor=mentor)
    form = forms.AvailabilityForm(
        _data(request), initial=forms.AvailabilityForm.initial_for(schedule, timezone=request.user.timezone)
    )
    if form.is_valid():
        try:
            services.schedule_replace(mentor=mentor, **form.schedule_data(schedule))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("mentors:apply", step="review")
    return render(
        request, "mentors/apply.html", {**context, "form": form, "time_zones": _time_zone_suggestions()}
    )


def _apply_review(request: HttpRequest, mentor: MentorProfile, context: dict) -> HttpResponse:
    mentor = selectors.mentor_private_get(mentor_id=mentor.pk)
    return render(
        request,
        "mentors/apply.html",
        {
            **context,
            "mentor": mentor,
            "missing": services.missing_for_review(mentor),
            "schedule": selectors.schedule_for_mentor(mentor=mentor),
        },
    )


# --- availability -------------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest) -> HttpResponse:
    mentor = _own(request)
    if mentor is None:
        return redirect("mentors:apply", step="basics")
    schedule = selectors.schedule_for_mentor(mentor=mentor)
    form = forms.AvailabilityForm(
        _data(request), initial=forms.AvailabilityForm.initial_for(schedule, timezone=request.user.timezone)
    )
    exceptions = forms.ExceptionFormSet(
        _data(request), initial=forms.exception_initial(schedule), prefix="exceptions"
    )
    if request.method == "POST" and form.is_valid() and exceptions.is_valid():
        try:
            services.schedule_replace(
                mentor=mentor, **form.schedule_data(schedule, exceptions=exceptions.exceptions())
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
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
            "time_zones": _time_zone_suggestions(),
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
