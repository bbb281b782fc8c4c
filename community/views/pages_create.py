"""The pages that start something: "Start a group" (mentors and staff). Thin: each parses its
form, calls the same service as the API, and renders; the service's errors land on their fields."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts.forms import add_domain_error
from community.services import groups as group_services
from community.views.forms_groups import GroupForm
from core.errors import DomainError
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
