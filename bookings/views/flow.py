"""Booking a free time from a mentor's calendar: /bookings/new/?slot=<slot id>, the details of
the session, then payment (card through the checkout page; credits or a package at once)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.forms import add_domain_error
from bookings import forms, services
from bookings.models import (
    PaymentMethod,
)
from bookings.policy import lesson_types_offered
from bookings.services._common import price_for
from bookings.views._common import (
    after_booking,
    credits_text,
    form_data,
    mentor_zone,
    pay_options,
    viewer_zone,
)
from core.errors import DomainError
from core.money import format_money
from core.throttling import page_rate_limit
from mentors import selectors as mentor_selectors
from mentors import slots as slot_engine
from mentors.errors import MentorProfileNotFound, SlotNotAvailable
from mentors.models import MentorProfile


def _slot_is_free(mentor: MentorProfile, start: datetime, duration: int) -> bool:
    found = mentor_selectors.slots_for_mentor(
        mentor=mentor, start=start, end=start + timedelta(seconds=1), duration_minutes=duration
    )
    return any(slot.start_at == start for slot in found)


def _calendar_url(mentor: MentorProfile, start: datetime, zone: str) -> str:
    month = start.astimezone(zoneinfo.ZoneInfo(zone))
    return reverse("mentors:profile", args=[mentor.pk]) + f"?month={month:%Y-%m}#calendar-title"


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
@page_rate_limit("payments")
def new(request: HttpRequest) -> HttpResponse:
    """/bookings/new/?slot=<slot id>: the details of a session at a free time, then payment."""
    slot_id = request.POST.get("slot") or request.GET.get("slot") or ""
    try:
        mentor_id, start, duration = slot_engine.decode_slot_id(slot_id)
        mentor = mentor_selectors.mentor_public_get(mentor_id=mentor_id)
    except (ValueError, MentorProfileNotFound):
        raise Http404("No such time") from None
    zone = viewer_zone(request)
    now = timezone.now()
    own = mentor.user_id == request.user.pk
    services_here = [s for s in mentor.active_services if s.duration_minutes == duration]
    options: list[tuple[str, str]] = []
    prices = []
    for service in services_here:
        amount, currency, credits = price_for(mentor=mentor, service=service, duration_minutes=duration)
        prices.append((amount, currency, credits))
        options.append(
            (str(service.pk), f"{service.title}: {format_money(amount, currency)} or {credits_text(credits)}")
        )
    standard = price_for(mentor=mentor, service=None, duration_minutes=duration)
    if not services_here or mentor.hourly_rate is not None:
        prices.append(standard)
        if services_here:
            options.append(
                (
                    "",
                    f"A {duration}-minute session at the hourly rate: "
                    f"{format_money(standard[0], standard[1])} or {credits_text(standard[2])}",
                )
            )
    pay = pay_options(learner=request.user, mentor=mentor, duration=duration, prices=prices, now=now)
    lesson_types = lesson_types_offered(mentor)
    # The session chosen on the calendar before the time comes along preselected.
    asked = request.GET.get("service")
    form = forms.BookingDetailsForm(
        form_data(request),
        initial={"service": asked} if asked and asked in {value for value, _ in options} else None,
        services=options,
        lesson_types=lesson_types,
        methods=pay.methods,
        packages=pay.packages,
    )
    slot_taken = False
    if request.method == "POST" and not own and form.is_valid():
        data = form.cleaned_data
        try:
            booking, payment = services.booking_create(
                learner=request.user,
                slot_id=slot_id,
                timezone_name=zone,
                service_id=data.get("service") or None,
                topic=data["topic"],
                learner_notes=data["learner_notes"],
                lesson_type=data.get("lesson_type") or lesson_types[0],
                payment_method=data.get("payment_method") or PaymentMethod.CARD,
                package_purchase_id=data.get("package_purchase") or None,
                request=request,
            )
        except DomainError as error:
            slot_taken = isinstance(error, SlotNotAvailable)
            add_domain_error(form, error)
        else:
            return after_booking(request, booking, payment)
    elif request.method == "GET" and not own:
        slot_taken = not _slot_is_free(mentor, start, duration)
    context = {
        "mentor": mentor,
        "slot_id": slot_id,
        "start": start,
        "end": start + timedelta(minutes=duration),
        "duration": duration,
        "viewer_tz": zone,
        "mentor_tz": mentor_zone(mentor),
        "form": form,
        "pay": pay,
        "standard": standard,
        "has_services": bool(services_here),
        "own": own,
        "slot_taken": slot_taken,
        "calendar_url": _calendar_url(mentor, start, zone),
        "hold_minutes": settings.BOOKINGS_PAYMENT_HOLD_MINUTES,
    }
    return render(request, "bookings/new.html", context)
