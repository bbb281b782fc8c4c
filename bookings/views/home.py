"""The home page: the welcome for visitors; for a signed-in person, their dashboard (the next
session with its join button, what waits on them, recent notifications). It lives in bookings,
the highest layer, because it reads bookings, payments and messaging together."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bookings import policy, selectors
from bookings.views._common import checkout_url, decorate, other_zone, viewer_zone


@never_cache
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home.html")
    now = timezone.now()
    board = selectors.dashboard_for(user=request.user, now=now)
    following = board.next_session
    context = {"board": board, "now": now, "viewer_tz": viewer_zone(request)}
    if following is not None:
        decorate(following)
        party = following.party_of(request.user)
        opens, closes = policy.join_window(following)
        context.update(
            next_party=party,
            next_other=following.other_party(request.user),
            next_other_tz=other_zone(following, party),
            can_join=policy.can_join(following, now=now),
            opens_at=opens,
            closes_at=closes,
        )
    for thread in board.unread_threads:
        thread.other_person = thread.other(request.user)
    for booking in board.to_pay:
        booking.pay_url = checkout_url(booking, booking.payment)
    return render(request, "dashboard.html", context)
