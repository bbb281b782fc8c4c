"""Site pages of assistant, one module per part."""

from django.urls import include, path

app_name = "assistant"

urlpatterns = [
    path("", include("assistant.views.urls_agent")),
]
