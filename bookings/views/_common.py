"""What the bookings pages share: the viewer's time zone and wording of times and money, the
booking a person may see (404 for anyone else), the ways to pay for a session, and where a
booking goes once it is made."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from bookings import forms, selectors
from bookings.models import Booking, BookingStatus
from core import timezones
from core.errors import DomainError, NotFound
from core.money import format_money
from mentors.models import MentorProfile
from mentors.views._common import mentor_zone
from payments import selectors as payment_selectors
from payments.models import PackagePurchaseStatus

STATUS_LABELS = {
    BookingStatus.PENDING_PAYMENT: ("Waiting for payment", "warn"),
    BookingStatus.PENDING: ("Waiting for the mentor", "warn"),
    BookingStatus.CONFIRMED: ("Confirmed", "ok"),
    BookingStatus.IN_PROGRESS: ("In progress", "ok"),
    BookingStatus.COMPLETED: ("Completed", "ok"),
    BookingStatus.DECLINED: ("Declined", ""),
    BookingStatus.CANCELLED: ("Cancelled", ""),
    BookingStatus.EXPIRED: ("Expired", ""),
    BookingStatus.NO_SHOW_LEARNER: ("The learner did not come", ""),
    BookingStatus.NO_SHOW_MENTOR: ("The mentor did not come", ""),
}


def form_data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def viewer_zone(request: HttpRequest) -> str:
    """Times are shown in the viewer's zone (core.timezones: the account's, else the browser's)."""
    return timezones.viewer_zone(request)


def other_zone(booking: Booking, party: str | None) -> str:
    """The other person's zone, for their local time alongside the viewer's."""
    if party == "learner":
        return mentor_zone(booking.mentor)
    if party == "mentor":
        return timezones.normalize(booking.learner.timezone) or timezones.DEFAULT
    return ""


def local_time(moment: datetime, zone: str) -> str:
    return f"{moment.astimezone(zoneinfo.ZoneInfo(zone)):%A %-d %B %Y, %H:%M}"


def credits_text(count: int) -> str:
    return f"{count} credit{'s' if count != 1 else ''}"


def back_url(request: HttpRequest, fallback: str) -> str:
    url = request.POST.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return fallback


def detail_url(booking_id) -> str:
    return reverse("bookings:detail", args=[booking_id])


def checkout_url(booking: Booking, payment) -> str:
    """The checkout page of a hold's card payment, coming back to the booking."""
    return reverse("payments:checkout", args=[payment.pk]) + f"?next={detail_url(booking.pk)}"


def decorate(booking: Booking) -> Booking:
    booking.status_label, booking.status_tone = STATUS_LABELS.get(booking.status, (booking.status, ""))
    return booking


def booking_or_404(request: HttpRequest, booking_id) -> Booking:
    try:
        return decorate(selectors.booking_get_for_user(user=request.user, booking_id=booking_id))
    except DomainError:
        raise Http404("No such booking") from None


@dataclass
class PayOptions:
    methods: list[tuple[str, str]]
    packages: list[tuple[str, str]]
    balance: int
    free: bool


def _usable_packages(
    *, learner, mentor: MentorProfile, duration: int, now: datetime
) -> list[tuple[str, str]]:
    """The learner's packages that can pay for this session (payments checks again on use)."""
    found = payment_selectors.package_purchases_for(user=learner, status=PackagePurchaseStatus.ACTIVE).filter(
        mentor=mentor, duration_minutes=duration, sessions_remaining__gt=0, expires_at__gt=now
    )
    return [
        (
            str(p.pk),
            f"{p.name}: {p.sessions_remaining} of {p.sessions_total} sessions left, "
            f"until {p.expires_at:%-d %B %Y}",
        )
        for p in found
    ]


def pay_options(
    *, learner, mentor, duration: int, prices: list[tuple[Decimal | None, str, int]], now: datetime
) -> PayOptions:
    """`prices`: (amount, currency, credits) of each session the learner can pick here."""
    balance = payment_selectors.wallet_for(user=learner).balance
    packages = _usable_packages(learner=learner, mentor=mentor, duration=duration, now=now)
    if prices and all(amount is not None and amount == 0 for amount, _, _ in prices):
        return PayOptions(methods=[], packages=[], balance=balance, free=True)
    single = prices[0] if len(prices) == 1 else None
    methods = []
    if any(amount is not None for amount, _, _ in prices):
        methods.append(("card", f"Card, {format_money(single[0], single[1])}" if single else "Card"))
    methods.append(
        (
            "credits",
            f"Credits: this session costs {credits_text(single[2])}, you have {balance}"
            if single
            else f"Credits (you have {balance})",
        )
    )
    if packages:
        methods.append(("package", forms.PAYMENT_LABELS["package"]))
    return PayOptions(methods=methods, packages=packages, balance=balance, free=False)


def after_booking(request: HttpRequest, booking: Booking, payment) -> HttpResponse:
    """Card: on to the checkout page, which comes back to the booking. Credits, a package or a
    free session are paid already: straight to the booking, with what happens next."""
    detail = detail_url(booking.pk)
    if payment is not None and not payment.is_paid:
        return redirect(reverse("payments:checkout", args=[payment.pk]) + f"?next={detail}")
    name = booking.mentor.user.display_name
    if booking.status == BookingStatus.CONFIRMED:
        messages.success(request, f"Your session with {name} is booked and confirmed.")
    elif booking.status == BookingStatus.PENDING:
        deadline = local_time(booking.confirm_by, viewer_zone(request)) if booking.confirm_by else "the start"
        messages.success(request, f"Your request is sent to {name}, who answers by {deadline}.")
    else:
        messages.success(request, f"Your session with {name} is booked.")
    return redirect(detail)


def act(request: HttpRequest, booking_id, run, *, done: str) -> HttpResponse:
    """Run one service call for the booking; its error becomes a message on the page it came
    from (a stranger's booking is a 404, as everywhere)."""
    try:
        run()
    except NotFound:
        raise Http404("No such booking") from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(back_url(request, detail_url(booking_id)))
