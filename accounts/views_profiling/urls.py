"""Pages: the onboarding interview and the AI profile (issue 18)."""

from django.urls import path

from accounts.views_profiling import views

urlpatterns = [
    path("onboarding/interview/", views.interview, name="interview"),
    path("onboarding/interview/start/", views.interview_start, name="interview-start"),
    path("onboarding/interview/answer/", views.interview_answer, name="interview-answer"),
    path("onboarding/interview/complete/", views.interview_complete, name="interview-complete"),
    path("onboarding/profile/", views.ai_profile, name="ai-profile"),
    path("onboarding/profile/edit/", views.ai_profile_edit, name="ai-profile-edit"),
]
