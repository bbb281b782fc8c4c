"""Site pages of a mentor's external calendars: add, read again, remove, and see the last sync.

Like the other mentors pages: a form checks shape, one service call does the work, errors land on the
form. Adding and reading again fetch the feed while the page waits (at most
CALENDAR_FEEDS_TIMEOUT seconds), outside any transaction.
"""

from __future__ import annotations

import uuid
from contextlib import suppress

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import add_domain_error
from core.errors import DomainError
from mentors import forms, selectors, services
from mentors.errors import CalendarFeedNotFound
from mentors.feeds import mask_url
from mentors.models import CalendarFeed, MentorProfile
from mentors.services.feeds import feed_label
from mentors.views._common import form_data, own_profile, viewer_time_zone


def _outcome(request: HttpRequest, feed: CalendarFeed, done: str) -> None:
    label = feed_label(feed)
    if feed.last_error:
        messages.warning(request, f"{done.format(label=label)} We could not read it: {feed.last_error}")
    else:
        busy = "1 busy time" if feed.events_count == 1 else f"{feed.events_count} busy times"
        messages.success(request, f"{done.format(label=label)} {busy} from it now block your slots.")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def calendars(request: HttpRequest) -> HttpResponse:
    mentor = own_profile(request)
    if mentor is None:
        return redirect("mentors:apply", step="basics")
    form = forms.CalendarFeedForm(form_data(request))
    if form.is_valid():
        try:
            feed = services.calendar_feed_add(mentor=mentor, refresh=True, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            _outcome(request, feed, "“{label}” is added.")
            return redirect("mentors:calendars")
    rows = [
        {"feed": feed, "label": feed_label(feed), "masked_url": mask_url(feed.url)}
        for feed in selectors.calendar_feeds_for_owner(mentor=mentor)
    ]
    return render(
        request,
        "mentors/calendars.html",
        {
            "mentor": mentor,
            "form": form,
            "rows": rows,
            "viewer_tz": viewer_time_zone(request),
            "max_feeds": settings.CALENDAR_FEEDS_MAX_PER_MENTOR,
            "can_add": len(rows) < settings.CALENDAR_FEEDS_MAX_PER_MENTOR,
            "refresh_minutes": settings.CALENDAR_FEEDS_REFRESH_MINUTES,
        },
        status=400 if request.method == "POST" else 200,
    )


def _own_feed(request: HttpRequest, feed_id: uuid.UUID) -> tuple[MentorProfile, CalendarFeed]:
    mentor = own_profile(request)
    if mentor is None:
        raise Http404("No such calendar")
    try:
        # Scoped to the caller's own profile: another mentor's calendar is a 404.
        return mentor, selectors.calendar_feed_get_for_owner(mentor=mentor, feed_id=feed_id)
    except CalendarFeedNotFound:
        raise Http404("No such calendar") from None


@login_required
@require_POST
def calendar_refresh(request: HttpRequest, feed_id: uuid.UUID) -> HttpResponse:
    _, feed = _own_feed(request, feed_id)
    try:
        refreshed = services.calendar_feed_refresh(feed_id=feed.pk)
    except CalendarFeedNotFound:
        refreshed = None
    if refreshed is None:  # removed in another tab meanwhile
        messages.info(request, "That calendar is no longer on your list.")
    else:
        _outcome(request, refreshed, "“{label}” is read again.")
    return redirect("mentors:calendars")


@login_required
@require_POST
def calendar_remove(request: HttpRequest, feed_id: uuid.UUID) -> HttpResponse:
    mentor, feed = _own_feed(request, feed_id)
    # Already removed (in a second tab): the list shows the right state either way.
    with suppress(CalendarFeedNotFound):
        services.calendar_feed_remove(mentor=mentor, feed_id=feed.pk)
    messages.success(request, f"“{feed_label(feed)}” is removed; its busy times no longer block your slots.")
    return redirect("mentors:calendars")
