"""analytics API routes: dashboards (API.md §9)."""

from django.urls import path

from analytics.api import views

urlpatterns = [
    path("analytics/me/dashboard", views.DashboardView.as_view(), name="analytics-dashboard"),
    path("analytics/me/activity", views.ActivityView.as_view(), name="analytics-activity"),
    path("analytics/me/mentor-stats", views.MentorStatsView.as_view(), name="analytics-mentor-stats"),
    path("staff/dashboard/stats", views.StaffStatsView.as_view(), name="staff-dashboard-stats"),
    path(
        "staff/dashboard/recent-activities",
        views.RecentActivitiesView.as_view(),
        name="staff-dashboard-recent-activities",
    ),
    path(
        "staff/dashboard/upcoming-sessions",
        views.UpcomingSessionsView.as_view(),
        name="staff-dashboard-upcoming-sessions",
    ),
    path(
        "staff/dashboard/session-metrics",
        views.SessionMetricsView.as_view(),
        name="staff-dashboard-session-metrics",
    ),
    path(
        "staff/dashboard/subject-distribution",
        views.SubjectDistributionView.as_view(),
        name="staff-dashboard-subject-distribution",
    ),
    path(
        "staff/dashboard/monthly-revenue",
        views.MonthlyRevenueView.as_view(),
        name="staff-dashboard-monthly-revenue",
    ),
    path("staff/dashboard/user-growth", views.UserGrowthView.as_view(), name="staff-dashboard-user-growth"),
]
