"""analytics pages: dashboards."""

from django.urls import path

from analytics.views import pages

urlpatterns = [
    path("analytics/me/", pages.my_progress, name="progress"),
    path("analytics/me/mentor-stats/", pages.my_mentor_stats, name="mentor-stats"),
    path("analytics/me/mentor-stats/charts/<slug:name>.svg", pages.my_mentor_chart, name="mentor-chart"),
    path("analytics/staff/charts/<slug:name>.svg", pages.staff_chart, name="staff-chart"),
]
