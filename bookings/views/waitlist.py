"""Waitlists (issue 8): joining a mentor's waitlist, My waitlist with leaving, and the offer of
a freed time (accept like any booking, or decline) with its countdown."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import add_domain_error
from bookings import forms, selectors, services
from bookings.models import (
    OfferStatus,
    PaymentMethod,
)
from bookings.services._common import price_for
from bookings.views._common import (
    after_booking,
    back_url,
    credits_text,
    form_data,
    pay_options,
    viewer_zone,
)
from core.errors import DomainError, NotFound
from core.money import format_money
from core.throttling import page_rate_limit
from mentors import selectors as mentor_selectors
from mentors.errors import MentorProfileNotFound


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def waitlist_join(request: HttpRequest, mentor_id) -> HttpResponse:
    try:
        mentor = mentor_selectors.mentor_public_get(mentor_id=mentor_id)
    except MentorProfileNotFound:
        raise Http404("No such mentor") from None
    zone = viewer_zone(request)
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).date()
    try:
        asked = datetime.strptime(request.GET.get("date", ""), "%Y-%m-%d").date()
    except ValueError:
        asked = None
    day = asked if asked and asked >= today else today
    durations = sorted({s.duration_minutes for s in mentor.active_services}) or [60]
    form = forms.WaitlistJoinForm(
        form_data(request),
        initial={
            "start_date": day,
            "end_date": day if asked else day + timedelta(days=7),
            "duration_minutes": 60 if 60 in durations else durations[0],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.waitlist_join(
                learner=request.user,
                mentor_id=mentor.pk,
                start_date=data["start_date"],
                end_date=data["end_date"],
                time_from=data["time_from"],
                time_to=data["time_to"],
                timezone_name=zone,
                duration_minutes=data["duration_minutes"],
                note=data["note"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"You are on {mentor.user.display_name}'s waitlist. When a time that fits frees up, "
                f"it is held for you for {settings.BOOKINGS_WAITLIST_OFFER_MINUTES} minutes and we "
                "tell you at once.",
            )
            return redirect("bookings:waitlist")
    return render(
        request,
        "bookings/waitlist_join.html",
        {
            "mentor": mentor,
            "form": form,
            "viewer_tz": zone,
            "calendar_url": reverse("mentors:profile", args=[mentor.pk]),
        },
    )


@login_required
@never_cache
@require_GET
def my_waitlist(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    entries = list(selectors.waitlist_for(user=request.user))
    return render(
        request,
        "bookings/waitlist.html",
        {"entries": entries, "viewer_tz": viewer_zone(request), "now": now},
    )


@login_required
@require_POST
def waitlist_leave(request: HttpRequest, entry_id) -> HttpResponse:
    try:
        services.waitlist_leave(learner=request.user, entry_id=entry_id)
    except NotFound:
        raise Http404("No such waitlist entry") from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "You have left the waitlist.")
    return redirect("bookings:waitlist")


def _offer_or_404(request: HttpRequest, offer_id):
    try:
        return selectors.offer_get(user=request.user, offer_id=offer_id)
    except DomainError:
        raise Http404("No such offer") from None


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
@page_rate_limit("payments")
def offer(request: HttpRequest, offer_id) -> HttpResponse:
    """A freed time held for the learner: accept (booked like any session, card through the
    checkout) or decline, with a live countdown to the end of the hold."""
    found = _offer_or_404(request, offer_id)
    now = timezone.now()
    is_open = found.status == OfferStatus.OPEN and found.expires_at > now
    mentor = found.mentor
    amount, currency, credits = price_for(
        mentor=mentor, service=found.entry.service, duration_minutes=found.duration_minutes
    )
    pay = pay_options(
        learner=request.user,
        mentor=mentor,
        duration=found.duration_minutes,
        prices=[(amount, currency, credits)],
        now=now,
    )
    form = forms.OfferAcceptForm(form_data(request), methods=pay.methods, packages=pay.packages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking, payment = services.offer_accept(
                learner=request.user,
                offer_id=found.pk,
                payment_method=data.get("payment_method") or PaymentMethod.CARD,
                package_purchase_id=data.get("package_purchase") or None,
                topic=data["topic"],
                learner_notes=data["learner_notes"],
                request=request,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return after_booking(request, booking, payment)
    context = {
        "offer": found,
        "is_open": is_open,
        "now": now,
        "viewer_tz": viewer_zone(request),
        "form": form,
        "pay": pay,
        "price": format_money(amount, currency),
        "credits": credits_text(credits),
    }
    return render(request, "bookings/offer.html", context)


@login_required
@require_POST
def offer_decline(request: HttpRequest, offer_id) -> HttpResponse:
    try:
        services.offer_decline(learner=request.user, offer_id=offer_id)
    except NotFound:
        raise Http404("No such offer") from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "You declined the offer. The time goes to the next person waiting.")
    return redirect(back_url(request, reverse("bookings:waitlist")))
