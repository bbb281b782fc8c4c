"""API routes: the onboarding interview, the AI profile and spoken clips (issue 18)."""

from django.urls import path

from accounts.api.views import speech

urlpatterns = [
    path("speech/<uuid:id>", speech.SpeechClipView.as_view(), name="speech-clip"),
]
