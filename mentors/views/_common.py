"""What the mentors pages share: the viewer's zone, the own profile, a public mentor, the way back."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.forms import Form
from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from accounts import reference
from accounts.forms import add_domain_error
from core import timezones
from core.errors import DomainError
from mentors import selectors
from mentors.errors import MentorProfileNotFound
from mentors.models import MentorProfile

PAGE_SIZE = 12


def form_data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def viewer_time_zone(request: HttpRequest) -> str:
    """Times are shown in the signed-in user's zone, else the one a visitor asked for (?tz=),
    else the browser's (core.timezones), else UTC."""
    if not request.user.is_authenticated and reference.normalize_time_zone(request.GET.get("tz", "")):
        return request.GET["tz"].strip()
    return timezones.viewer_zone(request)


def back_url(request: HttpRequest, fallback: str) -> str:
    url = request.POST.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return fallback


def form_saved(form: Form, save: Callable[[], object]) -> bool:
    """Whether a bound form is valid and its one service call, `save()`, went through. A service's
    DomainError lands on the form (accounts.forms.add_domain_error) and counts as not saved."""
    if not form.is_valid():
        return False
    try:
        save()
    except DomainError as error:
        add_domain_error(form, error)
        return False
    return True


def own_profile(request: HttpRequest) -> MentorProfile | None:
    return selectors.mentor_get_for_owner(user=request.user)


def public_mentor(mentor_id: uuid.UUID) -> MentorProfile:
    try:
        return selectors.mentor_public_get(mentor_id=mentor_id)
    except MentorProfileNotFound:
        raise Http404("No such mentor") from None


def mentor_zone(mentor: MentorProfile) -> str:
    """The zone a mentor's week is in: their schedule's, else their account's."""
    schedule = getattr(mentor, "schedule", None)
    return (
        timezones.normalize(getattr(schedule, "timezone", ""))
        or timezones.normalize(mentor.user.timezone)
        or timezones.DEFAULT
    )


def time_zone_suggestions() -> list[str]:
    return timezones.picker_names()
