"""Calendars: a booking's .ics file for its two parties, and the personal feed URL (made,
replaced and turned off here; served by calendar_feed to the calendar apps that subscribe)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from bookings import selectors, services
from bookings.api.views.calendars import booking_ics_download
from core.errors import DomainError


@login_required
@require_POST
def calendar_feed_manage(request: HttpRequest) -> HttpResponse:
    """Create, replace or turn off the personal calendar feed URL."""
    action = request.POST.get("action")
    if action in ("create", "replace"):
        services.calendar_token_create(user=request.user)
        messages.success(
            request,
            "Your calendar feed link is ready. Add it to your calendar app as a subscription."
            if action == "create"
            else "Your calendar feed has a new link. The old one no longer works.",
        )
    elif action == "revoke":
        services.calendar_token_revoke(user=request.user)
        messages.success(request, "Your calendar feed is turned off. Its link no longer works.")
    return redirect(reverse("bookings:list") + "#feed-title")


@login_required
@require_GET
def booking_ics(request: HttpRequest, booking_id) -> HttpResponse:
    """The booking as an .ics file, for its two parties."""
    try:
        booking = selectors.booking_get_for_party(user=request.user, booking_id=booking_id)
    except DomainError:
        raise Http404("No such booking") from None
    return booking_ics_download(booking, request.user)


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed a calendar app subscribes to: the token in the URL is the key."""
    body = services.feed_ics(token=token)
    if body is None:
        raise Http404("No such calendar feed")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
