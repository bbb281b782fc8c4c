"""analytics' site pages: your progress (the learner dashboard and timeline), your statistics as
a mentor, and the SVG charts those pages and the admin index show. Each view calls the same
selectors as the API."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from analytics import charts
from analytics.selectors import mentor_page, personal, staff, staff_home, timeline
from core.timezones import user_zone
from mentors import selectors as mentor_selectors
from mentors.models import MentorStatus

TIMELINE_PAGE = 20


def svg_response(svg: bytes) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml")
    # Set here, so the site's policy (which would block the chart's own <style>) is not added.
    response["Content-Security-Policy"] = charts.SVG_POLICY
    response["Cache-Control"] = "private, max-age=300"
    return response


def approved_profile(request):
    profile = mentor_selectors.mentor_get_for_owner(user=request.user)
    if profile is None or profile.status != MentorStatus.APPROVED:
        raise PermissionDenied("Only approved mentors have statistics.")
    return profile


@require_GET
@login_required
def my_progress(request):
    user = request.user
    rows = timeline.activity_for(user=user, zone=user_zone(user))
    page = Paginator(rows, TIMELINE_PAGE).get_page(request.GET.get("page"))
    for item in page.object_list:
        item["label"] = mentor_page.ACTIVITY_LABELS.get(item["a_type"], item["a_type"])
    dashboard = personal.learner_dashboard(user=user)
    # The dashboard's earnings are there exactly when the user has a mentor profile.
    return render(
        request,
        "analytics/progress.html",
        {"dashboard": dashboard, "page": page, "is_mentor": dashboard["earnings"] is not None},
    )


@require_GET
@login_required
def my_mentor_stats(request):
    profile = approved_profile(request)
    stats = mentor_page.stats_for_page(profile)
    return render(request, "analytics/mentor_stats.html", {"stats": stats, **mentor_page.tables(stats)})


@require_GET
@login_required
def my_mentor_chart(request, name: str):
    profile = approved_profile(request)
    if name not in mentor_page.MENTOR_CHARTS:
        raise Http404("No such chart.")
    return svg_response(mentor_page.chart_svg(name=name, stats=mentor_page.stats_for_chart(profile)))


@require_GET
@staff_member_required
def staff_chart(request, name: str):
    if name not in staff_home.BUILDERS:
        raise Http404("No such chart.")
    return svg_response(staff_home.chart_svg(name=name, zone=staff.zone_of(request.user)))
