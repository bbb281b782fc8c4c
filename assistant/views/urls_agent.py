"""assistant pages: agent."""

from django.urls import path

from assistant.views import pages

urlpatterns = [
    path("assistant/", pages.assistant_page, name="page"),
    path("assistant/start", pages.agent_start, name="start"),
    path("assistant/command", pages.command, name="command"),
    path("assistant/settings", pages.settings_save, name="settings"),
]
