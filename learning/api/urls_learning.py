"""Catalogue, enrollment, progress, learning paths and recommendations (API.md §6)."""

from django.urls import path

from learning.api import views

urlpatterns = [
    path("opportunities", views.OpportunityListCreateView.as_view(), name="opportunities"),
    path(
        "opportunities/recommended",
        views.RecommendedOpportunitiesView.as_view(),
        name="opportunities-recommended",
    ),
    path("opportunities/<uuid:id>", views.OpportunityDetailView.as_view(), name="opportunity"),
    path("opportunities/<uuid:id>/lessons/<uuid:lesson_id>", views.LessonDetailView.as_view(), name="lesson"),
    path("opportunities/<uuid:id>/enroll", views.EnrollView.as_view(), name="opportunity-enroll"),
    path("enrollments", views.EnrollmentListView.as_view(), name="enrollments"),
    path("enrollments/<uuid:id>/progress", views.ProgressView.as_view(), name="enrollment-progress"),
    path("enrollments/<uuid:id>/cancel", views.EnrollmentCancelView.as_view(), name="enrollment-cancel"),
    path("enrollments/<uuid:id>/rate", views.EnrollmentRateView.as_view(), name="enrollment-rate"),
    path("learning-paths", views.PathListCreateView.as_view(), name="learning-paths"),
    path("learning-paths/<uuid:id>", views.PathDetailView.as_view(), name="learning-path"),
    path(
        "learning-paths/<uuid:id>/complete-milestone",
        views.CompleteMilestoneView.as_view(),
        name="learning-path-complete-milestone",
    ),
]
