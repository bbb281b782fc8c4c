"""Site pages of events: the list (filters, location text, "near me"), an event with RSVP and
its .ics file. Thin: each parses, calls one service or selector, and renders."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from community.api.views_events import ics_response
from community.errors.events import EventFull
from community.models.events import EventType, RSVPStatus
from community.selectors import events as selectors
from community.services import events as services
from core.errors import DomainError
from core.security_headers import permissions_policy
from learning import markdown
from mentors.models import Category


class EventFilterForm(forms.Form):
    type = forms.ChoiceField(required=False, choices=[("", "Any type"), *EventType.choices])
    category_id = forms.ModelChoiceField(
        required=False,
        queryset=Category.objects.filter(parent__isnull=True),
        empty_label="Any category",
        label="Category",
    )
    online = forms.ChoiceField(
        required=False,
        choices=[("", "Online or in person"), ("true", "Online"), ("false", "In person")],
        label="Where",
    )
    start = forms.DateField(
        required=False, label="From (date)", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(required=False, label="To (date)", widget=forms.DateInput(attrs={"type": "date"}))
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, label="Latitude")
    lng = forms.FloatField(required=False, min_value=-180, max_value=180, label="Longitude")
    radius_km = forms.FloatField(
        required=False, min_value=0.1, max_value=200, initial=25, label="Within (km)"
    )

    def clean(self):
        data = super().clean()
        given = [data.get(name) is not None for name in ("lat", "lng")]
        if any(given) and not all(given):
            raise forms.ValidationError("Give both latitude and longitude, or use “Near me”.")
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end date must not be before the start date.")
        return data


def event_list_page(request):
    form = EventFilterForm(request.GET or None)
    filters = {}
    near = False
    if form.is_valid():
        data = form.cleaned_data
        near = data["lat"] is not None and data["lng"] is not None
        filters = {
            "type": [data["type"]] if data["type"] else None,
            "category_id": data["category_id"].pk if data["category_id"] else None,
            "online": {"true": True, "false": False}.get(data["online"]),
            "starts_from": data["start"],
            "starts_to": data["end"],
        }
        if near:
            filters.update(lat=data["lat"], lng=data["lng"], radius_km=data["radius_km"] or 25)
    page = Paginator(selectors.event_list(user=request.user, **filters), 20).get_page(request.GET.get("page"))
    response = render(
        request,
        "community/events/list.html",
        {"form": form, "page": page, "near": near, "may_host": services.may_host_somewhere(request.user)},
    )
    # The one page that asks for the browser's location ("Near me"): every other page keeps
    # geolocation off (core.security_headers); this page's own origin only.
    response["Permissions-Policy"] = permissions_policy(geolocation="(self)")
    return response


def _event(request, event_id):
    event = selectors.event_get(user=request.user, event_id=event_id)
    if event is None:
        raise Http404
    return event


def event_page(request, event_id):
    event = _event(request, event_id)
    user = request.user
    return render(
        request,
        "community/events/detail.html",
        {
            "event": event,
            "description": markdown.render(event.description),
            "may_see_link": selectors.may_see_link(event, user),
            "waitlist_position": selectors.waitlist_position(event, user) if user.is_authenticated else None,
            "can_edit": services.may_edit(user, event),
            "spots_left": selectors.spots_left(event),
            "answers": [
                (RSVPStatus.GOING, "Going"),
                (RSVPStatus.INTERESTED, "Interested"),
                (RSVPStatus.NOT_GOING, "Not going"),
            ],
        },
    )


@login_required
@require_POST
def event_rsvp_page(request, event_id):
    status = request.POST.get("status", "")
    if status not in (RSVPStatus.GOING, RSVPStatus.INTERESTED, RSVPStatus.NOT_GOING):
        messages.error(request, "Choose going, interested or not going.")
        return redirect("community:event", event_id)
    try:
        rsvp = services.rsvp_set(
            event_id=event_id,
            user=request.user,
            status=status,
            join_waitlist=request.POST.get("join_waitlist") == "1",
        )
    except EventFull:
        messages.error(request, "This event is full. You can join the waitlist instead.")
    except DomainError as error:
        if error.status_code == 404:
            raise Http404 from None
        messages.error(request, error.message)
    else:
        text = {
            RSVPStatus.GOING: "You're going.",
            RSVPStatus.WAITLISTED: "You're on the waitlist. We'll tell you when a place opens.",
            RSVPStatus.INTERESTED: "Saved: interested.",
            RSVPStatus.NOT_GOING: "Saved: not going.",
        }[rsvp.status]
        messages.success(request, text)
    return redirect(reverse("community:event", args=[event_id]) + "#rsvp")


def event_ics_page(request, event_id):
    return ics_response(_event(request, event_id), request.user)
