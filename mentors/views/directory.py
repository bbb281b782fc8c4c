"""Pages that list mentors: the directory, recommendations and the learner's favourites."""

from __future__ import annotations

import uuid
from contextlib import suppress

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core import exchange
from mentors import forms, matching, search, selectors, services
from mentors.errors import MentorProfileNotFound
from mentors.views._common import (
    PAGE_SIZE,
    back_url,
    public_mentor,
    viewer_time_zone,
)

RECOMMENDED = 12


CURRENCY_COOKIE_SECONDS = 365 * 24 * 3600


def _viewer_zone(request: HttpRequest) -> str:
    """The zone the site activated for this viewer (its time-zone middleware), else the page's
    own rule (the account's zone, ?tz=, UTC)."""
    active = timezone.get_current_timezone_name()
    return active if active != settings.TIME_ZONE else viewer_time_zone(request)


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("currency", "")
    currency = exchange.viewer_currency(request, asked=chosen)
    form = forms.DirectoryFilterForm(request.GET, currencies=exchange.currencies(), viewer_currency=currency)
    zone = _viewer_zone(request)
    # A bad value (a price of "abc") shows its error and leaves that filter out; the rest apply.
    filters = search.MentorFilters(**form.filters(), timezone=zone, currency=currency)
    results = search.with_cached_count(search.mentor_search(filters=filters), filters)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "cards": search.card_context(mentors=list(page.object_list), viewer=request.user, currency=currency),
        "viewer_tz": zone,
        "query_string": form.query_string(),
    }
    template = "mentors/includes/results.html" if request.htmx else "mentors/directory.html"
    response = render(request, template, context)
    if chosen and chosen.upper() == currency and request.COOKIES.get(exchange.COOKIE) != currency:
        # A visitor's choice is remembered (a signed-in user's account setting still comes first).
        response.set_cookie(exchange.COOKIE, currency, max_age=CURRENCY_COOKIE_SECONDS, samesite="Lax")
    return response


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


@login_required
@require_POST
def favorite_toggle(request: HttpRequest, mentor_id: uuid.UUID) -> HttpResponse:
    mentor = public_mentor(mentor_id)
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
            {"mentor": mentor, "is_favorite": adding, "announce": True, "next_url": back_url(request, "")},
        )
    name = mentor.user.display_name
    messages.success(
        request,
        f"{name} is saved to your favourites." if adding else f"{name} is removed from your favourites.",
    )
    return redirect(back_url(request, reverse("mentors:profile", args=[mentor.pk])))


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
