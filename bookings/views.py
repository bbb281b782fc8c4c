"""Site pages of bookings. They call the same services and selectors as the API; forms only
check shape."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bookings import selectors, services
from core.errors import DomainError


@login_required
@require_GET
def my_bookings(request: HttpRequest) -> HttpResponse:
    bookings = selectors.booking_list_for_user(user=request.user, upcoming=True)
    return render(request, "bookings/list.html", {"bookings": bookings, "now": timezone.now()})


@login_required
@never_cache
def detail(request: HttpRequest, booking_id) -> HttpResponse:
    try:
        booking = selectors.booking_get_for_user(user=request.user, booking_id=booking_id)
    except DomainError:
        raise Http404("No such booking") from None
    return render(request, "bookings/detail.html", {"booking": booking, "now": timezone.now()})


@login_required
@never_cache
def offer(request: HttpRequest, offer_id) -> HttpResponse:
    try:
        found = selectors.offer_get(user=request.user, offer_id=offer_id)
    except DomainError:
        raise Http404("No such offer") from None
    return render(request, "bookings/offer.html", {"offer": found, "now": timezone.now()})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed a calendar app subscribes to: the token in the URL is the key."""
    body = services.feed_ics(token=token)
    if body is None:
        raise Http404("No such calendar feed")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
