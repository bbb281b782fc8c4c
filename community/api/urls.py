"""community's routes of API.md, one module per part."""

from django.urls import include, path

urlpatterns = [
    path("", include("community.api.urls_groups")),
    path("", include("community.api.urls_events")),
]
