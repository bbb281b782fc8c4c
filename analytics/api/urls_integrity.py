"""analytics API routes: integrity (API.md §10)."""

from django.urls import path

from analytics.api import integrity

urlpatterns = [
    path("staff/integrity", integrity.IntegrityReportView.as_view(), name="staff-integrity"),
    path("staff/integrity/repair", integrity.IntegrityRepairView.as_view(), name="staff-integrity-repair"),
]
