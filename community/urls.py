"""Site pages of community, one module per part."""

from django.urls import include, path

app_name = "community"

urlpatterns = [
    path("", include("community.views.urls_groups")),
    path("", include("community.views.urls_events")),
]
