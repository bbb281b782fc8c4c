"""assistant API routes: agent (API.md §8)."""

from django.urls import path

from assistant.api import views

urlpatterns = [
    path("agents/me", views.AgentView.as_view(), name="agent-me"),
    path("agents/me/voice-command", views.VoiceCommandView.as_view(), name="agent-voice-command"),
    path("agents/me/schedule-session", views.ScheduleSessionView.as_view(), name="agent-schedule-session"),
    path("agents/me/respond-message", views.RespondMessageView.as_view(), name="agent-respond-message"),
    path("agents/me/actions", views.ActionListView.as_view(), name="agent-actions"),
]
