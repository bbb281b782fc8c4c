"""API routes: the onboarding interview, the AI profile and speech (issue 18)."""

from django.urls import path

from accounts.api.views import profiling, speech

urlpatterns = [
    path("ai-profiling/sessions", profiling.SessionsView.as_view(), name="ai-profiling-sessions"),
    path(
        "ai-profiling/sessions/<uuid:id>/answers",
        profiling.AnswersView.as_view(),
        name="ai-profiling-answers",
    ),
    path(
        "ai-profiling/sessions/<uuid:id>/complete",
        profiling.CompleteView.as_view(),
        name="ai-profiling-complete",
    ),
    path("users/me/ai-profile", profiling.MyAIProfileView.as_view(), name="users-me-ai-profile"),
    path("speech/transcriptions", profiling.TranscriptionsView.as_view(), name="speech-transcriptions"),
    path("speech/<uuid:id>", speech.SpeechClipView.as_view(), name="speech-clip"),
]
