"""The pages that start something: "Start a group" (mentors and staff) and "Host an event"
(mentors, staff, and a group's owner or moderators for that group). Thin: each parses its form,
calls the same service as the API, and renders; the service's errors land on their fields."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts.forms import add_domain_error
from community.services import events as event_services
from community.services import groups as group_services
from community.views.forms_events import EventForm
from community.views.forms_groups import GroupForm
from core.errors import DomainError
from core.timezones import viewer_zone
from learning.services.catalogue import may_author


@login_required
@never_cache
def group_new(request):
    if not may_author(request.user):
        raise PermissionDenied("Only mentors and staff can start a group.")
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = group_services.group_create(
                user=request.user,
                name=data["name"],
                description=data["description"],
                rules=data["rules"],
                visibility=data["visibility"],
                category_id=data["category_id"].pk if data["category_id"] else None,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your group is open, with you as its owner.")
            return redirect("community:group", group.pk)
    return render(request, "community/group_form.html", {"form": form}, status=400 if form.errors else 200)


def _preselected(request, groups):
    """The group of `?group=<uuid>` if the user may host in it (a link from a group's page)."""
    try:
        group_id = uuid.UUID(request.GET.get("group", ""))
    except ValueError:
        return None
    return groups.filter(pk=group_id).first()


@login_required
@never_cache
def event_new(request):
    user = request.user
    if not event_services.may_host_somewhere(user):
        raise PermissionDenied("Only mentors, staff and a group's owner or moderators can host events.")
    groups = event_services.hostable_groups(user)
    zone = viewer_zone(request)
    preselected = _preselected(request, groups)
    form = EventForm(request.POST or None, groups=groups, zone=zone, initial={"group_id": preselected})
    if request.method == "POST" and form.is_valid():
        try:
            # An online event is held in the host's zone, the one they typed its times in.
            event = event_services.event_create(user=user, data={**form.event_data(), "timezone": zone})
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your event is up.")
            return redirect("community:event", event.pk)
    return render(
        request,
        "community/events/form.html",
        {"form": form, "group": preselected},
        status=400 if form.errors else 200,
    )
