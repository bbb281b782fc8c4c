"""My bookings (upcoming and past, as learner and as mentor) and the mentor's queue of requests
with its confirm and decline."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from bookings import forms, selectors, services
from bookings.models import (
    BookingStatus,
    Party,
)
from bookings.views._common import (
    act,
    checkout_url,
    decorate,
    viewer_zone,
)
from mentors.models import MentorProfile

PAGE_SIZE = 20


@login_required
@never_cache
@require_GET
def my_bookings(request: HttpRequest) -> HttpResponse:
    show = "past" if request.GET.get("show") == "past" else "upcoming"
    role = request.GET.get("role") if request.GET.get("role") in (Party.LEARNER, Party.MENTOR) else ""
    bookings = selectors.booking_list_for_user(
        user=request.user, role=role or None, upcoming=show == "upcoming"
    )
    page = Paginator(bookings, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    # One query, and only when the page has unpaid holds of the viewer's own.
    payments = selectors.payments_for(
        b
        for b in page.object_list
        if b.learner_id == request.user.pk and b.status == BookingStatus.PENDING_PAYMENT
    )
    for booking in page.object_list:
        decorate(booking)
        # "Waiting for payment" rows of the learner's own holds offer the checkout at once.
        payment = payments.get(booking.pk)
        booking.pay_url = (
            checkout_url(booking, payment) if selectors.payment_open(booking, payment, now=now) else ""
        )
    is_mentor = MentorProfile.objects.filter(user=request.user).exists()
    token = services.calendar_token_get(user=request.user)
    context = {
        "page": page,
        "show": show,
        "role": role,
        "is_mentor": is_mentor,
        "pending_count": selectors.pending_requests_for(user=request.user).count() if is_mentor else 0,
        "viewer_tz": viewer_zone(request),
        "feed_url": services.feed_url(token) if token is not None else "",
        "feed_token": token,
        "query": "&".join(part for part in (f"show={show}", f"role={role}" if role else "") if part),
    }
    return render(request, "bookings/list.html", context)


@login_required
@never_cache
@require_GET
def requests_queue(request: HttpRequest) -> HttpResponse:
    pending = [decorate(b) for b in selectors.pending_requests_for(user=request.user)]
    for booking in pending:
        # One decline form per request on the page, each with ids of its own.
        booking.decline_form = forms.ReasonForm(prefix="decline", auto_id=f"decline-{booking.pk}-%s")
    return render(request, "bookings/requests.html", {"bookings": pending, "viewer_tz": viewer_zone(request)})


@login_required
@require_POST
def confirm(request: HttpRequest, booking_id) -> HttpResponse:
    return act(
        request,
        booking_id,
        lambda: services.booking_confirm(booking_id=booking_id, user=request.user, request=request),
        done="The session is confirmed. The learner is told.",
    )


@login_required
@require_POST
def decline(request: HttpRequest, booking_id) -> HttpResponse:
    form = forms.ReasonForm(request.POST, prefix="decline")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return act(
        request,
        booking_id,
        lambda: services.booking_decline(
            booking_id=booking_id, user=request.user, reason=reason, request=request
        ),
        done="The request is declined. The learner gets a full refund.",
    )
