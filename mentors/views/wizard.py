"""The application wizard that takes a new mentor from the basics to review."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mentors import forms, selectors, services
from mentors.models import MentorProfile, MentorStatus
from mentors.views._common import form_data, form_saved, own_profile, time_zone_suggestions
from mentors.views.editor import profile_initial, topics_initial

WIZARD_STEPS = [
    ("basics", "About you"),
    ("topics", "What you teach"),
    ("availability", "Weekly hours"),
    ("review", "Review and submit"),
]


def _wizard_context(step: str, mentor: MentorProfile | None) -> dict:
    index = [name for name, _ in WIZARD_STEPS].index(step)
    return {
        "steps": WIZARD_STEPS,
        "step": step,
        "step_number": index + 1,
        "step_title": WIZARD_STEPS[index][1],
        "previous_step": WIZARD_STEPS[index - 1][0] if index else None,
        "mentor": mentor,
    }


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, step: str) -> HttpResponse:
    if step not in dict(WIZARD_STEPS):
        raise Http404("No such step")
    mentor = own_profile(request)
    if mentor is None and step != "basics":
        return redirect("mentors:apply", step="basics")
    if mentor is not None and mentor.status in {MentorStatus.PENDING_APPROVAL, MentorStatus.APPROVED}:
        return redirect("mentors:me")
    handler = {"basics": _apply_basics, "topics": _apply_topics, "availability": _apply_availability}.get(
        step, _apply_review
    )
    return handler(request, mentor, _wizard_context(step, mentor))


def _step(
    request: HttpRequest, context: dict, form: Form, save: Callable[[], object], *, next_step: str, **extra
) -> HttpResponse:
    """A wizard step with a form: on to `next_step` once the form is valid and `save()` went
    through; else the step again with the form (and its errors) and `extra`."""
    if form_saved(form, save):
        return redirect("mentors:apply", step=next_step)
    return render(request, "mentors/apply.html", {**context, "form": form, **extra})


def _apply_basics(request: HttpRequest, mentor: MentorProfile | None, context: dict) -> HttpResponse:
    if mentor is None:
        initial = {
            "currency": request.user.currency,
            "years_of_experience": 0,
            "languages": request.user.preferred_language[:2],
        }
    else:
        initial = profile_initial(mentor)
    form = forms.ProfileBasicsForm(form_data(request), initial=initial)

    def save():
        if mentor is None:
            return services.mentor_apply(user=request.user, **form.cleaned_data)
        return services.mentor_update(mentor=mentor, **form.cleaned_data)

    return _step(request, context, form, save, next_step="topics")


def _apply_topics(request: HttpRequest, mentor: MentorProfile, context: dict) -> HttpResponse:
    mentor = selectors.mentor_private_get(mentor_id=mentor.pk)
    form = forms.TopicsForm(form_data(request), initial=topics_initial(mentor))
    return _step(
        request,
        context,
        form,
        lambda: services.mentor_update(mentor=mentor, **form.service_data()),
        next_step="availability",
    )


def _apply_availability(request: HttpRequest, mentor: MentorProfile, context: dict) -> HttpResponse:
    schedule = selectors.schedule_for_mentor(mentor=mentor)
    form = forms.AvailabilityForm(
        form_data(request),
        initial=forms.AvailabilityForm.initial_for(schedule, timezone=request.user.timezone),
    )
    return _step(
        request,
        context,
        form,
        lambda: services.schedule_replace(mentor=mentor, **form.schedule_data(schedule)),
        next_step="review",
        time_zones=time_zone_suggestions(),
    )


def _apply_review(request: HttpRequest, mentor: MentorProfile, context: dict) -> HttpResponse:
    mentor = selectors.mentor_private_get(mentor_id=mentor.pk)
    return render(
        request,
        "mentors/apply.html",
        {
            **context,
            "mentor": mentor,
            "missing": services.missing_for_review(mentor),
            "schedule": selectors.schedule_for_mentor(mentor=mentor),
        },
    )
