"""analytics's routes of API.md, one module per part."""

from django.urls import include, path

urlpatterns = [
    path("", include("analytics.api.urls_dashboards")),
    path("", include("analytics.api.urls_integrity")),
]
