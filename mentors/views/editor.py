"""The mentor's own profile page: edit profile and topics, add and delete sessions, submit."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.forms import add_domain_error
from core.errors import DomainError
from mentors import forms, selectors, services
from mentors.models import MentorProfile
from mentors.views._common import (
    back_url,
    own_profile,
)


@login_required
@never_cache
@require_GET
def my_profile(request: HttpRequest) -> HttpResponse:
    mentor = own_profile(request)
    if mentor is None:
        return redirect("mentors:apply", step="basics")
    return render(request, "mentors/me.html", _me_context(mentor))


def profile_initial(mentor: MentorProfile) -> dict:
    initial = {
        name: getattr(mentor, name) for name in forms.ProfileEditForm.base_fields if name != "languages"
    }
    initial["languages"] = ", ".join(mentor.languages or [])
    return initial


def topics_initial(mentor: MentorProfile) -> dict:
    return {
        "subcategories": [str(c.pk) for c in mentor.categories.all() if c.parent_id],
        "subject_ids": [str(s.pk) for s in mentor.subjects.all()],
        "skills": ", ".join(s.name for s in mentor.skills.all()),
    }


def _me_context(mentor: MentorProfile, **bound) -> dict:
    """The "my mentor profile" page; `bound` replaces a blank form with one that has errors."""
    mentor = selectors.mentor_private_get(mentor_id=mentor.pk)
    return {
        "mentor": mentor,
        "missing": services.missing_for_review(mentor),
        "services": selectors.services_for_owner(mentor=mentor),
        "profile_form": forms.ProfileEditForm(initial=profile_initial(mentor)),
        "topics_form": forms.TopicsForm(initial=topics_initial(mentor)),
        "service_form": forms.ServiceForm(),
        **bound,
    }


def _render_me_with(request: HttpRequest, mentor: MentorProfile, **bound) -> HttpResponse:
    return render(request, "mentors/me.html", _me_context(mentor, **bound), status=400)


@login_required
@require_POST
def my_profile_save(request: HttpRequest) -> HttpResponse:
    mentor = own_profile(request)
    if mentor is None:
        return redirect("mentors:apply", step="basics")
    form = forms.ProfileEditForm(request.POST)
    if form.is_valid():
        try:
            services.mentor_update(mentor=mentor, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("mentors:me")
    return _render_me_with(request, mentor, profile_form=form)


@login_required
@require_POST
def my_topics_save(request: HttpRequest) -> HttpResponse:
    mentor = own_profile(request)
    if mentor is None:
        return redirect("mentors:apply", step="basics")
    form = forms.TopicsForm(request.POST)
    if form.is_valid():
        try:
            services.mentor_update(mentor=mentor, **form.service_data())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your topics are saved.")
            return redirect(back_url(request, reverse("mentors:me")))
    return _render_me_with(request, mentor, topics_form=form)


@login_required
@require_POST
def my_service_add(request: HttpRequest) -> HttpResponse:
    mentor = own_profile(request)
    if mentor is None:
        return redirect("mentors:apply", step="basics")
    form = forms.ServiceForm(request.POST)
    if form.is_valid():
        try:
            services.service_create(mentor=mentor, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"“{form.cleaned_data['title']}” is added to your sessions.")
            return redirect(reverse("mentors:me") + "#sessions")
    return _render_me_with(request, mentor, service_form=form)


@login_required
@require_POST
def my_service_delete(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    mentor = own_profile(request)
    try:
        # Scoped to the caller's own profile: another mentor's session is a 404, never deleted.
        service = selectors.service_get_for_owner(mentor=mentor, service_id=service_id)
    except DomainError:
        raise Http404("No such session") from None
    deleted = services.service_delete(service=service)
    messages.success(
        request,
        f"“{service.title}” is deleted."
        if deleted
        else f"“{service.title}” has bookings, so it is switched off instead.",
    )
    return redirect(reverse("mentors:me") + "#sessions")


@login_required
@require_POST
def my_submit(request: HttpRequest) -> HttpResponse:
    mentor = own_profile(request)
    if mentor is None:
        return redirect("mentors:apply", step="basics")
    try:
        services.mentor_submit(mentor=mentor)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back_url(request, reverse("mentors:me")))
    messages.success(request, "Thank you: your profile is with our team for review. We will let you know.")
    return redirect("mentors:me")
