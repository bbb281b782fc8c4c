"""analytics' API rows of API.md §9: each view parses, calls one selector and renders."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsStaff
from analytics.api import filters
from analytics.api import serializers as s
from analytics.selectors import personal, staff, timeline
from core.api import ListView, parsed
from core.schema import ERRORS
from core.timezones import user_zone
from mentors.permissions import IsMentor

ANALYTICS = ["analytics"]
STAFF = ["staff"]


# --- the caller's own -------------------------------------------------------------------------


class DashboardView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=ANALYTICS,
        summary="Your dashboard",
        description="Your sessions, hours, courses, streak, points and level; your paths; your "
        "earnings when you have a mentor profile (null otherwise); and next steps from your own "
        "learning paths (the next milestone, a mentor recommended for it).",
        responses={200: s.DashboardOut, **ERRORS(401)},
    )
    def get(self, request):
        return Response(s.DashboardOut(personal.learner_dashboard(user=request.user)).data)


class ActivityView(ListView):
    permission_classes = [IsAuthenticated]
    serializer_class = s.ActivityOut
    filterset_class = filters.ActivityFilters

    @extend_schema(
        tags=ANALYTICS,
        summary="Your activity timeline",
        description="Newest first. `from` and `to` are days in your time zone, both included.",
        responses={200: s.ActivityOut(many=True), **ERRORS(400, 401)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def rows(self, **filters):
        user = self.request.user
        return timeline.activity_for(user=user, zone=user_zone(user), **filters)


class MentorStatsView(APIView):
    permission_classes = [IsMentor]

    @extend_schema(
        tags=ANALYTICS,
        summary="Your statistics as a mentor",
        description="Sessions by outcome, hours taught, rating (average, monthly trend, "
        "distribution), repeat learners, profile views against bookings over the last 30 days, "
        "median time to your first reply and earnings per currency. Mentors only (403 otherwise).",
        responses={200: s.MentorStatsOut, **ERRORS(401, 403)},
    )
    def get(self, request):
        return Response(s.MentorStatsOut(personal.mentor_stats(profile=request.mentor_profile)).data)


# --- staff ------------------------------------------------------------------------------------


class StaffView(APIView):
    permission_classes = [IsStaff]


class StaffStatsView(StaffView):
    @extend_schema(
        tags=STAFF,
        summary="Dashboard: platform totals",
        description="Cached up to five minutes. Revenue this month is net of refunds, in your time "
        "zone's calendar month, converted to the base currency with the staff-kept rates.",
        responses={200: s.StaffStatsOut, **ERRORS(401, 403)},
    )
    def get(self, request):
        return Response(s.StaffStatsOut(staff.dashboard_stats(zone=staff.zone_of(request.user))).data)


class RecentActivitiesView(ListView):
    permission_classes = [IsStaff]
    serializer_class = s.RecentActivityOut
    filterset_class = filters.RecentActivityFilters

    @extend_schema(
        tags=STAFF,
        summary="Dashboard: recent platform events",
        description="Sign-ups, bookings, payments, mentor approvals and community reports, newest first (the newest 1,000 of each kind).",
        responses={200: s.RecentActivityOut(many=True), **ERRORS(400, 401, 403)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def rows(self, **filters):
        return staff.recent_activities(types=filters.get("type"))


class UpcomingSessionsView(ListView):
    permission_classes = [IsStaff]
    serializer_class = s.UpcomingSessionOut
    filterset_class = filters.UpcomingFilters

    @extend_schema(
        tags=STAFF,
        summary="Dashboard: upcoming confirmed sessions",
        responses={200: s.UpcomingSessionOut(many=True), **ERRORS(400, 401, 403)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def rows(self, **filters):
        return staff.upcoming_sessions()


class SessionMetricsView(StaffView):
    @extend_schema(
        tags=STAFF,
        summary="Dashboard: session metrics",
        description="Sessions starting from `from` to `to` (days in your time zone, both included; "
        "the last 30 days by default). `no_show_rate` = no-shows of either side over sessions "
        "that were due (completed or no-show). Cached up to five minutes.",
        parameters=[s.PeriodIn],
        responses={200: s.SessionMetricsOut, **ERRORS(400, 401, 403)},
    )
    def get(self, request):
        period = parsed(s.PeriodIn, request.query_params)
        zone = staff.zone_of(request.user)
        first, last = staff.period(zone=zone, first=period.get("from"), last=period.get("to"))
        return Response(s.SessionMetricsOut(staff.session_metrics(zone=zone, first=first, last=last)).data)


class SubjectDistributionView(ListView):
    permission_classes = [IsStaff]
    serializer_class = s.SubjectShareOut
    filterset_class = filters.SubjectDistributionFilters

    @extend_schema(
        tags=STAFF,
        summary="Dashboard: bookings per subject and category",
        description="Booked sessions (optionally starting from `from` to `to`), most booked first; "
        "`share` is of all of them. Cached up to five minutes.",
        responses={200: s.SubjectShareOut(many=True), **ERRORS(400, 401, 403)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def rows(self, **filters):
        return staff.subject_distribution(zone=staff.zone_of(self.request.user), **filters)


class MonthlyRevenueView(StaffView):
    @extend_schema(
        tags=STAFF,
        summary="Dashboard: monthly revenue",
        description="For each of the last `months` (1-24, default 6) calendar months in your time "
        "zone: gross (successful payments, by the month paid), refunds (by the month each went "
        "through), platform fees net of refunded fees, and net = gross - refunds; per currency, "
        "and converted to the base currency with the staff-kept exchange rates (each rate's date "
        "shown). Cached up to five minutes.",
        parameters=[s.MonthsIn],
        responses={200: s.MonthlyRevenueOut, **ERRORS(400, 401, 403)},
    )
    def get(self, request):
        months = parsed(s.MonthsIn, request.query_params).get("months", 6)
        body = staff.monthly_revenue(zone=staff.zone_of(request.user), months=months)
        return Response(s.MonthlyRevenueOut(body).data)


class UserGrowthView(StaffView):
    @extend_schema(
        tags=STAFF,
        summary="Dashboard: user growth",
        description="For each of the last `months` (1-24, default 6) calendar months in your time "
        "zone: accounts that joined, mentors approved, and live accounts at the month's end "
        "(for this month: so far). Cached up to five minutes.",
        parameters=[s.MonthsIn],
        responses={200: s.UserGrowthOut, **ERRORS(400, 401, 403)},
    )
    def get(self, request):
        months = parsed(s.MonthsIn, request.query_params).get("months", 6)
        zone = staff.zone_of(request.user)
        body = {
            "months": months,
            "timezone": zone.key,
            "by_month": staff.user_growth(zone=zone, months=months),
        }
        return Response(s.UserGrowthOut(body).data)
