"""assistant's routes of API.md, one module per part."""

from django.urls import include, path

urlpatterns = [
    path("", include("assistant.api.urls_agent")),
]
