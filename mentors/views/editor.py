"""The mentor's own profile page: edit profile and topics, add and delete sessions, submit."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from mentors import forms, selectors, services
from mentors.models import MentorProfile
from mentors.views._common import back_url, form_saved, own_profile


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


def _save_own(
    request: HttpRequest,
    *,
    form_class: type[Form],
    form_name: str,
    save: Callable[[MentorProfile, Form], object],
    success: str,
    to: str,
) -> HttpResponse:
    """What every form on the "my mentor profile" page does with its POST: bind the form to the
    caller's own profile, make its one service call, then say `success` (formatted with the
    cleaned data) and go to `to`; else show the page again with this form's errors."""
    mentor = own_profile(request)
    if mentor is None:
        return redirect("mentors:apply", step="basics")
    form = form_class(request.POST)
    if form_saved(form, lambda: save(mentor, form)):
        messages.success(request, success.format(**form.cleaned_data))
        return redirect(to)
    return _render_me_with(request, mentor, **{form_name: form})


@login_required
@require_POST
def my_profile_save(request: HttpRequest) -> HttpResponse:
    return _save_own(
        request,
        form_class=forms.ProfileEditForm,
        form_name="profile_form",
        save=lambda mentor, form: services.mentor_update(mentor=mentor, **form.cleaned_data),
        success="Your profile is saved.",
        to=reverse("mentors:me"),
    )


@login_required
@require_POST
def my_topics_save(request: HttpRequest) -> HttpResponse:
    return _save_own(
        request,
        form_class=forms.TopicsForm,
        form_name="topics_form",
        save=lambda mentor, form: services.mentor_update(mentor=mentor, **form.service_data()),
        success="Your topics are saved.",
        to=back_url(request, reverse("mentors:me")),
    )


@login_required
@require_POST
def my_service_add(request: HttpRequest) -> HttpResponse:
    return _save_own(
        request,
        form_class=forms.ServiceForm,
        form_name="service_form",
        save=lambda mentor, form: services.service_create(mentor=mentor, **form.cleaned_data),
        success="“{title}” is added to your sessions.",
        to=reverse("mentors:me") + "#sessions",
    )


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
